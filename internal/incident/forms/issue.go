package forms

import (
	"strings"
	"time"

	"attt/internal/docgen"
	"attt/internal/errs"
	"attt/internal/locale"
)

// Issue is what every document carries around its content: who issues it,
// its number, place and date, to whom it goes, who signs it.
type Issue struct {
	// Issuer is the cơ quan chủ quản (e.g. "UBND tỉnh Hưng Yên"); may be empty.
	Issuer string
	// Agency is the issuing agency; required.
	Agency string
	// Number is the số/ký hiệu, e.g. "15/BC-STC"; empty leaves it to be
	// filled in by hand.
	Number string
	// Place is the địa danh of the date line, e.g. "Hưng Yên".
	Place string
	// Date is the issuing date; required.
	Date time.Time
	// To are the "Kính gửi" addressees; reports print them at the top of the
	// body when given, a công văn adds them after its own addressees.
	To []string
	// SignerTitle is the signer's title, lines separated by "\n"; empty
	// prints the title the form asks for.
	SignerTitle string
	// SignerName is the signer's full name.
	SignerName string
	// Recipients are the Nơi nhận lines; empty gives "Như trên" (when there
	// are addressees) and "Lưu: VT".
	Recipients []string
}

// document returns the docgen document for is with the given kind, summary
// and default signer title.
func (is *Issue) document(kind, summary, signer string) *docgen.Document {
	title := strings.TrimSpace(is.SignerTitle)
	if title == "" {
		title = signer
	}
	return &docgen.Document{
		Issuer:      strings.TrimSpace(is.Issuer),
		Agency:      strings.TrimSpace(is.Agency),
		Number:      strings.TrimSpace(is.Number),
		Place:       strings.TrimSpace(is.Place),
		Date:        is.Date,
		Kind:        kind,
		Summary:     summary,
		SignerTitle: title,
		SignerName:  strings.TrimSpace(is.SignerName),
		Recipients:  is.recipients(),
	}
}

// recipients returns the Nơi nhận lines, defaulted when none are given.
func (is *Issue) recipients() []string {
	if r := clean(is.Recipients); len(r) > 0 {
		return r
	}
	if len(clean(is.To)) > 0 {
		return []string{"Như trên", "Lưu: VT"}
	}
	return []string{"Lưu: VT"}
}

// toBlock returns the "Kính gửi" line of a report, or nothing.
func (is *Issue) toBlock() []docgen.Block {
	to := clean(is.To)
	if len(to) == 0 {
		return nil
	}
	return []docgen.Block{docgen.Fields(docgen.Field{Label: "Kính gửi", Value: strings.Join(to, "; ")})}
}

// check adds what is lacks to p.
func (is *Issue) check(p *problems) {
	p.require(is.Agency, "Thiếu tên cơ quan ban hành", "The issuing agency is missing")
	if is.Date.IsZero() {
		p.add("Thiếu ngày ban hành", "The issue date is missing")
	}
}

// problems collects what is wrong with an input, one line each.
type problems []locale.Text

// add records one problem.
func (p *problems) add(vi, en string) { *p = append(*p, locale.T(vi, en)) }

// about records a problem of one named thing, e.g. one row of a table.
func (p *problems) about(name locale.Text, vi, en string) {
	*p = append(*p, locale.Text{VI: name.VI + ": " + vi, EN: name.EN + ": " + en})
}

// require records a problem unless s holds text.
func (p *problems) require(s, vi, en string) {
	if strings.TrimSpace(s) == "" {
		p.add(vi, en)
	}
}

// incident checks what both incident reports require: the reporter, the
// system struck and its level, the description and the detection time.
func (p *problems) incident(rep *Reporter, sys *System, description string, detected time.Time) {
	p.require(rep.Name, "Thiếu tên tổ chức/cá nhân báo cáo sự cố", "The reporting organisation is missing")
	p.require(sys.Name, "Thiếu tên hệ thống bị sự cố", "The affected system is missing")
	p.require(description, "Thiếu mô tả về sự cố", "The incident description is missing")
	if detected.IsZero() {
		p.add("Thiếu thời điểm phát hiện sự cố", "The detection time is missing")
	}
	p.level(sys.Level)
}

// category resolves code to its label: "" is not yet known, an unknown code
// is a problem.
func (p *problems) category(code string) string {
	code = strings.TrimSpace(code)
	if code == "" {
		return unknown
	}
	c, ok := LookupCategory(code)
	if !ok {
		*p = append(*p, locale.Tf("Loại sự cố không hợp lệ: %q", "Unknown incident type: %q", code))
		return unknown
	}
	return c.Label.VI
}

// level checks a security level: 0 (not classified) or 1–5.
func (p *problems) level(n int) {
	if n < 0 || n > 5 {
		*p = append(*p, locale.Tf("Cấp độ hệ thống phải từ 1 đến 5, không phải %d", "The system's security level must be 1 to 5, not %d", n))
	}
}

// err returns nil when nothing is wrong, else an errs.Invalid error naming
// the document and listing every problem.
func (p problems) err(doc locale.Text) error {
	if len(p) == 0 {
		return nil
	}
	msg := locale.Text{VI: doc.VI + " chưa đủ hoặc sai thông tin", EN: doc.EN + " is incomplete or wrong"}
	return errs.New(errs.Invalid, msg, p...)
}
