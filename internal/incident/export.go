package incident

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"attt/internal/audit"
	"attt/internal/errs"
	"attt/internal/incident/forms"
	"attt/internal/locale"
)

// MaxExportRows bounds one export.
const MaxExportRows = 10000

// Export returns every incident List would show for f (up to
// MaxExportRows) and records the export, with its filter and row count, in
// the audit trail.
func (s *Service) Export(ctx context.Context, f Filter, format string) ([]Incident, error) {
	f.Limit, f.Offset = MaxExportRows, 0
	var out []Incident
	for {
		page, _, err := s.List(ctx, Filter{Status: f.Status, Severity: f.Severity, Category: f.Category, OrgID: f.OrgID, From: f.From, To: f.To,
			Open: f.Open, Overdue: f.Overdue, Escalated: f.Escalated, Q: f.Q, Limit: 500, Offset: len(out)})
		if err != nil {
			return nil, err
		}
		out = append(out, page...)
		if len(page) < 500 || len(out) >= MaxExportRows {
			break
		}
	}
	if len(out) > MaxExportRows {
		out = out[:MaxExportRows]
	}
	err := s.trail.AppendNow(ctx, audit.Event{Action: "incident.export", TargetType: "incident",
		After: map[string]any{"filter": f, "format": format, "rows": len(out)}})
	return out, err
}

// Period is a reporting period of Mẫu 05: a year, or its first (1) or
// second (2) half.
type Period = forms.Period

// Bounds returns the period's first instant and the instant after it, in
// Asia/Ho_Chi_Minh.
func Bounds(p Period) (from, to time.Time) {
	first, months := time.January, 12
	switch p.Half {
	case 1:
		months = 6
	case 2:
		first, months = time.July, 6
	}
	from = time.Date(p.Year, first, 1, 0, 0, 0, 0, locale.Zone)
	return from, from.AddDate(0, months, 0)
}

// Report05 builds the half-year or yearly summary (Mẫu 05) of an
// organisation's subtree from Summarise; it is a draft for the agency to
// number and sign, so it is not registered.
func (s *Service) Report05(ctx context.Context, orgID string, p Period) (*forms.Report05, error) {
	if p.Year < 2000 || p.Year > 2200 || p.Half < 0 || p.Half > 2 {
		return nil, errs.New(errs.Invalid, locale.T("Kỳ báo cáo không hợp lệ.", "The reporting period is not valid."))
	}
	from, to := Bounds(p)
	sum, err := s.Summarise(ctx, orgID, from, to)
	if err != nil {
		return nil, err
	}
	a, err := s.agencyOf(ctx, s.db.R, orgID)
	if err != nil {
		return nil, err
	}
	r := &forms.Report05{Issue: s.issueHead(a, s.now(), a.authority), Period: p, Org: a.name, Address: a.address,
		Coverage: coverage(sum)}
	if a.authority == a.name {
		r.Issue.To = nil
	}
	for _, c := range sum.ByCategory {
		r.Counts = append(r.Counts, forms.TypeCount{Category: string(c.Category), Handling: forms.Handling{
			Total: c.Total, SelfHandled: c.SelfHandled, Supported: c.Supported, SupportRequested: c.VNCERTRequested, Damage: c.Damage}})
	}
	return r, nil
}

func coverage(sum *Summary) string {
	n := 0
	for _, a := range sum.ByAgency {
		if a.OrgID != sum.OrgID {
			n++
		}
	}
	if n == 0 {
		return sum.OrgName
	}
	return sum.OrgName + " và " + itoa(n) + " đơn vị trực thuộc"
}

// RenderReport05 renders Mẫu 05 of an organisation's subtree for a period
// as "pdf", "docx" or "xlsx".
func (s *Service) RenderReport05(ctx context.Context, orgID string, p Period, format string) (*Rendered, error) {
	rep, err := s.Report05(ctx, orgID, p)
	if err != nil {
		return nil, err
	}
	base := fmt.Sprintf("mau-05-%d", p.Year)
	if p.Half > 0 {
		base += fmt.Sprintf("-6t%d", p.Half)
	}
	if format == "xlsx" {
		var buf bytes.Buffer
		if err := rep.WriteXLSX(&buf); err != nil {
			return nil, err
		}
		return &Rendered{Name: base + ".xlsx", ContentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Body: buf.Bytes()}, nil
	}
	doc, err := rep.Document()
	if err != nil {
		return nil, err
	}
	return Render(doc, base, format)
}
