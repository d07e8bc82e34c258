package docgen

import (
	"bytes"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"attt/internal/errs"
	"attt/internal/testutil/pdftext"
)

// MustPDF renders d to PDF bytes and returns them with the page count the
// layout produced.
func MustPDF(tb testing.TB, d *Document) ([]byte, int) {
	tb.Helper()
	var buf bytes.Buffer
	if err := PDF(&buf, d); err != nil {
		tb.Fatalf("PDF: %v", err)
	}
	f, err := renderPDF(d)
	if err != nil {
		tb.Fatalf("renderPDF: %v", err)
	}
	b := buf.Bytes()
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		tb.Fatalf("output does not start with %%PDF-: %q", b[:min(len(b), 16)])
	}
	if got := pdfPageObjects(b); got != f.PageCount() {
		tb.Fatalf("PDF holds %d page objects, layout made %d pages", got, f.PageCount())
	}
	return b, f.PageCount()
}

// pdfPageObjects counts the /Type /Page dictionaries in a PDF file (the
// dictionaries themselves are never compressed by fpdf).
func pdfPageObjects(b []byte) int {
	return len(regexp.MustCompile(`/Type /Page\b[^s]`).FindAll(b, -1))
}

// pdfText extracts the text of pages first..last (0 = to the end).
func pdfText(tb testing.TB, pdf []byte, first, last int) string {
	tb.Helper()
	return pdftext.Extract(tb, pdf, pdftext.Options{First: first, Last: last})
}

func itoa(n int) string { return strconv.Itoa(n) }

// collapse joins whitespace runs so wrapped lines compare as one text.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

// wantInOrder fails unless every want appears in text, in order.
func wantInOrder(tb testing.TB, text string, wants ...string) {
	tb.Helper()
	rest := text
	for _, w := range wants {
		i := strings.Index(rest, w)
		if i < 0 {
			if strings.Contains(text, w) {
				tb.Errorf("%q found but out of order", w)
				continue
			}
			tb.Errorf("%q not found in text:\n%s", w, text)
			continue
		}
		rest = rest[i+len(w):]
	}
}

func TestPDFReport(t *testing.T) {
	b, pages := MustPDF(t, sampleReport(t))
	if pages != 1 {
		t.Errorf("report has %d pages, want 1", pages)
	}
	text := collapse(pdfText(t, b, 0, 0))
	for _, w := range []string{
		"ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN", "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
		"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
		"Số: 12/BC-SKHCN", "Hưng Yên, ngày 24 tháng 11 năm 2026",
		"BÁO CÁO", "Kết quả đảm bảo an toàn thông tin năm 2026",
		"Quy chế bảo đảm an toàn thông tin mạng", "I. TÌNH HÌNH CHUNG",
		"- Tổ chức 02 lớp tập huấn", "Tấn công từ chối dịch vụ (DoS)",
		"Đầu mối liên hệ: Nguyễn Thị Hường",
		"Nơi nhận:", "- Ủy ban nhân dân tỉnh (để b/c);", "- Lưu: VT, CNTT.",
		"KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trần Văn Đức",
	} {
		if !strings.Contains(text, w) {
			t.Errorf("PDF text lacks %q", w)
		}
	}
	wantInOrder(t, text, "BÁO CÁO", "Kết quả đảm bảo", "I. TÌNH HÌNH CHUNG", "Tấn công từ chối", "Lừa đảo")
	if t.Failed() {
		t.Logf("text:\n%s", text)
	}
}

func TestPDFLetter(t *testing.T) {
	b, _ := MustPDF(t, sampleLetter(t))
	text := collapse(pdfText(t, b, 0, 0))
	for _, w := range []string{
		"SỞ TÀI CHÍNH", "Số: 345/STC-VP", "V/v thông báo sự cố",
		"Kính gửi: Sở Khoa học và Công nghệ tỉnh Hưng Yên",
		"Hưng Yên, ngày 24 tháng 11 năm 2026", "203.0.113.10",
		"Trân trọng./.", "Nơi nhận:", "- Như trên;", "GIÁM ĐỐC", "Lê Thị Ánh",
	} {
		if !strings.Contains(text, w) {
			t.Errorf("PDF text lacks %q", w)
		}
	}
	if strings.Contains(text, "CÔNG VĂN") {
		t.Error("a công văn must not print a kind line")
	}
	if t.Failed() {
		t.Logf("text:\n%s", text)
	}
}

func TestPDFLongTable(t *testing.T) {
	const n = 200
	b, pages := MustPDF(t, longTable(t, n))
	// Each 12 pt single-line row is ~7.3 mm; 257 mm of usable height holds
	// ~34 rows after the repeated header, fewer on page 1 under the heading.
	if pages < 6 || pages > 8 {
		t.Fatalf("200-row table made %d pages, want 6–8", pages)
	}
	for pg := 2; pg <= pages; pg++ {
		text := pdfText(t, b, pg, pg)
		if !strings.Contains(text, "Tên đơn vị") || !strings.Contains(text, "Ghi chú") {
			t.Errorf("page %d lacks the repeated header row:\n%s", pg, text)
		}
		if lines := strings.Fields(text); len(lines) == 0 || lines[0] != itoa(pg) {
			t.Errorf("page %d does not start with its page number", pg)
		}
	}
	all := pdfText(t, b, 0, 0)
	for _, w := range []string{"Đơn vị số 1\n", "Đơn vị số 100", "Đơn vị số 200", "Nơi nhận:"} {
		if !strings.Contains(all, w) {
			t.Errorf("text lacks %q", w)
		}
	}
	if first := pdfText(t, b, 1, 1); strings.HasPrefix(strings.TrimSpace(first), "1") {
		t.Error("page 1 must not carry a page number")
	}
}

func TestPDFInvalid(t *testing.T) {
	err := PDF(&bytes.Buffer{}, &Document{Kind: "BÁO CÁO"})
	var e *errs.Error
	if !errors.As(err, &e) || e.Code != errs.Invalid {
		t.Fatalf("PDF of an empty document: %v, want errs.Invalid", err)
	}
}
