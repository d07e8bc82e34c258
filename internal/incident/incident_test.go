package incident_test

import (
	"io"
	"strings"
	"testing"

	"attt/internal/db"
	"attt/internal/db/dbtest"
	"attt/internal/errs"
	"attt/internal/incident"
	"attt/internal/testutil/fixture"
)

func TestReportTriageAndScope(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		inc := w.report(t, fixture.LoginAStaff, "Trang chủ cổng thông tin bị thay đổi")
		if inc.Status != incident.StatusReported || !strings.HasPrefix(inc.Ref, "SC-STC-") || inc.OrgID != w.p.DeptA.ID {
			t.Fatalf("reported: %+v", inc)
		}
		if !inc.View.Reporter || inc.View.Full {
			t.Fatalf("reporter view = %+v", inc.View)
		}
		if inc.InitialReportDue.Sub(inc.DetectedAt) != 5*day {
			t.Fatalf("initial report due %v after detection, want 5 days", inc.InitialReportDue.Sub(inc.DetectedAt))
		}
		// Who sees it before escalation: A's officer and head, not B, not
		// the authority, not the police.
		for login, want := range map[string]errs.Code{
			fixture.LoginAOfficer: "", fixture.LoginAHead: "", fixture.LoginBOfficer: errs.Forbidden, fixture.LoginBHead: errs.Forbidden,
			fixture.LoginAuthority: errs.Forbidden, fixture.LoginPolice: errs.Forbidden, fixture.LoginB1Staff: errs.Forbidden, fixture.LoginA1Staff: errs.Forbidden,
		} {
			got, err := w.inc.Get(w.as(login), inc.ID)
			if want == "" {
				if err != nil || !got.View.Manage {
					t.Errorf("%s: get = %v, %v", login, got, err)
				}
				continue
			}
			wantCode(t, err, want)
			if list, n, err := w.inc.List(w.as(login), incident.Filter{}); err != nil || n != 0 || len(list) != 0 {
				t.Errorf("%s lists %d incidents (%v)", login, n, err)
			}
		}
		_, err := w.inc.Triage(w.as(fixture.LoginAStaff), inc.ID, incident.TriageInput{Title: "x", Category: "dos", Severity: "low"})
		wantCode(t, err, errs.Forbidden)
		_, err = w.inc.Triage(w.as(fixture.LoginBOfficer), inc.ID, incident.TriageInput{Title: "x", Category: "dos", Severity: "low"})
		wantCode(t, err, errs.Forbidden)
		_, err = w.inc.Triage(w.as(fixture.LoginAOfficer), inc.ID, incident.TriageInput{Title: "x", Category: "flood", Severity: "huge"})
		wantCode(t, err, errs.Invalid)

		w.p.Clock.Advance(90 * 60e9)
		got := w.triage(t, inc.ID, incident.SeverityHigh)
		if got.Status != incident.StatusTriaged || got.AcknowledgedAt.IsZero() || len(got.Systems) != 1 || got.Systems[0].Level != 2 {
			t.Fatalf("triaged: %+v", got)
		}
		if tta := incident.TimeToAcknowledge(got, w.p.Clock.Now()); tta != 90*60e9 {
			t.Fatalf("time to acknowledge = %v", tta)
		}
		// The reporter still sees the summary, not the internal analysis.
		mine, err := w.inc.Get(w.as(fixture.LoginAStaff), inc.ID)
		if err != nil || mine.View.Full || mine.Status != incident.StatusTriaged {
			t.Fatalf("reporter after triage: %+v %v", mine, err)
		}
		if w.p.AuditCount("incident.triage") != 1 || w.p.AuditCount("incident.report") != 1 {
			t.Fatal("report and triage are not audited")
		}
	})
}

