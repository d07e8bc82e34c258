package importfile

import (
	"testing"

	"attt/internal/errs"
)

func TestDetectFormat(t *testing.T) {
	xlsx := MustXLSX(t, sheet{"Sheet1", [][]any{{"a"}}})
	tests := []struct {
		name string
		file string
		head []byte
		want Format
		vi   string // part of the error, "" for none
	}{
		{"xlsx", "don-vi.xlsx", xlsx, FormatXLSX, ""},
		{"xlsx named csv", "don-vi.csv", xlsx, FormatXLSX, ""},
		{"csv named xlsx", "don-vi.xlsx", []byte("Mã,Tên\n"), FormatCSV, ""},
		{"csv", "x.csv", []byte("code,name,type\r\n"), FormatCSV, ""},
		{"csv with bom", "x.csv", []byte("\xef\xbb\xbfMã đơn vị;Tên\n"), FormatCSV, ""},
		{"head cut inside a rune", "x.csv", []byte("Mã đơn vị,T\xc3"), FormatCSV, ""},
		{"empty", "x.csv", nil, "", "rỗng"},
		{"only bom and spaces", "x.csv", []byte("\xef\xbb\xbf \r\n"), "", "rỗng"},
		{"ods", "x.ods", []byte("PK\x03\x04\x14\x00\x00\x00\x00\x00mimetypeapplication/vnd.oasis.opendocument.spreadsheet"), "", ".ods"},
		{"xls", "x.xls", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0}, "", "97–2003"},
		{"encrypted xlsx", "x.xlsx", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0}, "", "mật khẩu"},
		{"utf-16", "x.txt", []byte{0xFF, 0xFE, 'M', 0}, "", "UTF-16"},
		{"binary", "x.pdf", []byte("%PDF-1.4\x00\x01"), "", "không phải bảng tính"},
		{"windows-1258", "x.csv", []byte("M\xe3 \xf0\xf5n v\xd2\n"), "", "UTF-8 (lỗi ở dòng 1)"},
		{"windows-1258 line 2", "x.csv", []byte("code,name\nA,S\xf5\n"), "", "dòng 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DetectFormat(tt.file, tt.head)
			if tt.vi != "" {
				MustFail(t, err, errs.Invalid, tt.vi, "")
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("DetectFormat = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestFold(t *testing.T) {
	tests := map[string]string{
		"Mã đơn vị":                              "ma don vi",
		"MÃ ĐƠN VỊ":                              "ma don vi",
		"Ma\u0303 \u0111o\u031b\u0300n vi\u0323": "ma don vi", // decomposed (NFD)
		"  Sở,  ngành ":                          "so nganh",
		"E-mail":                                 "e mail",
		"Họ_và_tên":                              "ho va ten",
		"Trường Đại học":                         "truong dai hoc",
		"Ỷ ỵ Ữ":                                  "y y u",
	}
	for in, want := range tests {
		if got := fold(in); got != want {
			t.Errorf("fold(%q) = %q, want %q", in, got, want)
		}
	}
	if got := foldHeader("Loại (tỉnh, sở, xã…) *"); got != "loai" {
		t.Errorf("foldHeader = %q", got)
	}
}

func TestClean(t *testing.T) {
	tests := map[string]string{
		"  a  ":              "a",
		"\u00a0Sở\u200b":     "Sở",
		"Nguyễn  Văn\tA":     "Nguyễn Văn A",
		"dòng 1\r\ndòng 2\n": "dòng 1 dòng 2",
		"":                   "",
	}
	for in, want := range tests {
		if got := clean(in); got != want {
			t.Errorf("clean(%q) = %q, want %q", in, got, want)
		}
	}
}
