package demo

import (
	"context"
	"fmt"
	"time"

	"attt/internal/app"
	"attt/internal/incident"
	"attt/internal/principal"
)

// loadIncidents walks three demo incidents through their lives, acting as
// the demo people, so every incident screen has something to show: a
// ransomware attack at the hospital escalated to the authority and shared
// with the police, a phishing campaign in response at the provincial
// office, and a closed defacement of a ward's portal.
func loadIncidents(ctx context.Context, m *app.Main, people, orgs map[string]string) error {
	as := func(login string) (context.Context, error) {
		p, err := m.Dir.LoadPrincipal(ctx, people[login])
		if err != nil {
			return nil, fmt.Errorf("demo: %s: %w", login, err)
		}
		return principal.With(ctx, p), nil
	}
	svc, now := m.Incidents, m.Now()
	type step struct {
		login string
		do    func(ctx context.Context) error
	}
	var steps []step
	add := func(login string, do func(ctx context.Context) error) { steps = append(steps, step{login, do}) }
	report := func(into *string, title, desc, affected string, ago time.Duration) func(ctx context.Context) error {
		return func(ctx context.Context) error {
			inc, err := svc.Report(ctx, incident.ReportInput{Title: title, Description: desc, Affected: affected, DetectedAt: now.Add(-ago)}, nil)
			if err == nil {
				*into = inc.ID
			}
			return err
		}
	}
	var ransom, phishing, deface string

	add("canbo.bvdk", report(&ransom, "Máy chủ bệnh án điện tử bị mã hóa dữ liệu",
		"Sáng nay các tệp trên máy chủ bệnh án có đuôi .locked và xuất hiện thông báo đòi tiền chuộc bằng bitcoin.", "Máy chủ HIS của bệnh viện", 26*time.Hour))
	add("chuyentrach.syt", func(ctx context.Context) error {
		_, err := svc.Triage(ctx, ransom, incident.TriageInput{Title: "Tấn công mã hóa dữ liệu (ransomware) máy chủ bệnh án",
			Description: "Mã độc mã hóa toàn bộ dữ liệu bệnh án; đã ngắt kết nối máy chủ khỏi mạng.", Category: "ransomware", Severity: incident.SeverityCritical,
			SeriousChecks: []string{"disruption", "integrity_loss", "beyond_capacity"}, OwnerID: people["chuyentrach.syt"], Containment: "Ngắt kết nối mạng máy chủ HIS",
			Systems: []incident.System{{Name: "Hệ thống thông tin bệnh viện (HIS)", Level: 3, Operator: "Bệnh viện Đa khoa tỉnh", Owner: "Sở Y tế", IPs: "10.20.1.15", OS: "Windows Server 2016", Services: "HIS, SQL Server"}}})
		return err
	})
	add("chuyentrach.syt", func(ctx context.Context) error {
		_, err := svc.Escalate(ctx, ransom, incident.EscalateInput{Reason: "Đơn vị không đủ năng lực phân tích mã độc và khôi phục dữ liệu.",
			SupportRequested: "Hỗ trợ phân tích mẫu mã độc, xác định đường lây nhiễm và khôi phục dữ liệu từ bản sao lưu."})
		return err
	})
	add("quanly.skhcn", func(ctx context.Context) error {
		_, err := svc.Share(ctx, ransom, orgs["CA"], "Đề nghị Phòng An ninh mạng (PA05) phối hợp điều tra.")
		return err
	})
	add("quanly.skhcn", func(ctx context.Context) error {
		_, err := svc.Share(ctx, ransom, orgs["VNCERT"], "Đề nghị VNCERT/CC hỗ trợ phân tích mẫu mã độc.")
		return err
	})
	add("pa05", func(ctx context.Context) error {
		_, err := svc.Comment(ctx, ransom, "Mẫu mã độc thuộc họ LockBit; đã thu thập nhật ký để điều tra.", true)
		return err
	})

	add("canbo.vp", report(&phishing, "Nhiều cán bộ nhận email giả mạo lãnh đạo yêu cầu chuyển tiền",
		"Email gửi từ tên miền giống tên miền của tỉnh, yêu cầu mở tệp đính kèm và chuyển khoản gấp.", "Hệ thống thư điện tử công vụ", 5*time.Hour))
	add("chuyentrach.vp", func(ctx context.Context) error {
		_, err := svc.Triage(ctx, phishing, incident.TriageInput{Title: "Chiến dịch email giả mạo lãnh đạo UBND tỉnh", Category: "phishing",
			Severity: incident.SeverityHigh, OwnerID: people["chuyentrach.vp"], Systems: []incident.System{{Name: "Hệ thống thư điện tử công vụ", Level: 2, Domain: "mail.hungyen.gov.vn"}}})
		if err != nil {
			return err
		}
		if _, err := svc.StartResponse(ctx, phishing); err != nil {
			return err
		}
		_, err = svc.AddTask(ctx, phishing, incident.TaskInput{Title: "Chặn tên miền giả mạo trên cổng thư", OwnerID: people["chuyentrach.vp"], DueAt: now.Add(-time.Hour)})
		return err
	})

	add("canbo.phohien", report(&deface, "Trang thông tin điện tử phường bị thay đổi giao diện",
		"Trang chủ hiển thị dòng chữ “Hacked by …” và liên kết tới trang cá cược.", "Trang TTĐT phường Phố Hiến", 20*24*time.Hour))
	add("chuyentrach.phohien", func(ctx context.Context) error {
		steps := []func() (*incident.Incident, error){
			func() (*incident.Incident, error) {
				return svc.Triage(ctx, deface, incident.TriageInput{Title: "Tấn công thay đổi giao diện trang TTĐT phường", Category: "defacement",
					Severity: incident.SeverityMedium, Systems: []incident.System{{Name: "Trang TTĐT phường Phố Hiến", Level: 1, Domain: "phohien.hungyen.gov.vn"}}})
			},
			func() (*incident.Incident, error) { return svc.FileInitialReport(ctx, deface) },
			func() (*incident.Incident, error) {
				return svc.EndResponse(ctx, deface, incident.EndInput{Cause: "Tài khoản quản trị dùng mật khẩu mặc định.", Impact: "Trang bị gián đoạn 6 giờ.",
					ActionsTaken: "Khôi phục trang từ bản sao lưu\nĐổi toàn bộ mật khẩu quản trị\nCập nhật phiên bản CMS", Lessons: "Bật xác thực hai lớp cho tài khoản quản trị."})
			},
			func() (*incident.Incident, error) { return svc.FileClosingReport(ctx, deface) },
			func() (*incident.Incident, error) { return svc.Close(ctx, deface) },
		}
		for _, step := range steps {
			if _, err := step(); err != nil {
				return err
			}
		}
		return nil
	})

	for _, st := range steps {
		actx, err := as(st.login)
		if err != nil {
			return err
		}
		if err := st.do(actx); err != nil {
			return fmt.Errorf("demo incidents (%s): %w", st.login, err)
		}
	}
	return nil
}
