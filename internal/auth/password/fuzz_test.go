package password

import (
	"slices"
	"strings"
	"testing"
)

func FuzzCheck(f *testing.F) {
	for _, s := range []string{
		"Matkhau@123", "P@ssw0rd1!", "Tr0ng-Đồng#Sông-Hồng", "Xk9#mQ", passphrase64, "",
		"\x00\xff\xfe", "1q2w3e4r", strings.Repeat("a", 300), "Đo\u0302\u0300ng", "\u200b\u202e",
	} {
		f.Add(s, "hungnv", "Nguyễn Văn Hùng")
	}
	f.Add("Hung@Secure2024x", "hung.nv@hungyen.gov.vn", "")
	checkers := []*Checker{NewChecker(Default()), NewChecker(Floor())}
	f.Fuzz(func(t *testing.T, pw, login, name string) {
		for _, c := range checkers {
			vs := c.Violations(pw, login, name)
			if again := c.Violations(pw, login, name); !slices.Equal(vs, again) {
				t.Fatalf("Violations(%q) not deterministic: %v then %v", pw, vs, again)
			}
			err := c.Check(pw, login, name)
			if (err == nil) != (len(vs) == 0) {
				t.Fatalf("Check(%q) = %v but Violations = %v", pw, err, vs)
			}
			seen := map[Rule]bool{}
			for _, v := range vs {
				if seen[v.Rule] || v.Text.VI == "" || v.Text.EN == "" {
					t.Fatalf("Violations(%q): bad or repeated %+v", pw, v)
				}
				seen[v.Rule] = true
			}
		}
	})
}

func FuzzVerify(f *testing.F) {
	p := testParams()
	good, err := Hash("pw", p)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good, "pw")
	f.Add(good, "wrong")
	f.Add("$argon2id$v=19$m=65536,t=3,p=2$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g", "pw")
	f.Add("$argon2id$v=19$m=064,t=1,p=1$$", "pw")
	f.Add("$argon2id$v=19$m=4294967295,t=4294967295,p=255$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA", "")
	f.Add("$$$$$", "")
	f.Fuzz(func(t *testing.T, encoded, pw string) {
		h, err := parsePHC(encoded)
		if err != nil {
			return
		}
		// Strict parsing: an accepted string has exactly one spelling.
		if h.String() != encoded {
			t.Fatalf("parsePHC(%q) accepted a non-canonical form of %q", encoded, h.String())
		}
		if h.params.validate() != nil {
			t.Fatalf("parsePHC(%q) accepted invalid params %+v", encoded, h.params)
		}
		// Running Argon2 is left to cheap parameters so the fuzzer stays fast.
		if h.params.Memory > 1024 || h.params.Time > 2 {
			return
		}
		ok, rehash, err := Verify(pw, encoded, p)
		if err != nil || (rehash && !ok) {
			t.Fatalf("Verify(%q) = %v, %v, %v after a clean parse", encoded, ok, rehash, err)
		}
	})
}