func TestReportValidation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		_, err := w.inc.Report(w.as(fixture.LoginAStaff), incident.ReportInput{Title: "  "}, nil)
		wantCode(t, err, errs.Invalid)
		if e := errs.As(err); e == nil || len(e.Details) == 0 || !strings.Contains(e.Details[0].VI, "chuyện gì") {
			t.Fatalf("details = %v", err)
		}
		future := w.p.Clock.Now().Add(day)
		_, err = w.inc.Report(w.as(fixture.LoginAStaff), incident.ReportInput{Title: "x", DetectedAt: future}, nil)
		wantCode(t, err, errs.Invalid)
		// Staff report for their own organisation only.
		_, err = w.inc.Report(w.as(fixture.LoginAStaff), incident.ReportInput{Title: "x", OrgID: w.p.DeptB.ID}, nil)
		wantCode(t, err, errs.Forbidden)
		// An officer reports for a unit below.
		inc, err := w.inc.Report(w.as(fixture.LoginAOfficer), incident.ReportInput{Title: "Máy chủ nhiễm mã độc", OrgID: w.p.UnitA.ID}, nil)
		if err != nil || inc.OrgID != w.p.UnitA.ID {
			t.Fatalf("officer report for unit: %v %v", inc, err)
		}
	})
}

func TestFilesPassTheGate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		eicar := `X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*`
		_, err := w.inc.Report(w.as(fixture.LoginAStaff), incident.ReportInput{Title: "Có tệp lạ"}, []incident.Upload{
			{Name: "nhat-ky.txt", R: strings.NewReader("Nhật ký truy cập bất thường\n")},
			{Name: "mau.txt", R: strings.NewReader(eicar)},
		})
		wantCode(t, err, errs.Invalid)
		if _, n, _ := w.inc.List(w.as(fixture.LoginAOfficer), incident.Filter{}); n != 0 {
			t.Fatalf("a refused upload left an incident")
		}
		if blobCount(t, w.blobs) != 0 {
			t.Fatalf("a refused upload left %d stored files", blobCount(t, w.blobs))
		}
		_, err = w.inc.Report(w.as(fixture.LoginAStaff), incident.ReportInput{Title: "Văn bản mật bị lộ"}, []incident.Upload{
			{Name: "bao-cao.txt", R: strings.NewReader("UBND TỈNH HƯNG YÊN\nMẬT\nBáo cáo tình hình\n")},
		})
		wantCode(t, err, errs.Invalid)
		if !strings.Contains(err.Error(), "MẬT") && !strings.Contains(strings.ToLower(err.Error()), "mật") {
			t.Fatalf("secret refusal does not explain: %v", err)
		}

		inc := w.report(t, fixture.LoginAStaff, "Phát hiện tệp nhật ký lạ", incident.Upload{Name: "log.txt", R: strings.NewReader("Failed password for root from 203.0.113.9\n")})
		if len(inc.Files) != 1 || inc.Files[0].Size == 0 || blobCount(t, w.blobs) != 1 {
			t.Fatalf("files = %+v, blobs %d", inc.Files, blobCount(t, w.blobs))
		}
		f, rc, err := w.inc.OpenFile(w.as(fixture.LoginAOfficer), inc.ID, inc.Files[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil || !strings.Contains(string(body), "203.0.113.9") || f.Name != "log.txt" {
			t.Fatalf("download = %q, %v", body, err)
		}
		_, _, err = w.inc.OpenFile(w.as(fixture.LoginBOfficer), inc.ID, inc.Files[0].ID)
		wantCode(t, err, errs.Forbidden)
		// Evidence added later by the officer starts internal.
		got, err := w.inc.AddFiles(w.as(fixture.LoginAOfficer), inc.ID, []incident.Upload{{Name: "phan-tich.txt", R: strings.NewReader("Kết quả phân tích")}})
		if err != nil || len(got.Files) != 2 || got.Files[1].Shared {
			t.Fatalf("add files: %+v %v", got, err)
		}
		mine, _ := w.inc.Get(w.as(fixture.LoginAStaff), inc.ID)
		if len(mine.Files) != 1 {
			t.Fatalf("reporter sees %d files, want only their own", len(mine.Files))
		}
	})
}
