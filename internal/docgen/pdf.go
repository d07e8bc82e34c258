package docgen

import (
	"fmt"
	"io"
	"strconv"

	"github.com/go-fonts/liberation/liberationserifbold"
	"github.com/go-fonts/liberation/liberationserifbolditalic"
	"github.com/go-fonts/liberation/liberationserifitalic"
	"github.com/go-fonts/liberation/liberationserifregular"
	"github.com/go-pdf/fpdf"
)

// Page geometry in millimetres: A4 with the margins of Nghị định 30/2020
// (top and bottom 20–25, left 30–35, right 15–20).
const (
	pageW    = 210.0
	pageH    = 297.0
	marginT  = 20.0
	marginB  = 20.0
	marginL  = 30.0
	marginR  = 15.0
	contentW = pageW - marginL - marginR
	// The top-left block (agency, số) and the top-right block (Quốc hiệu,
	// date, later the signer) split the width.
	leftColW  = 73.0
	rightColX = marginL + leftColW
	rightColW = contentW - leftColW
)

// Font sizes in points.
const (
	sizeBody      = 14.0
	sizeHeader    = 13.0
	sizeNational  = 12.0
	sizeVv        = 12.0
	sizeTable     = 12.0
	sizeRecipHead = 12.0
	sizeRecip     = 11.0
)

// fontFamily is the name the Liberation Serif faces are registered under.
const fontFamily = "LiberationSerif"

// ptToMM converts a font size in points to millimetres.
const ptToMM = 25.4 / 72

// lineHeight is the line pitch for a font size: single spacing plus a little.
func lineHeight(size float64) float64 { return size * ptToMM * 1.25 }

// PDF writes d to w as an A4 PDF in the Nghị định 30/2020 layout, with Liberation
// Serif (metric-compatible with Times New Roman) embedded so every Vietnamese
// letter shows and extracts correctly. It returns an errs.Invalid error when
// the document lacks its agency or date.
func PDF(w io.Writer, d *Document) error {
	f, err := renderPDF(d)
	if err != nil {
		return err
	}
	if err := f.Output(w); err != nil {
		return fmt.Errorf("docgen: write pdf: %w", err)
	}
	return nil
}

// renderPDF lays d out and returns the finished but unwritten PDF.
func renderPDF(d *Document) (*fpdf.Fpdf, error) {
	if err := d.validate(); err != nil {
		return nil, err
	}
	p := &pdfDoc{f: newPDF(), d: d}
	p.f.SetTitle(pdfTitle(d), true)
	p.f.SetAuthor(d.Agency, true)
	p.f.SetCreationDate(d.Date)
	p.f.SetModificationDate(d.Date)
	p.f.SetHeaderFuncMode(p.pageNumber, false)
	p.f.AddPage()
	p.y = marginT
	p.header()
	p.body()
	p.signature()
	if err := p.f.Error(); err != nil {
		return nil, fmt.Errorf("docgen: render pdf: %w", err)
	}
	return p.f, nil
}

// newPDF returns an empty A4 document with the serif faces registered.
func newPDF() *fpdf.Fpdf {
	f := fpdf.New("P", "mm", "A4", "")
	f.SetMargins(marginL, marginT, marginR)
	// Pages are broken by the layout code, which knows what must stay together.
	f.SetAutoPageBreak(false, marginB)
	f.SetCatalogSort(true)
	f.AddUTF8FontFromBytes(fontFamily, "", liberationserifregular.TTF)
	f.AddUTF8FontFromBytes(fontFamily, "B", liberationserifbold.TTF)
	f.AddUTF8FontFromBytes(fontFamily, "I", liberationserifitalic.TTF)
	f.AddUTF8FontFromBytes(fontFamily, "BI", liberationserifbolditalic.TTF)
	return f
}

// pdfTitle is the document title kept in the PDF metadata.
func pdfTitle(d *Document) string {
	if d.IsOfficialLetter() {
		return d.summaryLine()
	}
	if d.Summary == "" {
		return d.Kind
	}
	return d.Kind + " " + d.Summary
}

// pdfDoc is one PDF being laid out; y is the top of the next line in mm.
type pdfDoc struct {
	f *fpdf.Fpdf
	d *Document
	y float64
}

// pageNumber prints the page number centred in the top margin, from page 2
// on, as Nghị định 30/2020 requires.
func (p *pdfDoc) pageNumber() {
	n := p.f.PageNo()
	if n < 2 {
		return
	}
	p.font("", sizeHeader)
	p.f.SetXY(marginL, 10)
	p.f.CellFormat(contentW, lineHeight(sizeHeader), strconv.Itoa(n), "", 0, "C", false, 0, "")
}

// font selects the serif face in style ("", "B", "I", "BI") at size points.
func (p *pdfDoc) font(style string, size float64) { p.f.SetFont(fontFamily, style, size) }

// need starts a new page unless h millimetres still fit on this one.
func (p *pdfDoc) need(h float64) {
	if p.y+h > pageH-marginB {
		p.newPage()
	}
}

// newPage starts a new page and puts y at its top margin.
func (p *pdfDoc) newPage() {
	p.f.AddPage()
	p.y = marginT
}

// centred prints each line of s (wrapped to w) centred in [x, x+w] and
// returns the widest printed line's width.
func (p *pdfDoc) centred(x, w float64, s, style string, size float64) float64 {
	p.font(style, size)
	lh := lineHeight(size)
	widest := 0.0
	for _, line := range p.f.SplitText(s, w) {
		p.need(lh)
		p.f.SetXY(x, p.y)
		p.f.CellFormat(w, lh, line, "", 0, "C", false, 0, "")
		widest = max(widest, p.f.GetStringWidth(line))
		p.y += lh
	}
	return widest
}

// headerSize is the size for a top-left line: 13 pt, or 12 pt (the lower
// bound Nghị định 30/2020 allows) when that keeps it on one line.
func (p *pdfDoc) headerSize(s, style string) float64 {
	p.font(style, sizeHeader)
	if p.f.GetStringWidth(s)+2*p.f.GetCellMargin() <= leftColW {
		return sizeHeader
	}
	return sizeHeader - 1
}

// rule draws a horizontal line of length l centred in [x, x+w] at y.
func (p *pdfDoc) rule(x, w, l, y float64) {
	p.f.SetLineWidth(0.3)
	p.f.Line(x+(w-l)/2, y, x+(w+l)/2, y)
}
