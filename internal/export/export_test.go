package export_test

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"attt/internal/export"
	"attt/internal/locale"
)

var sample = export.Table{Name: locale.T("Cán bộ", "People"), Columns: []export.Column{
	{Title: locale.T("Mã đơn vị", "Code")},
	{Title: locale.T("Họ và tên", "Name"), Width: 30},
	{Title: locale.T("Số", "No."), Kind: export.Number},
	{Title: locale.T("Ngày tạo", "Created"), Kind: export.Date},
	{Title: locale.T("Thời gian", "Time"), Kind: export.DateTime},
}}

// at is 23:30:05.999 UTC on 23/11/2026: already 24/11 in Vietnam.
var at = time.Date(2026, 11, 23, 23, 30, 5, 999_000_000, time.UTC)

var sampleRows = [][]any{
	{"007", "Nguyễn Thị Ánh Tuyết", int64(1), at, at},
	{"0221 3862 345", `=HYPERLINK("http://x","bấm")`, 42, time.Time{}, time.Time{}},
	{"", "+84 912", int64(-3), at.Add(-48 * time.Hour), at},
}

// build writes rows of sample in f and returns the file.
func build(tb testing.TB, f export.Format, lang locale.Lang, rows [][]any) []byte {
	tb.Helper()
	w, err := export.New(f, sample, lang)
	if err != nil {
		tb.Fatal(err)
	}
	defer w.Close()
	for _, r := range rows {
		if err := w.Row(r...); err != nil {
			tb.Fatal(err)
		}
	}
	if w.Rows() != len(rows) {
		tb.Fatalf("Rows() = %d", w.Rows())
	}
	var buf bytes.Buffer
	if _, err := w.WriteTo(&buf); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func openXLSX(tb testing.TB, data []byte) *excelize.File {
	tb.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		tb.Fatalf("excelize cannot open the export: %v", err)
	}
	tb.Cleanup(func() { _ = f.Close() })
	return f
}

func readCSV(tb testing.TB, data []byte) [][]string {
	tb.Helper()
	if !bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) {
		tb.Fatalf("no UTF-8 byte-order mark: %q", data[:min(len(data), 10)])
	}
	r := csv.NewReader(bytes.NewReader(data[3:]))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		tb.Fatalf("CSV does not parse: %v", err)
	}
	return rows
}

func TestXLSX(t *testing.T) {
	f := openXLSX(t, build(t, export.XLSX, locale.VI, sampleRows))
	if got := f.GetSheetList(); len(got) != 1 || got[0] != "Cán bộ" {
		t.Fatalf("sheets %q", got)
	}
	rows, err := f.GetRows("Cán bộ")
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"Mã đơn vị", "Họ và tên", "Số", "Ngày tạo", "Thời gian"},
		{"007", "Nguyễn Thị Ánh Tuyết", "1", "24/11/2026", "24/11/2026 06:30:05"},
		{"0221 3862 345", `=HYPERLINK("http://x","bấm")`, "42"},
		{"", "+84 912", "-3", "22/11/2026", "24/11/2026 06:30:05"},
	}
	if strings.Join(flat(rows), "|") != strings.Join(flat(want), "|") {
		t.Fatalf("rows\n got %q\nwant %q", rows, want)
	}
	if locale.DateTime(at) != "24/11/2026 06:30:05" || locale.Date(at) != "24/11/2026" {
		t.Fatal("the expectations above no longer follow locale")
	}

	// Codes and phones are text cells with the text format, so Excel
	// keeps their leading zeros even when someone edits them.
	for _, cell := range []string{"A2", "A3"} {
		typ, _ := f.GetCellType("Cán bộ", cell)
		if typ != excelize.CellTypeInlineString {
			t.Errorf("%s: type %v, want inline text", cell, typ)
		}
		if s := numFmt(t, f, cell); s != 49 {
			t.Errorf("%s: number format %d, want 49 (@)", cell, s)
		}
	}
	// The would-be formula is text, never a formula.
	if formula, _ := f.GetCellFormula("Cán bộ", "B3"); formula != "" {
		t.Errorf("B3 became a formula: %q", formula)
	}
	// Dates are real dates (numbers) shown dd/mm/yyyy.
	if typ, _ := f.GetCellType("Cán bộ", "D2"); typ == excelize.CellTypeInlineString || typ == excelize.CellTypeSharedString {
		t.Errorf("D2 is text, want a date")
	}
	if raw, _ := f.GetCellValue("Cán bộ", "E2", excelize.Options{RawCellValue: true}); !strings.HasPrefix(raw, "46350.27") {
		t.Errorf("E2 raw value %q, want 24/11/2026 06:30:05 as an Excel serial", raw)
	}

	// Header: bold, frozen, widths.
	st := style(t, f, "A1")
	if st.Font == nil || !st.Font.Bold {
		t.Error("header not bold")
	}
	panes, err := f.GetPanes("Cán bộ")
	if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
		t.Errorf("header not frozen: %+v %v", panes, err)
	}
	if w, _ := f.GetColWidth("Cán bộ", "B"); w != 30 {
		t.Errorf("column B width %v, want 30", w)
	}
	if w, _ := f.GetColWidth("Cán bộ", "E"); w < 18 {
		t.Errorf("date-time column width %v, too narrow", w)
	}
}

