package logs

import (
	"context"
	"database/sql"
	"strings"

	"attt/internal/audit"
	"attt/internal/export"
	"attt/internal/locale"
	"attt/internal/logs/store"
)

// EventsTable is the table of a log export.
var EventsTable = export.Table{Name: locale.T("Nhật ký", "Logs"), Columns: []export.Column{
	{Title: locale.T("Thời điểm", "Time"), Kind: export.DateTime},
	{Title: locale.T("Đơn vị", "Agency"), Width: 16},
	{Title: locale.T("Máy", "Host"), Width: 18},
	{Title: locale.T("Ứng dụng", "App"), Width: 14},
	{Title: locale.T("Mức độ", "Severity"), Kind: export.Number, Width: 8},
	{Title: locale.T("Nội dung", "Message"), Width: 60},
	{Title: locale.T("Trường", "Fields"), Width: 40},
	{Title: locale.T("Dòng gốc", "Raw line"), Width: 60},
	{Title: locale.T("Lỗi đọc", "Parse error"), Width: 20},
	{Title: locale.T("Địa chỉ gửi", "Sender"), Width: 16},
	{Title: locale.T("Mã sự kiện", "Event id"), Width: 20},
}}

// Export writes the events Search finds for f (at most store.MaxLimit,
// newest first) as a file, and records the export in the audit trail.
func (s *Service) Export(ctx context.Context, f Filter, format export.Format) (*export.File, error) {
	f.Limit = store.MaxLimit
	res, err := s.Search(ctx, f)
	if err != nil {
		return nil, err
	}
	file, err := export.NewFile(ctx, EventsTable, format)
	if err != nil {
		return nil, err
	}
	for i := range res.Events {
		e := &res.Events[i]
		if err := file.Row(e.Time, e.Org, e.Host, e.App, e.Severity, e.Message, fieldsText(e), e.Raw, e.ParseError, e.Peer, e.ID); err != nil {
			file.Close()
			return nil, err
		}
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		return s.trail.Append(ctx, tx, audit.Event{Action: "log.export", OrgID: f.OrgID, TargetType: "log", Note: string(format),
			After: map[string]any{"filter": f, "rows": len(res.Events)}})
	})
	if err != nil {
		file.Close()
		return nil, err
	}
	return file, nil
}

func fieldsText(e *store.Record) string {
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.Key + "=" + f.Value
	}
	return strings.Join(parts, " ")
}
