package intake

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"strings"
	"testing"
)

func TestPDFText(t *testing.T) {
	for _, o := range []pdfOptions{{}, {flate: true}, {simple: true}, {flate: true, simple: true}} {
		got, err := PDFText(mustPDF(t, lines(secretText), o))
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range lines(secretText) {
			if !strings.Contains(got, l+"\n") {
				t.Errorf("%+v: line %q missing from %q", o, l, got)
			}
		}
	}
}

// TestPDFTextLiteralAndObjStm covers literal strings in a simple font, TJ
// arrays, a Form XObject, and a page dictionary kept in a compressed object
// stream, as PDF 1.5+ writers do.
func TestPDFTextLiteralAndObjStm(t *testing.T) {
	content := "BT /F1 12 Tf 72 760 Td (Noi dung) Tj 0 -14 Td [(Ban ) -50 (bao) -400 (cao)] TJ ET /X1 Do"
	form := "BT /F1 12 Tf 72 700 Td <FEFF004D1EAC0054> Tj ET" // "MẬT" as UTF-16BE text string
	objstm := "3 0 4 112 "                                    // object 3 at offset 0, object 4 at offset 112 (after First)
	page := "<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> /XObject << /X1 7 0 R >> >> /Contents 6 0 R >>"
	font := "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
	packed := objstm + fmt.Sprintf("%-112s", page) + font
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write([]byte(packed))
	zw.Close()
	var b bytes.Buffer
	b.WriteString("%PDF-1.5\n")
	fmt.Fprintf(&b, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n")
	fmt.Fprintf(&b, "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n")
	fmt.Fprintf(&b, "8 0 obj\n<< /Type /ObjStm /N 2 /First %d /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream\nendobj\n", len(objstm), z.Len(), z.Bytes())
	fmt.Fprintf(&b, "6 0 obj\n<< /Length %d >>\nstream\n%s\nendstream\nendobj\n", len(content), content)
	fmt.Fprintf(&b, "7 0 obj\n<< /Type /XObject /Subtype /Form /Length %d >>\nstream\n%s\nendstream\nendobj\n%%%%EOF\n", len(form), form)
	got, err := PDFText(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Noi dung\n", "Ban bao cao", "\nMẬT\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("%q missing from %q", want, got)
		}
	}
	if m := Markings(got); len(m) != 1 || m[0].Level != LevelMat {
		t.Errorf("markings = %v", m)
	}
}

func FuzzPDFText(f *testing.F) {
	f.Add(mustPDF(f, lines(secretText), pdfOptions{}))
	f.Add(mustPDF(f, []string{"a"}, pdfOptions{flate: true, simple: true}))
	f.Add([]byte("%PDF-1.4\n1 0 obj << /Length 5 >> stream\nBT (x) Tj ET\nendstream endobj"))
	f.Add([]byte("1 0 obj [[[[[ << /A (unterminated"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := PDFText(data)
		if err == nil && len(s) > 64*len(data)+(64<<20) {
			t.Fatalf("output %d bytes from %d", len(s), len(data))
		}
	})
}
