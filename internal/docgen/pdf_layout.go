package docgen

import (
	"strings"
	"unicode"
)

// paraIndent is the first-line indent of body paragraphs (1–1.27 cm).
const paraIndent = 10.0

// header lays out the top blocks, the date line, the kind and trích yếu (or
// the V/v line and Kính gửi of a công văn).
func (p *pdfDoc) header() {
	d := p.d
	top := p.y

	// Top left: cơ quan chủ quản, cơ quan ban hành and its short rule.
	if s := strings.ToUpper(strings.TrimSpace(d.Issuer)); s != "" {
		p.centred(marginL, leftColW, s, "", p.headerSize(s, ""))
	}
	agency := strings.ToUpper(d.Agency)
	agencyW := p.centred(marginL, leftColW, agency, "B", p.headerSize(agency, "B"))
	p.rule(marginL, leftColW, agencyW*0.4, p.y+0.8)
	leftBottom := p.y + 2

	// Top right: Quốc hiệu, Tiêu ngữ with a rule as long as the line.
	p.y = top
	p.centred(rightColX, rightColW, NationalTitle, "B", sizeNational)
	mottoW := p.centred(rightColX, rightColW, Motto, "B", sizeBody)
	p.rule(rightColX, rightColW, mottoW, p.y+0.8)
	rightBottom := p.y + 2

	// Số and the date line sit on one line, under the two blocks.
	line := max(leftBottom, rightBottom) + 1.5
	p.y = line
	p.centred(marginL, leftColW, d.numberLine(), "", sizeHeader)
	if d.IsOfficialLetter() && d.summaryLine() != "" {
		p.centred(marginL, leftColW, d.summaryLine(), "", sizeVv)
	}
	leftBottom = p.y
	p.y = line
	p.centred(rightColX, rightColW, DateLine(d.Place, d.Date), "I", sizeHeader)
	p.y = max(leftBottom, p.y) + 6

	if d.IsOfficialLetter() {
		p.salutation()
		return
	}
	p.centred(marginL, contentW, strings.ToUpper(strings.TrimSpace(d.Kind)), "B", sizeBody)
	if s := d.summaryLine(); s != "" {
		w := p.centred(marginL, contentW, s, "B", sizeBody)
		p.rule(marginL, contentW, min(w, contentW)*0.35, p.y+0.8)
	}
	p.y += 5
}

// salutation prints "Kính gửi: …" centred; further addressees line up under
// the first one's name.
func (p *pdfDoc) salutation() {
	lines := p.d.salutationLines()
	if len(lines) == 0 {
		return
	}
	p.font("", sizeBody)
	lh := lineHeight(sizeBody)
	first := lines[0]
	x := marginL + max(0, (contentW-p.f.GetStringWidth(first))/2)
	if len(lines) > 1 {
		x = marginL + contentW*0.25
	}
	hang := 0.0
	if i := strings.Index(first, ":"); i >= 0 {
		hang = p.f.GetStringWidth(first[:i+1] + " ")
	}
	for i, line := range lines {
		lx := x
		if i > 0 {
			lx += hang
			line = strings.TrimSpace(line)
		}
		p.need(lh)
		p.f.SetXY(lx, p.y)
		p.f.CellFormat(marginL+contentW-lx, lh, line, "", 0, "L", false, 0, "")
		p.y += lh
	}
	p.y += 4
}

// body lays out every block in order.
func (p *pdfDoc) body() {
	for i := range p.d.Body {
		b := &p.d.Body[i]
		switch b.Kind {
		case BlockParagraph:
			p.flow([]run{{b.Text, ""}}, marginL, contentW, paraIndent, sizeBody)
		case BlockHeading:
			p.flow([]run{{b.Text, "B"}}, marginL, contentW, paraIndent, sizeBody)
		case BlockList:
			for _, it := range b.Items {
				p.flow([]run{{"- " + it, ""}}, marginL, contentW, paraIndent, sizeBody)
			}
		case BlockFields:
			for _, fl := range b.Fields {
				p.flow([]run{{fl.Label + ": ", "B"}, {fl.Value, ""}}, marginL, contentW, paraIndent, sizeBody)
			}
		case BlockTable:
			p.table(b)
		}
	}
}

