package forms

import (
	"time"

	"attt/internal/docgen"
	"attt/internal/locale"
)

// Report04 is Mẫu 04, the report closing the response to an incident (báo
// cáo kết thúc ứng phó sự cố), due within 5 days after the response ends.
type Report04 struct {
	Issue
	// Reporter files the report; Reporter.Name is required.
	Reporter Reporter
	// InitialNumber and InitialDate identify the Mẫu 03 report this one
	// closes (ký hiệu báo cáo ban đầu sự cố); empty when there was none.
	InitialNumber string
	InitialDate   time.Time
	// System is the system struck; System.Name is required. Only its
	// operator, owner, name and level are printed.
	System System
	// Category is the incident type code (see Categories).
	Category string
	// Description names and describes the incident; required.
	Description string
	// DetectedAt is when the incident was detected; required.
	DetectedAt time.Time
	// ResponseEndedAt is when the response ended; required.
	ResponseEndedAt time.Time
	// Course is what happened, in order (diễn biến sự cố).
	Course string
	// Cause is the established cause.
	Cause string
	// Impact is the harm done: services down, data lost, people affected.
	Impact string
	// Actions are the measures taken to contain, eradicate and recover.
	Actions []string
	// Result is how the incident ended.
	Result string
	// Recommendations are the lessons and proposals so a similar incident is
	// handled faster or avoided.
	Recommendations string
	// Timeline is the response step by step.
	Timeline []Step
	// Attachments list the related documents (progress reports, handling
	// plan, log files, …).
	Attachments []string
}

// Step is one line of a response timeline.
type Step struct {
	At time.Time
	// What happened or was done; required.
	What string
	// Who did it; empty prints "(không có)".
	Who string
}

// Document returns Mẫu 04 as a BÁO CÁO ready for docgen.PDF or docgen.DOCX,
// or an errs.Invalid error listing every missing or wrong field.
func (r *Report04) Document() (*docgen.Document, error) {
	var p problems
	r.Issue.check(&p)
	p.incident(&r.Reporter, &r.System, r.Description, r.DetectedAt)
	if r.ResponseEndedAt.IsZero() {
		p.add("Thiếu thời điểm kết thúc ứng phó sự cố", "The end of the response is missing")
	} else if !r.DetectedAt.IsZero() && r.ResponseEndedAt.Before(r.DetectedAt) {
		p.add("Thời điểm kết thúc ứng phó sớm hơn thời điểm phát hiện sự cố", "The response ends before the incident was detected")
	}
	for i, s := range r.Timeline {
		if or(s.What, "") == "" {
			p = append(p, locale.Tf("Dòng %d của diễn biến xử lý thiếu nội dung", "Timeline line %d has no content", i+1))
		}
	}
	cat := p.category(r.Category)
	if err := p.err(locale.T("Báo cáo kết thúc ứng phó sự cố (Mẫu 04)", "The closing incident report (form 04)")); err != nil {
		return nil, err
	}
	d := r.Issue.document("BÁO CÁO KẾT THÚC ỨNG PHÓ SỰ CỐ", incidentSummary(r.Category, r.System.Name), signerForm)
	d.Body = r.body(cat)
	return d, nil
}

// body lays out Mẫu 04's sections in the form's order; the result section
// is split into the parts the form asks its summary to cover.
func (r *Report04) body(cat string) []docgen.Block {
	initialDate := none
	if !r.InitialDate.IsZero() {
		initialDate = date(r.InitialDate)
	}
	return append(r.Issue.toBlock(), formNote("04"),
		docgen.Heading("1. Thông tin về tổ chức/cá nhân báo cáo sự cố"), r.Reporter.fields(),
		docgen.Heading("2. Ký hiệu báo cáo ban đầu sự cố"),
		docgen.Fields(field("Số ký hiệu", orNone(r.InitialNumber)), field("Ngày báo cáo", initialDate)),
		docgen.Heading("3. Thông tin chi tiết về hệ thống bị sự cố"), docgen.Fields(r.System.identity()...),
		docgen.Heading("4. Tên/Mô tả về sự cố"),
		docgen.Fields(field("Loại sự cố", cat)),
		textBlock(r.Description, unknown),
		docgen.Fields(
			field("Thời điểm phát hiện sự cố", dateTime(r.DetectedAt)),
			field("Thời điểm kết thúc ứng phó sự cố", dateTime(r.ResponseEndedAt))),
		docgen.Heading("5. Kết quả xử lý sự cố"),
		docgen.Fields(
			field("Diễn biến sự cố", orNone(r.Course)),
			field("Nguyên nhân", orUnknown(r.Cause)),
			field("Mức độ ảnh hưởng, thiệt hại", orUnknown(r.Impact))),
		docgen.Fields(field("Các biện pháp đã thực hiện", "")),
		listOrNone(r.Actions),
		docgen.Fields(
			field("Kết quả", orUnknown(r.Result)),
			field("Bài học kinh nghiệm, đề xuất", orNone(r.Recommendations))),
		docgen.Heading("6. Diễn biến xử lý theo thời gian"), r.timeline(),
		docgen.Heading("7. Các tài liệu đính kèm"), listOrNone(r.Attachments),
	)
}

// timeline returns the response steps as a table, or a placeholder line.
func (r *Report04) timeline() docgen.Block {
	if len(r.Timeline) == 0 {
		return docgen.Paragraph(none)
	}
	rows := make([][]string, len(r.Timeline))
	for i, s := range r.Timeline {
		rows[i] = []string{itoa(i + 1), dateTime(s.At), or(s.What, ""), orNone(s.Who)}
	}
	t := docgen.Table([]string{"STT", "Thời gian", "Nội dung", "Người thực hiện"}, rows)
	t.Widths = []float64{0.6, 2.1, 3.9, 1.8}
	return t
}
