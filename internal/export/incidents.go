package export

import (
	"context"

	"attt/internal/incident"
	"attt/internal/locale"
)

// IncidentsTable is the table of an incident export.
var IncidentsTable = Table{Name: locale.T("Sự cố", "Incidents"), Columns: []Column{
	{Title: locale.T("Mã sự cố", "Reference"), Width: 20},
	{Title: locale.T("Đơn vị", "Organisation"), Width: 30},
	{Title: locale.T("Tiêu đề", "Title"), Width: 40},
	{Title: locale.T("Loại sự cố", "Type"), Width: 30},
	{Title: locale.T("Mức độ", "Severity"), Width: 14},
	{Title: locale.T("Trạng thái", "Status"), Width: 22},
	{Title: locale.T("Phát hiện lúc", "Detected"), Kind: DateTime},
	{Title: locale.T("Tiếp nhận lúc", "Acknowledged"), Kind: DateTime},
	{Title: locale.T("Báo cáo cấp trên lúc", "Escalated"), Kind: DateTime},
	{Title: locale.T("Kết thúc ứng cứu lúc", "Response ended"), Kind: DateTime},
	{Title: locale.T("Đóng lúc", "Closed"), Kind: DateTime},
	{Title: locale.T("Người báo cáo", "Reporter"), Width: 22},
	{Title: locale.T("Người xử lý", "Owner"), Width: 22},
}}

// Incidents exports the incidents List shows for f; the service checks
// scope and records the export.
func Incidents(ctx context.Context, svc *incident.Service, f incident.Filter, format Format) (*File, error) {
	list, err := svc.Export(ctx, f, string(format))
	if err != nil {
		return nil, err
	}
	file, err := newFile(ctx, IncidentsTable, format)
	if err != nil {
		return nil, err
	}
	lang := locale.FromContext(ctx)
	for i := range list {
		x := &list[i]
		category := ""
		if x.Category != "" {
			category = x.Category.Label().In(lang)
		}
		if err := file.Row(x.Ref, x.OrgName, x.Title, category, x.Severity.Label().In(lang), x.Status.Label().In(lang),
			x.DetectedAt, x.AcknowledgedAt, x.EscalatedAt, x.ResolvedAt, x.ClosedAt, x.ReporterName, x.OwnerName); err != nil {
			file.Close()
			return nil, err
		}
	}
	return file, nil
}
