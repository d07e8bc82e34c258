// Package docgen renders official Vietnamese administrative documents — báo
// cáo, công văn, thông báo and the incident forms (Mẫu 03/04/05) — as PDF and
// DOCX from one Document model, in the layout of Nghị định 30/2020/NĐ-CP
// (Phụ lục I): issuing agency and số/ký hiệu at top left, Quốc hiệu and Tiêu
// ngữ at top right, place and date, kind and trích yếu, body, signer block and
// Nơi nhận. Document numbering is not done here; the services own it.
package docgen

import (
	"strings"
	"time"

	"attt/internal/errs"
	"attt/internal/locale"
)

// Quốc hiệu and Tiêu ngữ, fixed by Nghị định 30/2020.
const (
	NationalTitle = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
	Motto         = "Độc lập - Tự do - Hạnh phúc"
)

// KindOfficialLetter is the kind of a công văn, which has no kind line: its
// trích yếu ("V/v …") sits under the số at the left instead.
const KindOfficialLetter = "CÔNG VĂN"

// Document is one official document, format-independent.
type Document struct {
	// Issuer is the cơ quan chủ quản, the upper line of the top-left block
	// (e.g. "UBND TỈNH HƯNG YÊN"); may be empty.
	Issuer string
	// Agency is the TÊN CƠ QUAN BAN HÀNH, bold under the issuer.
	Agency string
	// Number is the số/ký hiệu without the "Số:" prefix, e.g. "12/BC-SKHCN".
	// Empty leaves a blank for it to be filled in by hand.
	Number string
	// Place is the địa danh of the date line, e.g. "Hưng Yên".
	Place string
	// Date is the issuing date, shown in Asia/Ho_Chi_Minh.
	Date time.Time
	// Kind is the document kind in upper case (BÁO CÁO, THÔNG BÁO, …).
	// Empty or KindOfficialLetter gives a công văn.
	Kind string
	// Summary is the trích yếu: the title under the kind, or for a công văn
	// the "V/v …" line ("V/v " is added when missing).
	Summary string
	// Salutation is the "Kính gửi: …" line of a công văn ("Kính gửi: " is
	// added when missing); further lines ("\n") are further addressees.
	Salutation string
	// Body is the content, in order.
	Body []Block
	// SignerTitle is the signer's title; lines separated by "\n", e.g.
	// "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC".
	SignerTitle string
	// SignerName is the signer's full name.
	SignerName string
	// Recipients are the Nơi nhận lines, e.g. "Như trên", "Lưu: VT, ATTT".
	Recipients []string
}

// IsOfficialLetter reports whether d is laid out as a công văn.
func (d *Document) IsOfficialLetter() bool {
	k := strings.TrimSpace(d.Kind)
	return k == "" || strings.EqualFold(k, KindOfficialLetter)
}

// summaryLine returns the trích yếu as printed.
func (d *Document) summaryLine() string {
	s := strings.TrimSpace(d.Summary)
	if s == "" || !d.IsOfficialLetter() || strings.HasPrefix(s, "V/v") {
		return s
	}
	return "V/v " + s
}

// salutationLines returns the Kính gửi lines as printed, the first prefixed.
func (d *Document) salutationLines() []string {
	s := strings.TrimSpace(d.Salutation)
	if s == "" {
		return nil
	}
	if !strings.HasPrefix(s, "Kính gửi") {
		s = "Kính gửi: " + s
	}
	return strings.Split(s, "\n")
}

// numberLine returns "Số: …", with a blank when the number is not yet given.
func (d *Document) numberLine() string {
	if strings.TrimSpace(d.Number) == "" {
		return "Số:        /"
	}
	return "Số: " + strings.TrimSpace(d.Number)
}

// recipientLines returns the Nơi nhận list, each line "- …;" and the last "."
// as Nghị định 30 shows it.
func (d *Document) recipientLines() []string {
	out := make([]string, 0, len(d.Recipients))
	for i, r := range d.Recipients {
		r = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(r), "-"))
		r = strings.TrimRight(r, ";.")
		end := ";"
		if i == len(d.Recipients)-1 {
			end = "."
		}
		out = append(out, "- "+r+end)
	}
	return out
}

// validate checks what every layout needs.
func (d *Document) validate() error {
	var missing []locale.Text
	if strings.TrimSpace(d.Agency) == "" {
		missing = append(missing, locale.T("Thiếu tên cơ quan ban hành", "Issuing agency is missing"))
	}
	if d.Date.IsZero() {
		missing = append(missing, locale.T("Thiếu ngày ban hành", "Issue date is missing"))
	}
	if len(missing) > 0 {
		return errs.New(errs.Invalid, locale.T("Văn bản chưa đủ thông tin", "The document is incomplete"), missing...)
	}
	return nil
}

// BlockKind says what a Block holds.
type BlockKind int

// The kinds of body block.
const (
	// BlockParagraph is justified text with a first-line indent.
	BlockParagraph BlockKind = iota
	// BlockHeading is a bold section heading such as "1. Tình hình chung".
	BlockHeading
	// BlockList is a dash list ("- …"), one item a line.
	BlockList
	// BlockTable is a bordered table whose header row repeats on every page.
	BlockTable
	// BlockFields is a form of "label: value" lines, as in Mẫu 03.
	BlockFields
)

// Block is one piece of body content; which fields matter depends on Kind.
type Block struct {
	Kind BlockKind
	// Text is the paragraph or heading text.
	Text string
	// Items are the list items.
	Items []string
	// Header is the table's header row; Rows its body rows.
	Header []string
	Rows   [][]string
	// Widths are relative column widths; nil shares the width equally.
	Widths []float64
	// Fields are the form lines.
	Fields []Field
}

// Field is one "label: value" line of a form.
type Field struct {
	Label string
	Value string
}

// Paragraph returns a paragraph block.
func Paragraph(text string) Block { return Block{Kind: BlockParagraph, Text: text} }

// Heading returns a heading block.
func Heading(text string) Block { return Block{Kind: BlockHeading, Text: text} }

// List returns a dash-list block.
func List(items ...string) Block { return Block{Kind: BlockList, Items: items} }

// Table returns a table block with a header row and body rows.
func Table(header []string, rows [][]string) Block {
	return Block{Kind: BlockTable, Header: header, Rows: rows}
}

// Fields returns a form block.
func Fields(fields ...Field) Block { return Block{Kind: BlockFields, Fields: fields} }

// columns returns the number of columns of a table block.
func (b *Block) columns() int {
	n := len(b.Header)
	for _, r := range b.Rows {
		n = max(n, len(r))
	}
	return n
}

// relWidths returns the table's column widths as fractions summing to 1.
func (b *Block) relWidths() []float64 {
	n := b.columns()
	w := make([]float64, n)
	sum := 0.0
	for i := range w {
		w[i] = 1
		if i < len(b.Widths) && b.Widths[i] > 0 {
			w[i] = b.Widths[i]
		}
		sum += w[i]
	}
	for i := range w {
		w[i] /= sum
	}
	return w
}

// cell returns row[i] or "" when the row is short.
func cell(row []string, i int) string {
	if i < len(row) {
		return row[i]
	}
	return ""
}
