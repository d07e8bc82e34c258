package forms

import (
	"strings"
	"time"

	"attt/internal/docgen"
	"attt/internal/locale"
)

// Form references printed in each report.
const (
	circular = "Thông tư số 20/2017/TT-BTTTT ngày 12/9/2017 của Bộ Thông tin và Truyền thông quy định về điều phối, ứng cứu sự cố an toàn thông tin mạng trên toàn quốc"
	// signerForm is the signer the circular's forms name.
	signerForm = "NGƯỜI ĐẠI DIỆN THEO PHÁP LUẬT"
)

// formNote is the opening line saying which form a report follows.
func formNote(n string) docgen.Block {
	return docgen.Paragraph("Báo cáo lập theo Mẫu số " + n + " ban hành kèm theo " + circular + ".")
}

// Report03 is Mẫu 03, the initial report of a network incident (báo cáo
// ban đầu sự cố mạng), due within 5 days of detection and at once when the
// incident is beyond the agency.
type Report03 struct {
	Issue
	// Reporter files the report; Reporter.Name is required.
	Reporter Reporter
	// Contact is the người liên hệ; Contact.Name is required.
	Contact Person
	// System is the system struck; System.Name is required.
	System System
	// Category is the incident type code (see Categories); empty when not
	// yet known.
	Category string
	// Description is the short account of the incident: what has happened
	// or is at risk, and how sensitive the information involved is; required.
	Description string
	// DetectedAt is when the incident was detected; required.
	DetectedAt time.Time
	// Status is the incident's present state (hiện trạng sự cố), e.g. "Đang
	// diễn ra" or "Đã ngăn chặn".
	Status string
	// DetectionMethods say how it was detected (cách thức phát hiện).
	DetectionMethods []string
	// Notified are who has been sent notice of it already.
	Notified []string
	// Attachments are what is sent with the report (thông tin gửi kèm).
	Attachments []string
	// Confidential says the report's contents must be kept secret.
	Confidential bool
	// SupportRequested states the requests and proposals for support.
	SupportRequested string
	// ReportedAt is when the report was made; zero means Issue.Date.
	ReportedAt time.Time
}

// Document returns Mẫu 03 as a BÁO CÁO ready for docgen.PDF or docgen.DOCX,
// or an errs.Invalid error listing every missing or wrong field.
func (r *Report03) Document() (*docgen.Document, error) {
	var p problems
	r.Issue.check(&p)
	p.incident(&r.Reporter, &r.System, r.Description, r.DetectedAt)
	p.require(r.Contact.Name, "Thiếu họ tên người liên hệ", "The contact person is missing")
	cat := p.category(r.Category)
	if err := p.err(locale.T("Báo cáo ban đầu sự cố (Mẫu 03)", "The initial incident report (form 03)")); err != nil {
		return nil, err
	}
	d := r.Issue.document("BÁO CÁO BAN ĐẦU SỰ CỐ MẠNG", incidentSummary(r.Category, r.System.Name), signerForm)
	d.Body = r.body(cat)
	return d, nil
}

// body lays out Mẫu 03's sections in the form's order.
func (r *Report03) body(cat string) []docgen.Block {
	reported := r.ReportedAt
	if reported.IsZero() {
		reported = r.Date
	}
	b := append(r.Issue.toBlock(), formNote("03"),
		docgen.Heading("1. Thông tin về tổ chức/cá nhân báo cáo sự cố"), r.Reporter.fields(),
		docgen.Heading("2. Người liên hệ"), r.Contact.fields(),
		docgen.Heading("3. Thông tin chi tiết về hệ thống bị sự cố"),
		docgen.Fields(append(r.System.identity(),
			field("Tổ chức cung cấp dịch vụ an toàn thông tin", orNone(r.System.SecurityProvider)),
			field("Nhà cung cấp dịch vụ kết nối bên ngoài", orNone(r.System.ConnectivityProvider)))...),
		docgen.Heading("4. Mô tả sơ bộ về sự cố"),
		docgen.Fields(field("Loại sự cố", cat)),
		textBlock(r.Description, unknown),
		docgen.Fields(
			field("Thời điểm phát hiện sự cố", dateTime(r.DetectedAt)),
			field("Hiện trạng sự cố", orUnknown(r.Status))),
		docgen.Heading("5. Cách thức phát hiện"), listOrNone(r.DetectionMethods),
		docgen.Heading("6. Đã gửi thông báo sự cố cho"), listOrNone(r.Notified),
		docgen.Heading("7. Thông tin bổ sung về hệ thống xảy ra sự cố"), r.System.details(),
		docgen.Fields(
			field("Thông tin gửi kèm", joinOrNone(r.Attachments)),
			field("Các thông tin cung cấp trong báo cáo này phải được giữ bí mật", yesNo(r.Confidential))),
		docgen.Heading("8. Kiến nghị, đề xuất hỗ trợ"), textBlock(r.SupportRequested, none),
		docgen.Fields(field("Thời gian thực hiện báo cáo sự cố", dateTime(reported))),
	)
	return b
}

// incidentSummary is the trích yếu of an incident report: the incident's
// type, when known, and the system struck.
func incidentSummary(category, system string) string {
	s := "Sự cố an toàn thông tin mạng"
	if c, ok := LookupCategory(strings.TrimSpace(category)); ok && c.Code != CategoryOther {
		s = "Sự cố " + lowerFirst(c.Label.VI)
	}
	if system = strings.TrimSpace(system); system != "" {
		s += " tại hệ thống " + system
	}
	return s
}

// lowerFirst lower-cases the first letter of s.
func lowerFirst(s string) string {
	for i, r := range s {
		return strings.ToLower(string(r)) + s[i+len(string(r)):]
	}
	return s
}
