package intake

import (
	"bytes"
	"strings"
	"testing"

	"github.com/go-fonts/liberation/liberationserifregular"
	"github.com/go-pdf/fpdf"
)

// mustFPDF renders lines with go-pdf/fpdf and Liberation Serif, the way
// attt's own documents are generated: a real writer's output (subset
// TrueType font, Identity-H, ToUnicode, compressed streams), not a hand-made
// file.
func mustFPDF(tb testing.TB, lines []string) []byte {
	tb.Helper()
	p := fpdf.New("P", "mm", "A4", "")
	p.AddUTF8FontFromBytes("serif", "", liberationserifregular.TTF)
	p.SetFont("serif", "", 12)
	p.AddPage()
	for _, l := range lines {
		p.CellFormat(0, 8, l, "", 1, "L", false, 0, "")
	}
	var b bytes.Buffer
	if err := p.Output(&b); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

func TestPDFTextRealWriter(t *testing.T) {
	got, err := PDFText(mustFPDF(t, lines(secretText)))
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range lines(secretText) {
		if !strings.Contains(got, l) {
			t.Errorf("line %q missing from %q", l, got)
		}
	}
	if m := Markings(got); len(m) != 1 {
		t.Errorf("markings = %v", m)
	}
	got, _ = PDFText(mustFPDF(t, lines(benignText)))
	if m := Markings(got); len(m) != 0 || !strings.Contains(got, "Mật độ dân số") {
		t.Errorf("benign: markings %v in %q", m, got)
	}
}

func TestAcceptRealWriterPDF(t *testing.T) {
	env := mustGate(t, Options{})
	if _, err := env.gate.Accept(t.Context(), "qd.pdf", bytes.NewReader(mustFPDF(t, lines(secretText)))); ReasonOf(err) != ReasonSecret {
		t.Fatalf("secret fpdf PDF: err = %v", err)
	}
	if _, err := env.gate.Accept(t.Context(), "bc.pdf", bytes.NewReader(mustFPDF(t, lines(benignText)))); err != nil {
		t.Fatalf("benign fpdf PDF: %v", err)
	}
}