// run is a piece of text in one style.
type run struct {
	text  string
	style string
}

// word is a unit of line breaking; brk marks a forced line break.
type word struct {
	text  string
	style string
	w     float64
	brk   bool
}

// words splits runs into measured words.
func (p *pdfDoc) words(runs []run, size float64) []word {
	var out []word
	for _, r := range runs {
		p.font(r.style, size)
		for li, line := range strings.Split(r.text, "\n") {
			if li > 0 {
				out = append(out, word{brk: true})
			}
			for _, t := range strings.FieldsFunc(line, unicode.IsSpace) {
				out = append(out, word{text: t, style: r.style, w: p.f.GetStringWidth(t)})
			}
		}
	}
	return out
}

// flow prints runs as a justified paragraph in [x, x+w], the first line
// indented, breaking pages between lines, then leaves a small gap.
func (p *pdfDoc) flow(runs []run, x, w, indent, size float64) {
	ws := p.words(runs, size)
	p.font("", size)
	space := p.f.GetStringWidth(" ")
	lh := lineHeight(size)
	lineStart, first := 0, true
	for lineStart < len(ws) {
		avail := w
		if first {
			avail -= indent
		}
		end, used := lineStart, 0.0
		for end < len(ws) && !ws[end].brk {
			add := ws[end].w
			if end > lineStart {
				add += space
			}
			if used+add > avail && end > lineStart {
				break
			}
			used += add
			end++
		}
		last := end >= len(ws) || ws[end].brk
		lx := x
		if first {
			lx += indent
		}
		p.line(ws[lineStart:end], lx, avail, space, !last, size)
		if end < len(ws) && ws[end].brk {
			end++
			first = true
		} else {
			first = false
		}
		lineStart = end
	}
	p.y += lh*0.1 + 1.5
}

// line prints one line of words from x, spreading them to width w when
// justify is set.
func (p *pdfDoc) line(ws []word, x, w, space float64, justify bool, size float64) {
	lh := lineHeight(size)
	p.need(lh)
	// Zero cell margin so words sit exactly where they were measured.
	cm := p.f.GetCellMargin()
	p.f.SetCellMargin(0)
	defer p.f.SetCellMargin(cm)
	gap := space
	if justify && len(ws) > 1 {
		total := 0.0
		for _, wd := range ws {
			total += wd.w
		}
		gap = (w - total) / float64(len(ws)-1)
	}
	for _, wd := range ws {
		p.font(wd.style, size)
		p.f.SetXY(x, p.y)
		p.f.CellFormat(wd.w, lh, wd.text, "", 0, "L", false, 0, "")
		x += wd.w + gap
	}
	p.y += lh
}

// Table cell padding (mm).
const cellPadV = 1.0

// table prints a bordered table; rows never split, and the header row is
// repeated at the top of every page the table continues on.
func (p *pdfDoc) table(b *Block) {
	rel := b.relWidths()
	if len(rel) == 0 {
		return
	}
	widths := make([]float64, len(rel))
	for i, r := range rel {
		widths[i] = r * contentW
	}
	head := p.tableRow(b.Header, widths, "B", true)
	if len(b.Header) == 0 {
		head = nil
	}
	first := 0.0
	if len(b.Rows) > 0 {
		first = p.tableRow(b.Rows[0], widths, "", false).h
	}
	p.need(head.height() + first)
	head.draw(p)
	for _, r := range b.Rows {
		row := p.tableRow(r, widths, "", false)
		if p.y+row.h > pageH-marginB {
			p.newPage()
			head.draw(p)
		}
		row.draw(p)
	}
	p.y += 3
}

