package forms

import (
	"fmt"
	"strings"

	"attt/internal/docgen"
	"attt/internal/locale"
)

// Report05 is Mẫu 05, the six-monthly or yearly summary of incidents
// received and handled (báo cáo tổng hợp 06 tháng/01 năm về hoạt động tiếp
// nhận và xử lý sự cố), for one agency or the whole province.
type Report05 struct {
	Issue
	// Period is the half-year or year covered.
	Period Period
	// Org is the reporting body (tên cơ quan/tổ chức); required.
	Org     string
	Address string
	// MemberCode is its code in the national incident-response network, if
	// it has one (mã thành viên mạng lưới).
	MemberCode string
	// Coverage says what the figures cover, e.g. "Sở Tài chính" or "Các cơ
	// quan nhà nước trên địa bàn tỉnh (32 đơn vị)".
	Coverage string
	// Counts are the figures per incident type; types left out count zero
	// and several entries of one type are added up.
	Counts []TypeCount
	// Supporters are the organisations that helped handle incidents.
	Supporters []string
	// ForeignSupporters are the foreign organisations that helped.
	ForeignSupporters []string
	// Proposals are the reporter's proposals and requests (đề xuất, kiến nghị).
	Proposals string
}

// Period is a half-year or a calendar year.
type Period struct {
	Year int
	// Half is 1 (January–June) or 2 (July–December); 0 is the whole year.
	Half int
}

// months returns the first and last month of p.
func (p Period) months() (first, last int) {
	switch p.Half {
	case 1:
		return 1, 6
	case 2:
		return 7, 12
	}
	return 1, 12
}

// Span prints p as "từ tháng 01/2026 đến tháng 06/2026".
func (p Period) Span() string {
	a, b := p.months()
	return fmt.Sprintf("từ tháng %02d/%d đến tháng %02d/%d", a, p.Year, b, p.Year)
}

// length is the form's "06 THÁNG" or "01 NĂM".
func (p Period) length() string {
	if p.Half == 0 {
		return "01 NĂM"
	}
	return "06 THÁNG"
}

// Handling counts how a set of incidents was handled; the columns of Mẫu 05.
type Handling struct {
	// Total is the number of incidents (số lượng).
	Total int
	// SelfHandled were handled by the agency itself.
	SelfHandled int
	// Supported were handled with help from other organisations.
	Supported int
	// ForeignSupported were handled with help from foreign organisations.
	ForeignSupported int
	// SupportRequested are those for which the national coordinator
	// (VNCERT/CC) was asked to help.
	SupportRequested int
	// Damage is the estimated damage in Vietnamese đồng.
	Damage int64
}

// add adds h to s.
func (s *Handling) add(h Handling) {
	s.Total += h.Total
	s.SelfHandled += h.SelfHandled
	s.Supported += h.Supported
	s.ForeignSupported += h.ForeignSupported
	s.SupportRequested += h.SupportRequested
	s.Damage += h.Damage
}

// cells prints h's figures in the form's column order.
func (s *Handling) cells() []string {
	return []string{itoa(s.Total), itoa(s.SelfHandled), itoa(s.Supported), itoa(s.ForeignSupported), itoa(s.SupportRequested), thousands(s.Damage)}
}

// TypeCount is the figures for one incident type.
type TypeCount struct {
	// Category is the type's code (see Categories).
	Category string
	Handling
}

// Row is one line of Mẫu 05's table as computed from the input.
type Row struct {
	Category Category
	Handling
}

// header05 returns the heading row of Mẫu 05's table.
func header05() []string {
	return []string{
		"Loại sự cố/tấn công mạng", "Số lượng", "Số sự cố tự xử lý",
		"Số sự cố có sự hỗ trợ xử lý từ các tổ chức khác",
		"Số sự cố có hỗ trợ xử lý từ tổ chức nước ngoài",
		"Số sự cố đề nghị VNCERT/CC hỗ trợ xử lý",
		"Thiệt hại ước tính (đồng)",
	}
}

// totalLabel heads the table's last row.
const totalLabel = "Tổng cộng"

// Rows returns one row per incident type in the order of Categories, with
// the totals, or an errs.Invalid error for an unknown type or a count that
// is negative or above its type's total.
func (r *Report05) Rows() ([]Row, Handling, error) {
	rows, total, p := r.tally()
	if err := p.err(locale.T("Số liệu Mẫu 05", "The figures of form 05")); err != nil {
		return nil, Handling{}, err
	}
	return rows, total, nil
}

