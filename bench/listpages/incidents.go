package main

import (
	"context"
	"fmt"
	"time"

	"attt/internal/app"
	"attt/internal/incident"
)

// incidentTitles are what seeded reports say.
var incidentTitles = []string{
	"Trang chủ cổng thông tin bị thay đổi giao diện",
	"Máy trạm nhiễm mã độc mã hóa dữ liệu",
	"Email giả mạo lãnh đạo yêu cầu chuyển tiền",
	"Dò mật khẩu tài khoản quản trị từ bên ngoài",
	"Tấn công từ chối dịch vụ vào cổng dịch vụ công",
}

// seedIncidents reports n incidents through the service, spread over the
// organisations (codes S000…, U0000…) and the last year, and marks one in
// ten as escalated so the authority's list has province-wide rows.
func seedIncidents(ctx context.Context, m *app.Main, codes []string, n int) error {
	start := time.Now()
	for i := 0; i < n; i++ {
		org, err := m.Dir.GetOrgByCode(ctx, codes[i%len(codes)])
		if err != nil {
			return err
		}
		in := incident.ReportInput{OrgID: org.ID, Title: incidentTitles[i%len(incidentTitles)],
			Description: fmt.Sprintf("Báo cáo số %d: phát hiện qua giám sát.", i), DetectedAt: start.Add(-time.Duration(i%365) * 24 * time.Hour)}
		inc, err := m.Incidents.Report(ctx, in, nil)
		if err != nil {
			return fmt.Errorf("seed incident %d: %w", i, err)
		}
		if i%10 == 0 {
			if _, err := m.DB.W.ExecContext(ctx, `UPDATE incidents SET escalated_at = $1, status = 'responding', category = 'malware', severity = 'high' WHERE id = $2`,
				inc.CreatedAt.UnixMilli(), inc.ID); err != nil {
				return err
			}
		}
	}
	fmt.Printf("seeded %d incidents in %s\n", n, time.Since(start).Round(time.Millisecond))
	return nil
}