func flat(rows [][]string) []string {
	var out []string
	for _, r := range rows {
		out = append(out, strings.Join(r, "¦"))
	}
	return out
}

func style(t *testing.T, f *excelize.File, cell string) *excelize.Style {
	t.Helper()
	id, err := f.GetCellStyle("Cán bộ", cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func numFmt(t *testing.T, f *excelize.File, cell string) int { return style(t, f, cell).NumFmt }

func TestXLSXEnglish(t *testing.T) {
	f := openXLSX(t, build(t, export.XLSX, locale.EN, sampleRows[:1]))
	rows, err := f.GetRows("People")
	if err != nil || len(rows) != 2 || rows[0][1] != "Name" {
		t.Fatalf("%q %v", rows, err)
	}
}

func TestCSV(t *testing.T) {
	data := build(t, export.CSV, locale.VI, sampleRows)
	if !bytes.Contains(data, []byte("\r\n")) {
		t.Error("CSV lines do not end in CRLF")
	}
	rows := readCSV(t, data)
	want := [][]string{
		{"Mã đơn vị", "Họ và tên", "Số", "Ngày tạo", "Thời gian"},
		{"007", "Nguyễn Thị Ánh Tuyết", "1", "24/11/2026", "24/11/2026 06:30:05"},
		{"0221 3862 345", `'=HYPERLINK("http://x","bấm")`, "42", "", ""},
		{"", "'+84 912", "-3", "22/11/2026", "24/11/2026 06:30:05"},
	}
	if strings.Join(flat(rows), "|") != strings.Join(flat(want), "|") {
		t.Fatalf("rows\n got %q\nwant %q", rows, want)
	}
}

func TestNeutralise(t *testing.T) {
	for in, want := range map[string]string{
		"=1+1": "'=1+1", "+1": "'+1", "-1": "'-1", "@SUM(A1)": "'@SUM(A1)", "\tx": "'\tx", "\rx": "'\rx",
		"＝1+1": "'＝1+1", "a=1": "a=1", " =1": " =1", "": "", "Sở Y tế": "Sở Y tế", "'=1": "'=1",
	} {
		if got := export.Neutralise(in); got != want {
			t.Errorf("Neutralise(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRowTypes(t *testing.T) {
	for _, f := range []export.Format{export.XLSX, export.CSV} {
		w, err := export.New(f, sample, locale.VI)
		if err != nil {
			t.Fatal(err)
		}
		for _, bad := range [][]any{
			{"a", "b", "not a number", at, at},
			{"a", "b", 1, "24/11/2026", at},
			{1, "b", 1, at, at},
			{"too", "few"},
		} {
			if err := w.Row(bad...); err == nil {
				t.Errorf("%s: row %v accepted", f, bad)
			}
		}
		_ = w.Close()
	}
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]export.Format{"": export.XLSX, "xlsx": export.XLSX, "CSV": export.CSV, " csv ": export.CSV} {
		if got, err := export.ParseFormat(in); err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %q, %v", in, got, err)
		}
	}
	for _, in := range []string{"pdf", "xls", "csv;"} {
		if _, err := export.ParseFormat(in); err == nil {
			t.Errorf("ParseFormat(%q) accepted", in)
		}
	}
}

func TestFileName(t *testing.T) {
	name := export.FileName(sample, export.XLSX, at, locale.VI)
	if name != "cán-bộ-24-11-2026.xlsx" {
		t.Fatalf("FileName = %q", name)
	}
	got := export.ContentDisposition(name)
	want := `attachment; filename="can-bo-24-11-2026.xlsx"; filename*=UTF-8''c%C3%A1n-b%E1%BB%99-24-11-2026.xlsx`
	if got != want {
		t.Fatalf("ContentDisposition\n got %s\nwant %s", got, want)
	}
	if n := export.FileName(export.Table{Name: locale.T("Nhật ký hệ thống", "Audit trail")}, export.CSV, at, locale.EN); n != "audit-trail-24-11-2026.csv" {
		t.Errorf("english name %q", n)
	}
	for in, want := range map[string]string{
		"ĐƠN-VỊ.xlsx": "DON-VI.xlsx", `a"b\c;d/e.csv`: "a_b_c_d_e.csv", "日本.csv": "__.csv", "Ưu-tiên": "Uu-tien",
	} {
		if got := export.ASCIIName(in); got != want {
			t.Errorf("ASCIIName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCleanText(t *testing.T) {
	long := strings.Repeat("ả", export.MaxCellChars+10)
	for _, c := range []struct{ in, want string }{
		{"Sở Y tế", "Sở Y tế"},
		{"a\x00b\x1fc\td\ne\rf", "a\uFFFDb\uFFFDc\td\ne\rf"},
		{"bad \xff utf8", "bad \uFFFD utf8"},
		{"\uFFFE", "\uFFFD"},
		{long, strings.Repeat("ả", export.MaxCellChars-1) + "…"},
		{strings.Repeat("😀", export.MaxCellChars), strings.Repeat("😀", (export.MaxCellChars-1)/2) + "…"},
	} {
		if got := export.CleanText(c.in); got != c.want {
			t.Errorf("CleanText(%.40q) = %.40q (%d), want %.40q (%d)", c.in, got, len(got), c.want, len(c.want))
		}
	}
}

// TestSpoolToDisk writes a CSV larger than the in-memory spool and checks
// that it arrives whole and that Close removes the temporary file.
func TestSpoolToDisk(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	w, err := export.New(export.CSV, sample, locale.VI)
	if err != nil {
		t.Fatal(err)
	}
	line := strings.Repeat("Nguyễn Văn Thành ", 20)
	const n = 20_000 // ~7 MB
	for i := range n {
		if err := w.Row("0"+itoa(i), line, i, at, at); err != nil {
			t.Fatal(err)
		}
	}
	files, _ := filepath.Glob(filepath.Join(os.Getenv("TMPDIR"), "attt-export-*"))
	if len(files) != 1 {
		t.Fatalf("spool files %q, want one", files)
	}
	var buf bytes.Buffer
	if _, err := w.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	rows := readCSV(t, buf.Bytes())
	if len(rows) != n+1 || rows[n][0] != "0"+itoa(n-1) || rows[n][1] != line {
		t.Fatalf("%d rows, last %q", len(rows), rows[len(rows)-1][0])
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if files, _ := filepath.Glob(filepath.Join(os.Getenv("TMPDIR"), "attt-export-*")); len(files) != 0 {
		t.Fatalf("spool left behind: %q", files)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

// TestXLSXLargeStreams writes 100,000 audit-sized rows and checks that the
// heap stays small: rows go to excelize's temporary file, not memory.
func TestXLSXLargeStreams(t *testing.T) {
	if testing.Short() {
		t.Skip("100,000 rows")
	}
	table := export.Table{Name: locale.T("Nhật ký", "Trail"), Columns: []export.Column{
		{Title: locale.T("Số", "Seq"), Kind: export.Number}, {Title: locale.T("Thời gian", "Time"), Kind: export.DateTime},
		{Title: locale.T("Hành động", "Action")}, {Title: locale.T("Đối tượng", "Target")}, {Title: locale.T("Sau", "After")},
	}}
	w, err := export.New(export.XLSX, table, locale.VI)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	after := `{"full_name":"Nguyễn Thị Ánh Tuyết","email":"tuyet.nta@example.gov.vn","phone":"0912345678","title":"Chuyên viên"}`
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	var peak uint64
	const n = 100_000
	for i := range n {
		if err := w.Row(int64(i+1), at, "person.update", "01JBX0000000000000000000"+itoa(i%10), after); err != nil {
			t.Fatal(err)
		}
		if i%20_000 == 0 {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapInuse)
		}
	}
	grown := int64(peak) - int64(before.HeapInuse)
	t.Logf("heap grew by %d KiB while streaming %d rows", grown>>10, n)
	if grown > 64<<20 {
		t.Errorf("heap grew by %d MiB while streaming %d rows", grown>>20, n)
	}
	cw := &countingDiscard{}
	if _, err := w.WriteTo(cw); err != nil {
		t.Fatal(err)
	}
	if cw.n < 1<<20 {
		t.Fatalf("workbook of %d bytes for %d rows", cw.n, n)
	}
}

type countingDiscard struct{ n int }

func (c *countingDiscard) Write(p []byte) (int, error) { c.n += len(p); return len(p), nil }
