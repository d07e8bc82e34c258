package forms

import (
	"strings"
	"time"
	"unicode/utf8"

	"attt/internal/docgen"
	"attt/internal/locale"
)

// DefaultBasis is the legal ground an escalation notice cites when
// Escalation.Basis is empty: the clauses of Hưng Yên's regulation that
// require an agency facing an incident beyond it to report at once, in
// writing, to its direct superior and to the Sở Thông tin và Truyền thông.
const DefaultBasis = "khoản 9 Điều 7 và khoản 3 Điều 11 Quy chế đảm bảo an toàn, an ninh thông tin thuộc lĩnh vực công nghệ thông tin trong hoạt động của các cơ quan nhà nước trên địa bàn tỉnh Hưng Yên ban hành kèm theo Quyết định số 05/2016/QĐ-UBND ngày 17/3/2016 của Ủy ban nhân dân tỉnh"

// EscalationSubject is the trích yếu of the notice.
const EscalationSubject = "V/v thông báo sự cố an toàn thông tin mạng vượt quá khả năng xử lý"

// Escalation is the written notice (công văn) by which an agency tells its
// superior and the provincial authority of an incident it cannot handle
// alone, and asks for support.
type Escalation struct {
	Issue
	// Superior is the agency's direct superior (cơ quan cấp trên quản lý
	// trực tiếp); required.
	Superior string
	// Authority is the provincial authority for information security, e.g.
	// "Sở Thông tin và Truyền thông tỉnh Hưng Yên"; required.
	Authority string
	// Basis is the legal ground cited; empty cites DefaultBasis.
	Basis string
	// Reference is the incident's reference in attt, if any.
	Reference string
	// Title names the incident in a few words; required.
	Title string
	// Category is the incident type code (see Categories).
	Category string
	// Severity is the assessed severity, as the incident service words it.
	Severity string
	// DetectedAt is when the incident was detected; required.
	DetectedAt time.Time
	// Status is its present state.
	Status string
	// Systems are the systems affected; at least one is required.
	Systems []System
	// Description is what has happened; required.
	Description string
	// Impact is the harm done or threatened.
	Impact string
	// Actions are what the agency has already done.
	Actions []string
	// SupportRequested is the support asked for; required.
	SupportRequested string
	// Contact is the agency's contact for the incident; Contact.Name is
	// required.
	Contact Person
}

// Document returns the notice as a công văn ready for docgen.PDF or
// docgen.DOCX, or an errs.Invalid error listing every missing or wrong field.
func (e *Escalation) Document() (*docgen.Document, error) {
	cat, err := e.check()
	if err != nil {
		return nil, err
	}
	d := e.Issue.document(docgen.KindOfficialLetter, EscalationSubject, "THỦ TRƯỞNG CƠ QUAN")
	d.Salutation = e.salutation()
	d.Recipients = e.recipients()
	agency := strings.TrimSpace(e.Agency)
	d.Body = []docgen.Block{
		docgen.Paragraph("Thực hiện " + or(e.Basis, DefaultBasis) + ", " + agency +
			" thông báo sự cố an toàn thông tin mạng vượt quá khả năng xử lý của đơn vị như sau:"),
		docgen.Heading("1. Thông tin về sự cố"),
		docgen.Fields(
			field("Tên sự cố", orUnknown(e.Title)),
			field("Mã sự cố", orNone(e.Reference)),
			field("Loại sự cố", cat),
			field("Mức độ nghiêm trọng", orUnknown(e.Severity)),
			field("Thời điểm phát hiện", dateTime(e.DetectedAt)),
			field("Hiện trạng", orUnknown(e.Status))),
		docgen.Heading("2. Hệ thống bị ảnh hưởng"), e.systems(),
		docgen.Heading("3. Diễn biến và mức độ ảnh hưởng"),
		textBlock(e.Description, unknown),
		docgen.Fields(field("Mức độ ảnh hưởng, thiệt hại", orUnknown(e.Impact))),
		docgen.Heading("4. Các biện pháp đơn vị đã thực hiện"), listOrNone(e.Actions),
		docgen.Heading("5. Nội dung đề nghị hỗ trợ"), textBlock(e.SupportRequested, none),
		docgen.Heading("6. Đầu mối liên hệ"), e.Contact.fields(),
		docgen.Paragraph(agency + " kính đề nghị " + strings.Join(clean([]string{e.Superior, e.Authority}), " và ") +
			" quan tâm, hướng dẫn, hỗ trợ đơn vị khắc phục sự cố./."),
	}
	return d, nil
}

