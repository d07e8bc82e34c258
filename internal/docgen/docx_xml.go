package docgen

import (
	"encoding/xml"
	"fmt"
	"strings"
)

// esc escapes s for XML character data and attributes.
func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s)) // writes to a strings.Builder never fail
	return b.String()
}

// wRun is one WordprocessingML run: text in a style ("", "B", "I", "BI") at
// size points; "\n" becomes a line break.
func wRun(text, style string, size float64) string {
	var b strings.Builder
	b.WriteString("<w:r><w:rPr>")
	if strings.Contains(style, "B") {
		b.WriteString("<w:b/><w:bCs/>")
	}
	if strings.Contains(style, "I") {
		b.WriteString("<w:i/><w:iCs/>")
	}
	hp := int(size * 2)
	fmt.Fprintf(&b, `<w:sz w:val="%d"/><w:szCs w:val="%d"/></w:rPr>`, hp, hp)
	for i, line := range strings.Split(text, "\n") {
		if i > 0 {
			b.WriteString("<w:br/>")
		}
		b.WriteString(`<w:t xml:space="preserve">` + esc(line) + `</w:t>`)
	}
	b.WriteString("</w:r>")
	return b.String()
}

// pOpt is the paragraph formatting WordprocessingML needs here.
type pOpt struct {
	jc        string // left, center, right, both
	firstLine float64
	left      float64 // mm
	right     float64 // mm
	after     float64 // points
	keepNext  bool
	topRule   bool // a thin border along the paragraph's top: the short rules
	lineExact float64
}

// wPara is a paragraph of runs.
func wPara(o pOpt, runs ...string) string {
	var b strings.Builder
	b.WriteString("<w:p><w:pPr>")
	if o.keepNext {
		b.WriteString("<w:keepNext/>")
	}
	if o.topRule {
		b.WriteString(`<w:pBdr><w:top w:val="single" w:sz="6" w:space="0" w:color="000000"/></w:pBdr>`)
	}
	if o.lineExact > 0 {
		fmt.Fprintf(&b, `<w:spacing w:before="0" w:after="%d" w:line="%d" w:lineRule="exact"/>`, int(o.after*20), int(o.lineExact*20))
	} else {
		fmt.Fprintf(&b, `<w:spacing w:before="0" w:after="%d"/>`, int(o.after*20))
	}
	if o.left != 0 || o.right != 0 || o.firstLine != 0 {
		fmt.Fprintf(&b, `<w:ind w:left="%d" w:right="%d" w:firstLine="%d"/>`, twips(o.left), twips(o.right), twips(o.firstLine))
	}
	if o.jc != "" {
		fmt.Fprintf(&b, `<w:jc w:val="%s"/>`, o.jc)
	}
	b.WriteString("</w:pPr>")
	for _, r := range runs {
		b.WriteString(r)
	}
	b.WriteString("</w:p>")
	return b.String()
}

// ruleUnder is an empty paragraph whose top border is a centred rule of
// length l in a space w millimetres wide.
func ruleUnder(w, l float64) string {
	side := max(0, (w-l)/2)
	return wPara(pOpt{topRule: true, left: side, right: side, lineExact: 4})
}

// wCell is a table cell of width mm holding paragraphs (at least one).
func wCell(width float64, paras ...string) string {
	if len(paras) == 0 {
		paras = []string{wPara(pOpt{})}
	}
	return fmt.Sprintf(`<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/></w:tcPr>%s</w:tc>`, twips(width), strings.Join(paras, ""))
}

// wTable is a fixed-layout table of the given column widths (mm); borders
// draws its grid; rows are whole <w:tr> elements.
func wTable(widths []float64, borders bool, rows ...string) string {
	var b strings.Builder
	total := 0.0
	for _, w := range widths {
		total += w
	}
	fmt.Fprintf(&b, `<w:tbl><w:tblPr><w:tblW w:w="%d" w:type="dxa"/><w:jc w:val="center"/>`, twips(total))
	val := "nil"
	if borders {
		val = "single"
	}
	b.WriteString("<w:tblBorders>")
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		fmt.Fprintf(&b, `<w:%s w:val="%s" w:sz="4" w:space="0" w:color="000000"/>`, side, val)
	}
	b.WriteString(`</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>`)
	for _, w := range widths {
		fmt.Fprintf(&b, `<w:gridCol w:w="%d"/>`, twips(w))
	}
	b.WriteString("</w:tblGrid>")
	for _, r := range rows {
		b.WriteString(r)
	}
	b.WriteString("</w:tbl>")
	return b.String()
}

// wRow is a table row; a header row repeats on every page, and no row
// splits across pages.
func wRow(header bool, cells ...string) string {
	pr := "<w:trPr><w:cantSplit/></w:trPr>"
	if header {
		pr = "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
	}
	return "<w:tr>" + pr + strings.Join(cells, "") + "</w:tr>"
}

