package webmon

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"attt/internal/incident"
)

// openIncident reports a confirmed finding as an incident of the monitor's
// agency, with the finding's summary and the confirmer's note, and links
// the two.
func (s *Service) openIncident(ctx context.Context, tx *sql.Tx, f *Finding, note string) error {
	desc := []string{f.Summary, "Trang: " + f.PageURL}
	for _, sign := range f.Evidence.Signs {
		desc = append(desc, "Dấu hiệu: "+sign.Detail)
	}
	if note = strings.TrimSpace(note); note != "" {
		desc = append(desc, "Ghi chú khi xác nhận: "+note)
	}
	id, err := s.incidents.OpenTx(ctx, tx, incident.ReportInput{
		OrgID: f.OrgID, Title: "Trang " + f.Monitor + " có dấu hiệu bị tấn công thay đổi nội dung",
		Description: strings.Join(desc, "\n"), Affected: f.PageURL, DetectedAt: f.CreatedAt,
		DetectionMethod: "Giám sát trang thông tin điện tử (attt)", Via: incident.ViaMonitor, SourceType: "finding", SourceID: f.ID,
	})
	if err != nil {
		return fmt.Errorf("webmon: open incident for finding %s: %w", f.ID, err)
	}
	_, err = tx.ExecContext(ctx, `UPDATE findings SET incident_id = $1 WHERE id = $2`, id, f.ID)
	return err
}
