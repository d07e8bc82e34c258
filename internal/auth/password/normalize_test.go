package password

import (
	"testing"

	"attt/internal/locale"
)

func TestVariants(t *testing.T) {
	got := variants("p@55w0rd1")
	want := [3]string{"p@55w0rd1", "passwordi", "passwordl"}
	if got != want {
		t.Errorf("variants = %q, want %q", got, want)
	}
}

func TestKeyboardWalk(t *testing.T) {
	tests := map[string]bool{
		"qwer": true, "1q2w3e4r": true, "zxcvbnm": true, "!qaz": true, "asdf": true,
		"mnbv": true, "poiu": true, "qaz": true, "qp": false, "zaq1": true, "12#$56": true, "kv": false,
	}
	for s, want := range tests {
		rs := []rune(s)
		keys := make([]keyPos, len(rs))
		for i, r := range rs {
			keys[i] = keyOf(r)
		}
		if got := walkEnd(keys, 0) == len(rs); got != want {
			t.Errorf("walk %q = %v, want %v", s, got, want)
		}
	}
}

func TestGuessable(t *testing.T) {
	l := loadLists()
	tests := []struct {
		pw   string
		want bool
	}{
		{"Matkhau@123", true},
		{"@dmin123!", true},
		{"1loveyou!A", true},
		{"1qaz2wsx@Abc", true},
		{"Toiyeuvietnam1!", true},
		{"Nguyenvanhung@1990", true},
		{"Hanoi@Vietnam2024", true},
		{"Em@Yeu1Anh", true},
		{"Zxcvbnm@1", true},
		{"Aaa@1234bbb", true},
		{"Sotttt@2024", true},
		{"Thaibinh@2025", true},
		{"123456", true},
		{"Xk9#mQ", false},
		{"kV9#mQ2!xL7@pZ", false},
		{"Tr0ng-Đồng#Sông-Hồng", false},
		{"Cây-Bàng-Già#1987-Phố", false},
		{"Mùa-Thu-Hà-Nội#1945", false},
		{"19#$82!!", false}, // no letters: the class rules refuse it
		{"", false},
	}
	for _, tt := range tests {
		if got := l.guessable(locale.Fold(tt.pw)); got != tt.want {
			t.Errorf("guessable(%q) = %v, want %v", tt.pw, got, tt.want)
		}
	}
}

func TestListsLoaded(t *testing.T) {
	l := loadLists()
	for _, w := range []string{"matkhau", "anhyeuem", "nguyen", "hungyen", "ubnd", "camau", "password", "admin", "qwerty"} {
		if !l.isWord(w) {
			t.Errorf("%q missing from the word lists", w)
		}
	}
	for _, e := range []string{"123456", "p@ssw0rd", "123456a@", "1qaz2wsx"} {
		if _, ok := l.exact[e]; !ok {
			t.Errorf("%q missing from the exact list", e)
		}
	}
}

func TestPersonalWords(t *testing.T) {
	got := personalWords([]string{"hung.nv@hungyen.gov.vn", "Nguyễn Văn Hùng", "an"})
	want := []string{"hung", "hungnv", "nguyen", "van", "hung", "nguyenvanhung"}
	seen := map[string]bool{}
	for _, w := range got {
		seen[w] = true
	}
	for _, w := range want {
		if !seen[w] {
			t.Errorf("personalWords = %q, missing %q", got, w)
		}
	}
	if seen["an"] || seen["gov"] || seen["nv"] {
		t.Errorf("personalWords = %q: short words or the email domain kept", got)
	}
}