// documentXML is word/document.xml for d.
func documentXML(d *Document, m measurer) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n")
	b.WriteString(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>`)
	b.WriteString(docxHeader(d, m))
	for i := range d.Body {
		b.WriteString(docxBlock(&d.Body[i]))
	}
	b.WriteString(docxSignature(d))
	fmt.Fprintf(&b, `<w:sectPr><w:headerReference w:type="default" r:id="rId3"/><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="567" w:footer="567" w:gutter="0"/><w:titlePg/></w:sectPr>`,
		twips(marginT), twips(marginR), twips(marginB), twips(marginL))
	b.WriteString("</w:body></w:document>")
	return b.String()
}

// docxHeader is the two top blocks, the số and date line, and the kind and
// trích yếu or the Kính gửi of a công văn.
func docxHeader(d *Document, m measurer) string {
	center := pOpt{jc: "center"}
	var left, right []string
	if s := strings.ToUpper(strings.TrimSpace(d.Issuer)); s != "" {
		left = append(left, wPara(center, wRun(s, "", m.p.headerSize(s, ""))))
	}
	agency := strings.ToUpper(d.Agency)
	agencySize := m.p.headerSize(agency, "B")
	left = append(left, wPara(center, wRun(agency, "B", agencySize)))
	left = append(left, ruleUnder(leftColW, min(m.width(agency, "B", agencySize), leftColW)*0.4))
	right = append(right,
		wPara(center, wRun(NationalTitle, "B", sizeNational)),
		wPara(center, wRun(Motto, "B", sizeBody)),
		ruleUnder(rightColW, m.width(Motto, "B", sizeBody)))
	num := []string{wPara(center, wRun(d.numberLine(), "", sizeHeader))}
	if d.IsOfficialLetter() && d.summaryLine() != "" {
		num = append(num, wPara(center, wRun(d.summaryLine(), "", sizeVv)))
	}
	date := wPara(center, wRun(DateLine(d.Place, d.Date), "I", sizeHeader))
	widths := []float64{leftColW, rightColW}
	var b strings.Builder
	b.WriteString(wTable(widths, false,
		wRow(false, wCell(leftColW, left...), wCell(rightColW, right...)),
		wRow(false, wCell(leftColW, num...), wCell(rightColW, date))))
	b.WriteString(wPara(pOpt{after: 6}))
	if d.IsOfficialLetter() {
		for i, line := range d.salutationLines() {
			o := pOpt{jc: "center"}
			if i == 0 && len(d.salutationLines()) > 1 {
				o = pOpt{left: contentW * 0.25}
			} else if i > 0 {
				o = pOpt{left: contentW*0.25 + m.width("Kính gửi: ", "", sizeBody)}
				line = strings.TrimSpace(line)
			}
			b.WriteString(wPara(o, wRun(line, "", sizeBody)))
		}
		b.WriteString(wPara(pOpt{after: 6}))
		return b.String()
	}
	b.WriteString(wPara(pOpt{jc: "center", keepNext: true}, wRun(strings.ToUpper(strings.TrimSpace(d.Kind)), "B", sizeBody)))
	if s := d.summaryLine(); s != "" {
		b.WriteString(wPara(pOpt{jc: "center", keepNext: true}, wRun(s, "B", sizeBody)))
		b.WriteString(ruleUnder(contentW, min(m.width(s, "B", sizeBody), contentW)*0.35))
	}
	b.WriteString(wPara(pOpt{after: 6}))
	return b.String()
}

// docxBlock renders one body block.
func docxBlock(bl *Block) string {
	body := pOpt{jc: "both", firstLine: paraIndent, after: 6}
	switch bl.Kind {
	case BlockParagraph:
		return wPara(body, wRun(bl.Text, "", sizeBody))
	case BlockHeading:
		body.keepNext = true
		return wPara(body, wRun(bl.Text, "B", sizeBody))
	case BlockList:
		var b strings.Builder
		for _, it := range bl.Items {
			b.WriteString(wPara(body, wRun("- "+it, "", sizeBody)))
		}
		return b.String()
	case BlockFields:
		var b strings.Builder
		for _, f := range bl.Fields {
			b.WriteString(wPara(body, wRun(f.Label+": ", "B", sizeBody), wRun(f.Value, "", sizeBody)))
		}
		return b.String()
	case BlockTable:
		return docxTable(bl)
	}
	return ""
}

// docxTable renders a table block with its header row marked to repeat.
func docxTable(bl *Block) string {
	rel := bl.relWidths()
	if len(rel) == 0 {
		return ""
	}
	widths := make([]float64, len(rel))
	for i, r := range rel {
		widths[i] = r * contentW
	}
	row := func(cells []string, header bool) string {
		tcs := make([]string, len(widths))
		for i, w := range widths {
			s, style, jc := cell(cells, i), "", "left"
			if header {
				style, jc = "B", "center"
			} else if isShortNumber([]string{s}) {
				jc = "center"
			}
			tcs[i] = wCell(w, wPara(pOpt{jc: jc}, wRun(s, style, sizeTable)))
		}
		return wRow(header, tcs...)
	}
	rows := make([]string, 0, len(bl.Rows)+1)
	if len(bl.Header) > 0 {
		rows = append(rows, row(bl.Header, true))
	}
	for _, r := range bl.Rows {
		rows = append(rows, row(r, false))
	}
	return wTable(widths, true, rows...) + wPara(pOpt{after: 6})
}

// docxSignature is Nơi nhận at the left and the signer at the right, in a
// borderless table that does not split.
func docxSignature(d *Document) string {
	var left []string
	if lines := d.recipientLines(); len(lines) > 0 {
		left = append(left, wPara(pOpt{keepNext: true}, wRun("Nơi nhận:", "BI", sizeRecipHead)))
		for _, l := range lines {
			left = append(left, wPara(pOpt{keepNext: true}, wRun(l, "", sizeRecip)))
		}
	}
	center := pOpt{jc: "center", keepNext: true}
	var right []string
	if t := strings.TrimSpace(d.SignerTitle); t != "" {
		for _, line := range strings.Split(strings.ToUpper(t), "\n") {
			right = append(right, wPara(center, wRun(strings.TrimSpace(line), "B", sizeBody)))
		}
	}
	for range 4 {
		right = append(right, wPara(center))
	}
	if d.SignerName != "" {
		right = append(right, wPara(center, wRun(d.SignerName, "B", sizeBody)))
	}
	widths := []float64{leftColW, rightColW}
	return wTable(widths, false, wRow(false, wCell(leftColW, left...), wCell(rightColW, right...))) + wPara(pOpt{})
}
