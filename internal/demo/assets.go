package demo

import (
	"context"
	"fmt"
	"time"

	"attt/internal/app"
	"attt/internal/asset"
	"attt/internal/principal"
)

// loadAssets gives the demo agencies an inventory with controls in every
// state, a province-wide approved-software default, and a connection to the
// data integration centre awaiting its review, so the coverage dashboard
// and the asset screens have something to show.
func loadAssets(ctx context.Context, m *app.Main, people, orgs map[string]string) error {
	sys := m.System(ctx, "demo")
	// The centre's staff review connections of every agency.
	if err := m.Dir.Grant(sys, people["ttdl"], orgs["ROOT"], principal.Datacenter); err != nil {
		return fmt.Errorf("demo: datacenter grant: %w", err)
	}
	svc, now := m.Assets, m.Now()
	day := 24 * time.Hour
	type item struct {
		org  string
		in   asset.Input
		ctls []asset.ControlInput
	}
	items := []item{
		{"SYT", asset.Input{Kind: asset.KindServer, Name: "Máy chủ HIS", Criticality: asset.CritCritical, Addresses: []string{"10.20.1.10"}, Hostnames: []string{"his-01"}, BackupEveryHours: 24},
			[]asset.ControlInput{{Kind: asset.CtlPassword, Done: true, Evidence: "Biên bản bàn giao ngày 12/01/2025"},
				{Kind: asset.CtlBackup, Done: true, LastBackupAt: now.Add(-3 * day), LastRestoreAt: now.Add(-200 * day), Evidence: "Nhật ký sao lưu"}}},
		{"SYT", asset.Input{Kind: asset.KindSystem, Name: "Hệ thống thông tin khám chữa bệnh", Criticality: asset.CritCritical, SecurityLevel: 3,
			LevelDecision: "Quyết định số 45/QĐ-SYT ngày 10/03/2024", LevelApprovedBy: "Giám đốc Sở Y tế", LevelApprovedAt: now.AddDate(-1, -8, 0)}, nil},
		{"SYT", asset.Input{Kind: asset.KindWorkstation, Name: "Máy trạm kế toán", Owner: "Phòng Kế hoạch - Tài chính"},
			[]asset.ControlInput{{Kind: asset.CtlAntivirus, Done: true, Running: true, Product: "BKAV Pro", SignaturesAt: now.Add(-day)}}},
		{"SYT", asset.Input{Kind: asset.KindWorkstation, Name: "Máy soạn thảo tài liệu mật", SecretMachine: true, Location: "Phòng Văn thư"},
			[]asset.ControlInput{{Kind: asset.CtlOffline, Done: true, Evidence: "Kiểm tra ngày 02/11/2026: không có card mạng"}}},
		{"VP-UBND", asset.Input{Kind: asset.KindWorkstation, Name: "Máy trạm văn thư", Owner: "Phòng Hành chính - Tổ chức"},
			[]asset.ControlInput{{Kind: asset.CtlAntivirus, Done: true, Running: false, Product: "Kaspersky Endpoint Security"},
				{Kind: asset.CtlPassword, Done: false}}},
		{"VP-UBND", asset.Input{Kind: asset.KindWebsite, Name: "Cổng thông tin điện tử tỉnh", Criticality: asset.CritHigh, SecurityLevel: 2,
			Hostnames: []string{"hungyen.gov.vn"}, LevelDecision: "Quyết định số 12/QĐ-VP ngày 05/03/2024"}, nil},
		{"SKHCN", asset.Input{Kind: asset.KindNetwork, Name: "Bộ chuyển mạch lõi", Location: "Phòng máy chủ"},
			[]asset.ControlInput{{Kind: asset.CtlPassword, Done: true}}},
		{"SKHCN", asset.Input{Kind: asset.KindLaptop, Name: "Máy tính xách tay lãnh đạo"}, nil},
	}
	var his string
	for _, it := range items {
		it.in.OrgID = orgs[it.org]
		a, err := svc.Create(sys, it.in)
		if err != nil {
			return fmt.Errorf("demo: asset %s: %w", it.in.Name, err)
		}
		if it.in.Kind == asset.KindSystem {
			his = a.ID
		}
		for _, c := range it.ctls {
			c.ObservedAt = now.Add(-2 * time.Hour)
			if _, err := svc.Declare(sys, a.ID, c); err != nil {
				return fmt.Errorf("demo: control of %s: %w", it.in.Name, err)
			}
		}
	}
	for _, p := range []asset.ApprovalInput{
		{Name: "Microsoft Office*", Publisher: "Microsoft*", Note: "Bộ ứng dụng văn phòng"},
		{Name: "Bkav*", Note: "Phần mềm phòng chống mã độc"},
		{Name: "Unikey*", Note: "Bộ gõ tiếng Việt"},
		{Name: "vnPT-CA*", Note: "Chữ ký số"},
		{Name: "*", Source: "dpkg", Note: "Gói phần mềm của bản phân phối Debian/Ubuntu trên máy chủ"},
	} {
		p.OrgID = orgs["ROOT"]
		if _, err := svc.AddApproval(sys, p); err != nil {
			return fmt.Errorf("demo: approved software: %w", err)
		}
	}
	_, err := svc.RegisterConnection(sys, asset.ConnectionInput{OrgID: orgs["SYT"], AssetID: his, Name: "Liên thông dữ liệu khám chữa bệnh",
		Purpose: "Chia sẻ dữ liệu khám chữa bệnh với Trung tâm tích hợp dữ liệu của tỉnh", Endpoints: []string{"https://his.soyte.hungyen.gov.vn/api"},
		DataExchanged: "Thông tin lượt khám, chẩn đoán (đã ẩn danh)", Responsible: "Ngô Văn Tế", ResponsibleContact: "0221 3 862 000", PolicyAck: true})
	if err != nil {
		return fmt.Errorf("demo: connection: %w", err)
	}
	return nil
}
