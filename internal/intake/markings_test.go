package intake

import (
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

func nfd(s string) string { return norm.NFD.String(s) }

func TestMarkings(t *testing.T) {
	tests := []struct {
		text string
		want Level // "" = no marking
	}{
		{"MẬT", LevelMat},
		{"  MẬT  ", LevelMat},
		{"TỐI MẬT", LevelToiMat},
		{"TỐI  MẬT", LevelToiMat},
		{"TUYỆT MẬT", LevelTuyetMat},
		{"UBND TỈNH\nMẬT\nSố: 12/QĐ-UBND", LevelMat},
		{"Số: 12/QĐ-UBND\t\tMẬT", LevelMat},
		{"Số: 12/QĐ-UBND        TỐI MẬT", LevelToiMat},
		{"| TUYỆT MẬT |", LevelTuyetMat},
		{"MẬT - KHẨN", LevelMat},
		{"TỐI MẬT, HỎA TỐC", LevelToiMat},
		{"«MẬT»", LevelMat},
		{"(TỐI MẬT)", LevelToiMat},
		{"*** MẬT ***", LevelMat},
		{"Độ mật: Mật", LevelMat},
		{"ĐỘ MẬT: TỐI MẬT", LevelToiMat},
		{"Độ mật : Tuyệt mật", LevelTuyetMat},
		{"Ðộ mật: Mật", LevelMat}, // Icelandic Eth
		{nfd("TUYỆT MẬT"), LevelTuyetMat},
		{nfd("Độ mật: Mật"), LevelMat},
		{"x\r\nMẬT\r\ny", LevelMat},
		{"trang 1\fMẬT\fnội dung", LevelMat},

		{"mật khẩu", ""},
		{"Đặt mật khẩu mạnh", ""},
		{"Bảo vệ bí mật kinh doanh", ""},
		{"BÍ MẬT KINH DOANH", ""},
		{"BẢO VỆ BÍ MẬT NHÀ NƯỚC", ""},
		{"Mật độ dân số", ""},
		{"MẬT ĐỘ DÂN SỐ", ""},
		{"Mật", ""},
		{"mật", ""},
		{"tối mật", ""},
		{"Tài liệu có dấu \"MẬT\", \"TỐI MẬT\", \"TUYỆT MẬT\" không được gửi qua mạng.", ""},
		{"Độ mật: Không", ""},
		{"Độ mật: mật", ""},
		{"MAT", ""},
		{"TOI MAT", ""},
		{"MẬTMÃ", ""},
		{"MẬT MÃ", ""},
		{"KHẨN", ""},
		{"", ""},
	}
	for _, tt := range tests {
		got := Markings(tt.text)
		var lv Level
		if len(got) > 0 {
			lv = got[0].Level
		}
		if lv != tt.want {
			t.Errorf("Markings(%q) = %v, want %q", tt.text, got, tt.want)
		}
	}
}

func FuzzMarkings(f *testing.F) {
	for _, s := range []string{"MẬT", "TỐI MẬT", "Độ mật: Mật", "mật khẩu", "Số 1\t\tTUYỆT MẬT", secretText, benignText, "MẬT - KHẨN"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Markings(s)
		for _, m := range got {
			if rank(m.Level) == 0 {
				t.Fatalf("bad level %q", m.Level)
			}
		}
		// NFC and NFD spellings are judged alike.
		if len(Markings(nfd(s))) != len(got) || len(Markings(norm.NFC.String(s))) != len(got) {
			t.Fatalf("NFC/NFD disagree on %q", s)
		}
		// Lower case is never a stamp: the rule is case-sensitive.
		if m := Markings(strings.ToLower(s)); len(m) != 0 {
			t.Fatalf("lower-case %q marked %v", strings.ToLower(s), m)
		}
		// A marking needs the word MẬT (any case) in the text.
		if len(got) > 0 && !strings.Contains(strings.ToUpper(norm.NFC.String(s)), "MẬT") {
			t.Fatalf("%q marked without MẬT", s)
		}
		// Running text around a stamp on its own line does not hide it.
		if len(got) > 0 && len(Markings("mật khẩu\n"+s+"\nbí mật")) == 0 {
			t.Fatalf("context hid the stamp in %q", s)
		}
	})
}
