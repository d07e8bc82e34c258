package forms

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"attt/internal/docgen"
	"attt/internal/errs"
	"attt/internal/locale"
	"attt/internal/testutil/pdftext"
)

// at returns a time on 2026-11-dd hh:mm in Hanoi time.
func at(day, hour, minute int) time.Time {
	return time.Date(2026, time.November, day, hour, minute, 0, 0, locale.Zone)
}

// sampleIssue is the issuing block shared by the samples.
func sampleIssue() Issue {
	return Issue{
		Issuer:      "UBND tỉnh Hưng Yên",
		Agency:      "Sở Tài chính",
		Number:      "15/BC-STC",
		Place:       "Hưng Yên",
		Date:        at(24, 9, 0),
		To:          []string{"Trung tâm Giám sát an toàn không gian mạng quốc gia", "Sở Thông tin và Truyền thông tỉnh Hưng Yên"},
		SignerTitle: "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC",
		SignerName:  "Trần Văn Đức",
		Recipients:  []string{"Như trên", "Lưu: VT, VP"},
	}
}

// sampleSystem is the defaced portal.
func sampleSystem() System {
	return System{
		Name:                 "Cổng thông tin điện tử Sở Tài chính",
		Operator:             "Văn phòng Sở Tài chính",
		Owner:                "Sở Tài chính tỉnh Hưng Yên",
		Level:                2,
		SecurityProvider:     "Công ty An Ninh Mạng Phố Hiến",
		ConnectivityProvider: "VNPT Hưng Yên",
		OS:                   "Ubuntu Server",
		OSVersion:            "22.04",
		Services:             []string{"Web (HTTP/HTTPS)", "Thư điện tử"},
		Protections:          []string{"Tường lửa", "Phần mềm phòng chống mã độc"},
		IPs:                  []string{"203.0.113.10", "203.0.113.11"},
		Domains:              []string{"stc.hungyen.gov.vn"},
		Purpose:              "Công khai thông tin ngân sách, tiếp nhận phản ánh",
	}
}

// renderPDF renders d and returns its text as pdftotext extracts it, with
// whitespace runs collapsed; the test is skipped without pdftotext.
func renderPDF(t *testing.T, d *docgen.Document) string {
	t.Helper()
	var buf bytes.Buffer
	if err := docgen.PDF(&buf, d); err != nil {
		t.Fatalf("PDF: %v", err)
	}
	return collapse(pdftext.Extract(t, buf.Bytes(), pdftext.Options{}))
}

// renderDOCX renders d and returns the text of word/document.xml, one
// paragraph (or table cell) a line.
func renderDOCX(t *testing.T, d *docgen.Document) string {
	t.Helper()
	var buf bytes.Buffer
	if err := docgen.DOCX(&buf, d); err != nil {
		t.Fatalf("DOCX: %v", err)
	}
	z, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatalf("DOCX is not a zip: %v", err)
	}
	for _, f := range z.File {
		if f.Name != "word/document.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		defer rc.Close()
		return xmlText(t, rc)
	}
	t.Fatal("DOCX lacks word/document.xml")
	return ""
}

// xmlText returns the w:t text of a WordprocessingML body, a line per
// paragraph; line breaks inside a paragraph become spaces.
func xmlText(t *testing.T, r io.Reader) string {
	t.Helper()
	dec := xml.NewDecoder(r)
	var b strings.Builder
	inT := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return b.String()
		}
		if err != nil {
			t.Fatalf("document.xml: %v", err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			inT = el.Name.Local == "t"
			if el.Name.Local == "br" {
				b.WriteByte(' ')
			}
		case xml.EndElement:
			inT = false
			if el.Name.Local == "p" {
				b.WriteByte('\n')
			}
		case xml.CharData:
			if inT {
				b.Write(el)
			}
		}
	}
}

// collapse joins whitespace runs so wrapped lines compare as one text.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

// wantAll fails for each want missing from text.
func wantAll(t *testing.T, where, text string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("%s lacks %q", where, w)
		}
	}
	if t.Failed() {
		t.Logf("%s text:\n%s", where, text)
	}
}

// wantInOrder fails unless every want appears in text in this order.
func wantInOrder(t *testing.T, where, text string, wants ...string) {
	t.Helper()
	rest := text
	for _, w := range wants {
		i := strings.Index(rest, w)
		if i < 0 {
			t.Errorf("%s: %q missing or out of order", where, w)
			continue
		}
		rest = rest[i+len(w):]
	}
}

// wantLines fails unless every want is a whole line of text.
func wantLines(t *testing.T, where, text string, wants ...string) {
	t.Helper()
	lines := map[string]bool{}
	for _, l := range strings.Split(text, "\n") {
		lines[strings.TrimSpace(l)] = true
	}
	for _, w := range wants {
		if !lines[w] {
			t.Errorf("%s has no line %q", where, w)
		}
	}
	if t.Failed() {
		t.Logf("%s text:\n%s", where, text)
	}
}

// wantInvalid fails unless err is errs.Invalid with a detail containing
// each of wants, and returns its details.
func wantInvalid(t *testing.T, err error, wants ...string) []locale.Text {
	t.Helper()
	var e *errs.Error
	if !errors.As(err, &e) || e.Code != errs.Invalid {
		t.Fatalf("error %v, want errs.Invalid", err)
	}
	all := locale.Join(e.Details, "\n").VI
	for _, w := range wants {
		if !strings.Contains(all, w) {
			t.Errorf("details lack %q:\n%s", w, all)
		}
	}
	return e.Details
}

// both renders d to PDF and DOCX and checks each holds wants, and the DOCX
// in this order (pdftotext reads a table's wrapped cells column by column
// and the date line before the left column's last lines, so PDF order is
// checked per test on what it keeps in order).
func both(t *testing.T, d *docgen.Document, wants ...string) (pdf, docx string) {
	t.Helper()
	pdf = renderPDF(t, d)
	docx = renderDOCX(t, d)
	wantAll(t, "PDF", pdf, wants...)
	wantAll(t, "DOCX", collapse(docx), wants...)
	wantInOrder(t, "DOCX", collapse(docx), wants...)
	return pdf, docx
}
