package asset_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"attt/internal/asset"
	"attt/internal/db"
	"attt/internal/db/dbtest"
	"attt/internal/errs"
	"attt/internal/locale"
	"attt/internal/testutil/fixture"
)

func TestInventory(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		approved := time.Date(2025, 3, 5, 0, 0, 0, 0, time.UTC)
		sys := w.add(t, asset.Input{Kind: asset.KindSystem, Name: "Hệ thống quản lý văn bản", Criticality: asset.CritCritical,
			Addresses: []string{" 10.0.0.5 ", "10.0.0.5", "2001:db8::1"}, Hostnames: []string{"QLVB.example.gov.vn."},
			SecurityLevel: 3, LevelDecision: "Quyết định số 12/QĐ-STC", LevelApprovedBy: "Giám đốc Sở", LevelApprovedAt: approved})
		if sys.SecurityLevel != 3 || !sys.LevelApprovedAt.Equal(approved) || sys.OrgName != "Sở Tài chính" ||
			!slices.Equal(sys.Addresses, []string{"10.0.0.5", "2001:db8::1"}) || !slices.Equal(sys.Hostnames, []string{"qlvb.example.gov.vn"}) {
			t.Fatalf("created %+v", sys)
		}
		w.add(t, asset.Input{Kind: asset.KindWorkstation, Name: "Máy trạm kế toán 01", Owner: "Phòng Kế hoạch"})
		_, err := w.svc.Create(w.p.As(fixture.LoginAOfficer), asset.Input{OrgID: w.p.DeptA.ID, Kind: asset.KindSystem, Name: "Hệ thống quản lý văn bản"})
		wantCode(t, err, errs.Conflict)

		// Bad input names every problem at once and stores nothing.
		_, err = w.svc.Create(w.p.As(fixture.LoginAOfficer), asset.Input{OrgID: w.p.DeptA.ID, Kind: "toaster", Criticality: "huge",
			SecurityLevel: 7, Addresses: []string{"300.1.1.1"}, Hostnames: []string{"bad host"}})
		wantCode(t, err, errs.Invalid)
		if n := len(errs.As(err).Details); n < 6 {
			t.Errorf("details %d: %+v", n, errs.As(err).Details)
		}
		_, err = w.svc.Create(w.p.As(fixture.LoginAOfficer), asset.Input{OrgID: w.p.DeptA.ID, Kind: asset.KindServer, Name: "x", SecurityLevel: 2})
		wantCode(t, err, errs.Invalid)

		// Update, search, retire.
		in := asset.Input{Kind: asset.KindSystem, Name: "Hệ thống quản lý văn bản và điều hành", Criticality: asset.CritHigh, SecurityLevel: 3,
			LevelDecision: "Quyết định số 12/QĐ-STC"}
		up, err := w.svc.Update(w.p.As(fixture.LoginAOfficer), sys.ID, in)
		if err != nil || up.Name != in.Name || up.OrgID != w.p.DeptA.ID {
			t.Fatalf("update = %+v, %v", up, err)
		}
		got, err := w.svc.List(w.p.As(fixture.LoginAHead), asset.Filter{Text: "dieu hanh"})
		if err != nil || !slices.Equal(names(got), []string{in.Name}) {
			t.Fatalf("search = %v, %v", names(got), err)
		}
		if _, err := w.svc.SetRetired(w.p.As(fixture.LoginAOfficer), sys.ID, true); err != nil {
			t.Fatal(err)
		}
		got, _ = w.svc.List(w.p.As(fixture.LoginAOfficer), asset.Filter{})
		retired, _ := w.svc.List(w.p.As(fixture.LoginAOfficer), asset.Filter{Retired: true})
		if !slices.Equal(names(got), []string{"Máy trạm kế toán 01"}) || !slices.Equal(names(retired), []string{in.Name}) {
			t.Errorf("in service %v, retired %v", names(got), names(retired))
		}
		if w.p.AuditCount("asset.create") != 2 || w.p.AuditCount("asset.update") != 1 || w.p.AuditCount("asset.retire") != 1 {
			t.Errorf("audit: %+v", w.p.Audit(fixtureFilter("asset.")))
		}
	})
}

