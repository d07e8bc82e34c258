package export_test

import (
	"strings"
	"testing"
	"time"

	"attt/internal/export"
	"attt/internal/locale"
)

// dangerous reports whether a spreadsheet would run s as a formula.
func dangerous(s string) bool {
	if s == "" {
		return false
	}
	return strings.ContainsRune("=+-@\t\r", rune(s[0])) || strings.HasPrefix(s, "＝") || strings.HasPrefix(s, "＋") ||
		strings.HasPrefix(s, "－") || strings.HasPrefix(s, "＠")
}

// FuzzCSV writes any text into a CSV export and reads it back: the file
// always parses, every cell comes back as CleanText made it (with the
// apostrophe when it would be a formula), and no cell starts a formula.
func FuzzCSV(f *testing.F) {
	for _, s := range []string{"", "Nguyễn Văn A", "=1+1", "-", "@x", "\t=cmd", "\r\n", `"quoted, comma"`, "a\nb", "\xff", "'=x", "＝1"} {
		f.Add(s, "0221 3862 345")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		data := build(t, export.CSV, locale.VI, [][]any{{a, b, 7, time.Time{}, at}})
		rows := readCSV(t, data)
		if len(rows) != 2 || len(rows[1]) != 5 {
			t.Fatalf("rows %q", rows)
		}
		for i, in := range []string{a, b} {
			got, want := rows[1][i], export.Neutralise(export.CleanText(in))
			// With CRLF line ends, encoding/csv writes a line break inside a
			// cell as \r\n and drops a lone \r; reading gives \n.
			want = strings.ReplaceAll(want, "\r", "")
			if got != want {
				t.Fatalf("cell %d: got %q, want %q", i, got, want)
			}
			if dangerous(got) {
				t.Fatalf("cell %d starts a formula: %q", i, got)
			}
		}
	})
}

// FuzzXLSX writes any text into an XLSX export: excelize must open it and
// read back exactly what CleanText made of the text, as text.
func FuzzXLSX(f *testing.F) {
	for _, s := range []string{"", "Sở Y tế", "=SUM(A1)", " lead and trail ", "_x0041_", "a\x00b", "\xff\xfe", "<b>&amp;</b>", "0123"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		x := openXLSX(t, build(t, export.XLSX, locale.VI, [][]any{{s, "x", 1, at, time.Time{}}}))
		got, err := x.GetCellValue("Cán bộ", "A2")
		if err != nil {
			t.Fatal(err)
		}
		want := export.CleanText(s)
		if got != want {
			t.Fatalf("got %q, want %q", got, want)
		}
		if formula, _ := x.GetCellFormula("Cán bộ", "A2"); formula != "" {
			t.Fatalf("text became a formula %q", formula)
		}
	})
}

// FuzzFileName checks that any table name gives a header value of
// printable ASCII whose fallback name has no quote or backslash.
func FuzzFileName(f *testing.F) {
	for _, s := range []string{"Cán bộ", "Nhật ký hệ thống", `a"b`, "\x00\n", "日本語", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		file := export.FileName(export.Table{Name: locale.T(name, name)}, export.XLSX, at, locale.VI)
		h := export.ContentDisposition(file)
		for i := 0; i < len(h); i++ {
			if h[i] < 0x20 || h[i] >= 0x7f {
				t.Fatalf("non-ASCII or control byte in %q", h)
			}
		}
		ascii := export.ASCIIName(file)
		if strings.ContainsAny(ascii, "\"\\;/") {
			t.Fatalf("unsafe fallback %q", ascii)
		}
		if !strings.HasSuffix(file, "-24-11-2026.xlsx") {
			t.Fatalf("name %q", file)
		}
	})
}
