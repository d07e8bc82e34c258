package docgen

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"attt/internal/errs"
)

// MustDOCX renders d and returns the DOCX bytes and its parts by name,
// failing unless every XML part is well-formed.
func MustDOCX(tb testing.TB, d *Document) ([]byte, map[string]string) {
	tb.Helper()
	var buf bytes.Buffer
	if err := DOCX(&buf, d); err != nil {
		tb.Fatalf("DOCX: %v", err)
	}
	z, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		tb.Fatalf("DOCX is not a zip: %v", err)
	}
	parts := map[string]string{}
	for _, f := range z.File {
		rc, err := f.Open()
		if err != nil {
			tb.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			tb.Fatal(err)
		}
		parts[f.Name] = string(b)
		if strings.HasSuffix(f.Name, ".xml") || strings.HasSuffix(f.Name, ".rels") {
			if err := wellFormed(b); err != nil {
				tb.Fatalf("%s is not well-formed XML: %v", f.Name, err)
			}
		}
	}
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml", "word/_rels/document.xml.rels"} {
		if _, ok := parts[name]; !ok {
			tb.Fatalf("DOCX lacks %s", name)
		}
	}
	return buf.Bytes(), parts
}

// wellFormed decodes every token of b.
func wellFormed(b []byte) error {
	dec := xml.NewDecoder(bytes.NewReader(b))
	for {
		_, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// docxText returns the text of document.xml, one paragraph a line.
func docxText(tb testing.TB, doc string) string {
	tb.Helper()
	dec := xml.NewDecoder(strings.NewReader(doc))
	var b strings.Builder
	inT := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return b.String()
		}
		if err != nil {
			tb.Fatal(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			inT = t.Name.Local == "t"
		case xml.EndElement:
			inT = false
			if t.Name.Local == "p" {
				b.WriteString("\n")
			}
		case xml.CharData:
			if inT {
				b.Write(t)
			}
		}
	}
}

// officePDF converts a DOCX to PDF with LibreOffice, skipping when it is not
// installed.
func officePDF(tb testing.TB, docx []byte) []byte {
	tb.Helper()
	bin, err := exec.LookPath("libreoffice")
	if err != nil {
		if bin, err = exec.LookPath("soffice"); err != nil {
			tb.Skip("libreoffice not installed")
		}
	}
	dir := tb.TempDir()
	in := filepath.Join(dir, "doc.docx")
	if err := os.WriteFile(in, docx, 0o600); err != nil {
		tb.Fatal(err)
	}
	cmd := exec.Command(bin, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--headless", "--convert-to", "pdf", "--outdir", dir, in)
	if out, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("libreoffice: %v: %s", err, out)
	}
	pdf, err := os.ReadFile(filepath.Join(dir, "doc.pdf"))
	if err != nil {
		tb.Fatalf("libreoffice made no PDF: %v", err)
	}
	return pdf
}

func TestDOCXReport(t *testing.T) {
	_, parts := MustDOCX(t, sampleReport(t))
	text := docxText(t, parts["word/document.xml"])
	wantInOrder(t, text,
		"ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN", "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
		"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
		"Số: 12/BC-SKHCN", "Hưng Yên, ngày 24 tháng 11 năm 2026",
		"BÁO CÁO", "Kết quả đảm bảo an toàn thông tin năm 2026",
		"Quy chế bảo đảm", "I. TÌNH HÌNH CHUNG", "- Tổ chức 02 lớp",
		"STT", "Tấn công từ chối dịch vụ (DoS)", "Đầu mối liên hệ: Nguyễn Thị Hường",
		"Nơi nhận:", "- Ủy ban nhân dân tỉnh (để b/c);", "- Lưu: VT, CNTT.",
		"KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trần Văn Đức")
	doc := parts["word/document.xml"]
	for _, w := range []string{`w:w="11906" w:h="16838"`, "<w:titlePg/>", `w:val="both"`} {
		if !strings.Contains(doc, w) {
			t.Errorf("document.xml lacks %s", w)
		}
	}
	if !strings.Contains(parts["word/styles.xml"], "Times New Roman") {
		t.Error("styles.xml does not set Times New Roman")
	}
	if !strings.Contains(parts["word/header1.xml"], "PAGE") {
		t.Error("header has no page number field")
	}
}

func TestDOCXLetter(t *testing.T) {
	b, parts := MustDOCX(t, sampleLetter(t))
	text := docxText(t, parts["word/document.xml"])
	wantInOrder(t, text, "SỞ TÀI CHÍNH", "Số: 345/STC-VP", "V/v thông báo sự cố",
		"Hưng Yên, ngày 24 tháng 11 năm 2026", "Kính gửi: Sở Khoa học và Công nghệ tỉnh Hưng Yên",
		"203.0.113.10", "Trân trọng./.", "Nơi nhận:", "- Như trên;", "GIÁM ĐỐC", "Lê Thị Ánh")
	if strings.Contains(text, "CÔNG VĂN") {
		t.Error("a công văn must not print a kind line")
	}
	pdf := officePDF(t, b)
	out := collapse(pdfText(t, pdf, 0, 0))
	for _, w := range []string{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "ngày 24 tháng 11 năm 2026", "Nơi nhận:"} {
		if !strings.Contains(out, w) {
			t.Errorf("LibreOffice PDF lacks %q", w)
		}
	}
}

func TestDOCXLongTable(t *testing.T) {
	b, parts := MustDOCX(t, longTable(t, 200))
	doc := parts["word/document.xml"]
	if n := strings.Count(doc, "<w:tblHeader/>"); n != 1 {
		t.Errorf("%d rows marked as repeating header, want 1", n)
	}
	// 200 body rows + header in the table, plus 2 + 1 rows of the layout tables.
	if n := strings.Count(doc, "<w:tr>"); n != 201+3 {
		t.Errorf("%d table rows, want 204", n)
	}
	wantInOrder(t, docxText(t, doc), "Tên đơn vị", "Đơn vị số 1\n", "Đơn vị số 200", "Nơi nhận:")
	pdf := officePDF(t, b)
	pages := pdfPageObjects(pdf)
	if pages < 5 {
		t.Fatalf("LibreOffice laid 200 rows on %d pages", pages)
	}
	for pg := 2; pg <= pages; pg++ {
		if text := pdfText(t, pdf, pg, pg); !strings.Contains(text, "Tên đơn vị") {
			t.Errorf("LibreOffice page %d lacks the repeated header", pg)
		}
	}
}

func TestDOCXInvalid(t *testing.T) {
	err := DOCX(&bytes.Buffer{}, &Document{Agency: "Sở Tài chính"})
	var e *errs.Error
	if !errors.As(err, &e) || e.Code != errs.Invalid {
		t.Fatalf("DOCX without a date: %v, want errs.Invalid", err)
	}
}