// pdfRow is a measured table row ready to draw.
type pdfRow struct {
	cells  [][]string
	widths []float64
	style  string
	header bool
	h      float64
}

// height is the row's height; a nil row has none.
func (r *pdfRow) height() float64 {
	if r == nil {
		return 0
	}
	return r.h
}

// tableRow wraps each cell to its column and measures the row.
func (p *pdfDoc) tableRow(cells []string, widths []float64, style string, header bool) *pdfRow {
	p.font(style, sizeTable)
	r := &pdfRow{widths: widths, style: style, header: header}
	lines := 1
	for i, w := range widths {
		wrapped := p.f.SplitText(cell(cells, i), w)
		if len(wrapped) == 0 {
			wrapped = []string{""}
		}
		r.cells = append(r.cells, wrapped)
		lines = max(lines, len(wrapped))
	}
	r.h = float64(lines)*lineHeight(sizeTable) + 2*cellPadV
	return r
}

// draw prints the row at the current y with its borders.
func (r *pdfRow) draw(p *pdfDoc) {
	if r == nil {
		return
	}
	p.font(r.style, sizeTable)
	p.f.SetLineWidth(0.2)
	lh := lineHeight(sizeTable)
	x := marginL
	for i, w := range r.widths {
		p.f.Rect(x, p.y, w, r.h, "D")
		align := "L"
		if r.header || isShortNumber(r.cells[i]) {
			align = "C"
		}
		for j, line := range r.cells[i] {
			p.f.SetXY(x, p.y+cellPadV+float64(j)*lh)
			p.f.CellFormat(w, lh, line, "", 0, align, false, 0, "")
		}
		x += w
	}
	p.y += r.h
}

// isShortNumber reports whether a cell is a lone short number (an STT or a
// count), which is centred.
func isShortNumber(lines []string) bool {
	if len(lines) != 1 || lines[0] == "" || len(lines[0]) > 8 {
		return false
	}
	for _, c := range lines[0] {
		if !unicode.IsDigit(c) && c != '.' && c != ',' && c != '%' {
			return false
		}
	}
	return true
}

// signature prints Nơi nhận at the left and the signer block at the right,
// kept together on one page.
func (p *pdfDoc) signature() {
	d := p.d
	titles := strings.Split(strings.ToUpper(strings.TrimSpace(d.SignerTitle)), "\n")
	lhB := lineHeight(sizeBody)
	signerH := float64(len(titles))*lhB + 25 + lhB
	p.font("", sizeRecip)
	recW := leftColW + 10
	var recLines []string
	for _, r := range d.recipientLines() {
		recLines = append(recLines, p.f.SplitText(r, recW)...)
	}
	recipH := 0.0
	if len(recLines) > 0 {
		recipH = lineHeight(sizeRecipHead) + float64(len(recLines))*lineHeight(sizeRecip)
	}
	p.y += 3
	p.need(max(signerH, recipH))
	top := p.y

	if len(recLines) > 0 {
		p.font("BI", sizeRecipHead)
		p.f.SetXY(marginL, p.y)
		p.f.CellFormat(recW, lineHeight(sizeRecipHead), "Nơi nhận:", "", 0, "L", false, 0, "")
		p.y += lineHeight(sizeRecipHead)
		p.font("", sizeRecip)
		for _, l := range recLines {
			p.f.SetXY(marginL, p.y)
			p.f.CellFormat(recW, lineHeight(sizeRecip), l, "", 0, "L", false, 0, "")
			p.y += lineHeight(sizeRecip)
		}
	}
	bottom := p.y

	p.y = top
	if strings.TrimSpace(d.SignerTitle) != "" {
		for _, t := range titles {
			p.centred(rightColX, rightColW, strings.TrimSpace(t), "B", sizeBody)
		}
	}
	p.y += 25
	if d.SignerName != "" {
		p.centred(rightColX, rightColW, d.SignerName, "B", sizeBody)
	}
	p.y = max(p.y, bottom)
}