func TestInventoryScope(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		a := w.add(t, asset.Input{Kind: asset.KindServer, Name: "Máy chủ A"})
		b, err := w.svc.Create(w.p.As(fixture.LoginBOfficer), asset.Input{OrgID: w.p.DeptB.ID, Kind: asset.KindServer, Name: "Máy chủ B"})
		if err != nil {
			t.Fatal(err)
		}
		// B's officer can neither read nor change A's asset, nor add one to A.
		_, err = w.svc.Get(w.p.As(fixture.LoginBOfficer), a.ID)
		wantCode(t, err, errs.Forbidden)
		_, err = w.svc.Update(w.p.As(fixture.LoginBOfficer), a.ID, asset.Input{Kind: asset.KindServer, Name: "x"})
		wantCode(t, err, errs.Forbidden)
		_, err = w.svc.Declare(w.p.As(fixture.LoginBOfficer), a.ID, asset.ControlInput{Kind: asset.CtlPassword, Done: true})
		wantCode(t, err, errs.Forbidden)
		_, err = w.svc.Create(w.p.As(fixture.LoginBOfficer), asset.Input{OrgID: w.p.DeptA.ID, Kind: asset.KindServer, Name: "y"})
		wantCode(t, err, errs.Forbidden)
		// Nor move its own asset into A.
		_, err = w.svc.Update(w.p.As(fixture.LoginBOfficer), b.ID, asset.Input{OrgID: w.p.DeptA.ID, Kind: asset.KindServer, Name: "Máy chủ B"})
		wantCode(t, err, errs.Forbidden)
		// An unknown id answers like an out-of-reach one.
		_, err = w.svc.Get(w.p.As(fixture.LoginBOfficer), "01NOPE")
		wantCode(t, err, errs.Forbidden)
		// Staff read nothing; the head reads but does not manage.
		_, err = w.svc.Get(w.p.As(fixture.LoginAStaff), a.ID)
		wantCode(t, err, errs.Forbidden)
		_, err = w.svc.Update(w.p.As(fixture.LoginAHead), a.ID, asset.Input{Kind: asset.KindServer, Name: "z"})
		wantCode(t, err, errs.Forbidden)
		for login, want := range map[string][]string{
			fixture.LoginAOfficer: {"Máy chủ A"}, fixture.LoginBHead: {"Máy chủ B"},
			fixture.LoginAuthority: {"Máy chủ A", "Máy chủ B"}, fixture.LoginAStaff: {},
		} {
			got, err := w.svc.List(w.p.As(login), asset.Filter{})
			if err != nil || !slices.Equal(names(got), want) {
				t.Errorf("%s lists %v, %v; want %v", login, names(got), err, want)
			}
		}
		got, _ := w.svc.List(w.p.As(fixture.LoginBOfficer), asset.Filter{OrgID: w.p.DeptA.ID})
		if len(got) != 0 {
			t.Errorf("B lists A's subtree: %v", names(got))
		}
		_, err = w.svc.Export(w.p.As(fixture.LoginBOfficer), asset.Filter{OrgID: w.p.DeptA.ID}, "xlsx")
		wantCode(t, err, errs.Forbidden)
	})
}

func TestImport(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		ctx := w.p.As(fixture.LoginAOfficer)
		bad := "Mã đơn vị,Tên tài sản,Loại tài sản,Mức quan trọng,Địa chỉ IP,Cấp độ HTTT,Quyết định phê duyệt cấp độ,Tần suất sao lưu (giờ)\n" +
			"STC,Máy chủ cổng,Máy chủ,Cao,10.1.1.1,,,24\n" +
			"SYT,Máy chủ Sở Y tế,Máy chủ,,,,,\n" +
			"STC,Hệ thống một cửa,Hệ thống thông tin,Rất quan trọng,,Cấp độ 6,,\n" +
			"STC,Máy lạ,Ấm đun nước,,10.1.1.400,,,mỗi ngày\n"
		res, err := w.svc.Import(ctx, "taisan.csv", strings.NewReader(bad))
		wantCode(t, err, errs.Invalid)
		lines := res.Report.ProblemLines()
		if lines[2] || !lines[3] || !lines[4] || !lines[5] || res.Created != 0 {
			t.Fatalf("report %+v", res.Report.Problems)
		}
		if got, _ := w.svc.List(ctx, asset.Filter{}); len(got) != 0 {
			t.Fatalf("a refused import left %v", names(got))
		}
		good := "Mã đơn vị,Tên tài sản,Loại tài sản,Mức quan trọng,Địa chỉ IP,Tên máy,Cấp độ HTTT,Quyết định phê duyệt cấp độ,Ngày phê duyệt,Tần suất sao lưu (giờ),Máy soạn thảo tài liệu mật\n" +
			"STC,Máy chủ cổng,Máy chủ,Cao,10.1.1.1; 10.1.1.2,portal-01,,,,24,\n" +
			"STC,Hệ thống một cửa,Hệ thống thông tin,Rất quan trọng,,,Cấp độ 3,Quyết định 5/QĐ-STC,05/03/2025,,\n" +
			"STC-TTTH,Tường lửa biên,Tường lửa,,,,,,,,\n" +
			"STC,Máy văn thư mật,Máy trạm,,,,,,,,x\n"
		res, err = w.svc.Import(ctx, "taisan.csv", strings.NewReader(good))
		if err != nil || res.Created != 4 {
			t.Fatalf("import = %+v, %v", res, err)
		}
		got, _ := w.svc.List(ctx, asset.Filter{})
		byName := map[string]asset.Asset{}
		for _, a := range got {
			byName[a.Name] = a
		}
		if a := byName["Máy chủ cổng"]; a.BackupEveryHours != 24 || len(a.Addresses) != 2 || a.Criticality != asset.CritHigh {
			t.Errorf("server %+v", a)
		}
		if a := byName["Máy văn thư mật"]; !a.SecretMachine {
			t.Errorf("secret machine %+v", a)
		}
		if a := byName["Hệ thống một cửa"]; a.SecurityLevel != 3 || a.Kind != asset.KindSystem || a.LevelApprovedAt.In(locale.Zone).Format("02/01/2006") != "05/03/2025" {
			t.Errorf("system %+v", a)
		}
		if a := byName["Tường lửa biên"]; a.Kind != asset.KindSecurity || a.OrgID != w.p.UnitA.ID {
			t.Errorf("firewall %+v", a)
		}
		if w.p.AuditCount("asset.import") != 1 {
			t.Error("import not audited")
		}
	})
}

func TestExportAudited(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		w.add(t, asset.Input{Kind: asset.KindServer, Name: "Máy chủ A"})
		list, err := w.svc.Export(w.p.As(fixture.LoginAOfficer), asset.Filter{OrgID: w.p.DeptA.ID}, "xlsx")
		if err != nil || len(list) != 1 {
			t.Fatalf("export = %v, %v", names(list), err)
		}
		rec := w.p.LastAudit()
		if rec.Action != "asset.export" || rec.OrgID != w.p.DeptA.ID {
			t.Errorf("audit %+v", rec)
		}
	})
}