// tally adds up the counts per type and notes what is wrong with them.
func (r *Report05) tally() (rows []Row, total Handling, p problems) {
	cats := Categories()
	idx := make(map[string]int, len(cats))
	rows = make([]Row, len(cats))
	for i, c := range cats {
		idx[c.Code] = i
		rows[i].Category = c
	}
	for _, tc := range r.Counts {
		i, ok := idx[strings.TrimSpace(tc.Category)]
		if !ok {
			p = append(p, locale.Tf("Loại sự cố không hợp lệ: %q", "Unknown incident type: %q", tc.Category))
			continue
		}
		rows[i].add(tc.Handling)
	}
	for i := range rows {
		rows[i].check(&p)
		total.add(rows[i].Handling)
	}
	return rows, total, p
}

// check adds to p what is impossible about a row's figures.
func (row *Row) check(p *problems) {
	h := row.Handling
	for _, n := range []int{h.Total, h.SelfHandled, h.Supported, h.ForeignSupported, h.SupportRequested} {
		if n < 0 {
			p.about(row.Category.Label, "số liệu không được âm", "figures cannot be negative")
			return
		}
	}
	if h.Damage < 0 {
		p.about(row.Category.Label, "thiệt hại không được âm", "damage cannot be negative")
	}
	if max(h.SelfHandled, h.Supported, h.ForeignSupported, h.SupportRequested) > h.Total {
		p.about(row.Category.Label, fmt.Sprintf("số sự cố theo cách xử lý vượt quá tổng số %d", h.Total),
			fmt.Sprintf("a handling count exceeds the total of %d", h.Total))
	}
}

// check returns what is wrong with the report's own fields.
func (r *Report05) check() problems {
	var p problems
	r.Issue.check(&p)
	p.require(r.Org, "Thiếu tên cơ quan/tổ chức báo cáo", "The reporting body is missing")
	if r.Period.Year < 2000 || r.Period.Year > 9999 {
		p = append(p, locale.Tf("Năm báo cáo không hợp lệ: %d", "Invalid report year: %d", r.Period.Year))
	}
	if r.Period.Half < 0 || r.Period.Half > 2 {
		p = append(p, locale.Tf("Kỳ báo cáo phải là 6 tháng đầu (1), 6 tháng cuối (2) hoặc cả năm (0), không phải %d",
			"The period must be the first half (1), the second half (2) or the year (0), not %d", r.Period.Half))
	}
	return p
}

// Title returns the form's title for r's period.
func (r *Report05) Title() string {
	return "BÁO CÁO TỔNG HỢP " + r.Period.length() + " VỀ HOẠT ĐỘNG TIẾP NHẬN VÀ XỬ LÝ SỰ CỐ"
}

// Document returns Mẫu 05 as a BÁO CÁO ready for docgen.PDF or docgen.DOCX,
// or an errs.Invalid error listing every missing or wrong field.
func (r *Report05) Document() (*docgen.Document, error) {
	rows, total, err := r.validate()
	if err != nil {
		return nil, err
	}
	d := r.Issue.document(r.Title(), upperFirst(r.Period.Span()), signerForm)
	d.Body = append(r.Issue.toBlock(), formNote("05"),
		docgen.Fields(
			field("Thời gian báo cáo", upperFirst(r.Period.Span())),
			field("Tên cơ quan/tổ chức", orUnknown(r.Org)),
			field("Địa chỉ", orNone(r.Address)),
			field("Mã thành viên mạng lưới", orNone(r.MemberCode)),
			field("Phạm vi tổng hợp", orUnknown(r.Coverage))),
		docgen.Heading("1. Số lượng sự cố và cách thức xử lý"), table05(rows, total),
		docgen.Heading("2. Danh sách các tổ chức hỗ trợ xử lý sự cố"), listOrNone(r.Supporters),
		docgen.Heading("3. Danh sách các tổ chức nước ngoài hỗ trợ xử lý sự cố"), listOrNone(r.ForeignSupporters),
		docgen.Heading("4. Đề xuất, kiến nghị"), textBlock(r.Proposals, none),
	)
	return d, nil
}

// validate checks the whole report and returns its table.
func (r *Report05) validate() ([]Row, Handling, error) {
	p := r.check()
	rows, total, bad := r.tally()
	p = append(p, bad...)
	if err := p.err(locale.T("Báo cáo tổng hợp sự cố (Mẫu 05)", "The incident summary report (form 05)")); err != nil {
		return nil, Handling{}, err
	}
	return rows, total, nil
}

// table05 returns the figures as the form's table with a total row.
func table05(rows []Row, total Handling) docgen.Block {
	body := make([][]string, 0, len(rows)+1)
	for _, row := range rows {
		body = append(body, append([]string{row.Category.Label.VI}, row.cells()...))
	}
	body = append(body, append([]string{totalLabel}, total.cells()...))
	t := docgen.Table(header05(), body)
	t.Widths = []float64{3.6, 1.1, 1.2, 1.6, 1.6, 1.6, 2.1}
	return t
}

// upperFirst upper-cases the first letter of s.
func upperFirst(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}