// check validates the notice and returns the incident type's label.
func (e *Escalation) check() (string, error) {
	var p problems
	e.Issue.check(&p)
	p.require(e.Superior, "Thiếu cơ quan cấp trên quản lý trực tiếp", "The superior agency is missing")
	p.require(e.Authority, "Thiếu cơ quan chuyên trách về an toàn thông tin của tỉnh", "The provincial authority is missing")
	p.require(e.Title, "Thiếu tên sự cố", "The incident title is missing")
	p.require(e.Description, "Thiếu mô tả diễn biến sự cố", "The incident description is missing")
	p.require(e.SupportRequested, "Thiếu nội dung đề nghị hỗ trợ", "The support requested is missing")
	p.require(e.Contact.Name, "Thiếu đầu mối liên hệ", "The contact person is missing")
	if e.DetectedAt.IsZero() {
		p.add("Thiếu thời điểm phát hiện sự cố", "The detection time is missing")
	}
	if len(e.Systems) == 0 {
		p.add("Chưa nêu hệ thống bị ảnh hưởng", "No affected system is given")
	}
	for i := range e.Systems {
		p.level(e.Systems[i].Level)
		if strings.TrimSpace(e.Systems[i].Name) == "" {
			p = append(p, locale.Tf("Hệ thống thứ %d thiếu tên", "Affected system %d has no name", i+1))
		}
	}
	cat := p.category(e.Category)
	return cat, p.err(locale.T("Công văn thông báo sự cố", "The incident notice"))
}

// salutation returns the Kính gửi lines: the superior, the authority, then
// any further addressees.
func (e *Escalation) salutation() string {
	to := clean(append([]string{e.Superior, e.Authority}, e.To...))
	if len(to) == 1 {
		return "Kính gửi: " + to[0] + "."
	}
	lines := make([]string, len(to))
	for i, t := range to {
		end := ";"
		if i == len(to)-1 {
			end = "."
		}
		lines[i] = strings.Join(wrap("- "+t+end, addresseeWidth), "\n")
	}
	return "Kính gửi: " + strings.Join(lines, "\n")
}

// addresseeWidth is how many letters of an addressee fit on one line of the
// Kính gửi block, whose lines docgen does not wrap itself.
const addresseeWidth = 46

// wrap breaks s between words into lines of at most width letters (a
// longer word stays whole).
func wrap(s string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		switch {
		case line == "":
			line = w
		case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(w) <= width:
			line += " " + w
		default:
			lines = append(lines, line)
			line = w
		}
	}
	return append(lines, line)
}

// recipients returns the Nơi nhận lines, by default "Như trên" and the
// agency's own file copy.
func (e *Escalation) recipients() []string {
	if r := clean(e.Recipients); len(r) > 0 {
		return r
	}
	return []string{"Như trên", "Lưu: VT"}
}

// systems returns the affected systems as a table.
func (e *Escalation) systems() docgen.Block {
	rows := make([][]string, len(e.Systems))
	for i := range e.Systems {
		s := &e.Systems[i]
		rows[i] = []string{itoa(i + 1), orUnknown(s.Name), s.addresses(), levelText(s.Level), orUnknown(s.Operator)}
	}
	t := docgen.Table([]string{"STT", "Hệ thống", "Tên miền, địa chỉ IP", "Cấp độ", "Đơn vị vận hành"}, rows)
	t.Widths = []float64{0.6, 2.6, 2.6, 1.4, 2.2}
	return t
}
