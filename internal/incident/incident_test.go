package incident_test

import (
	"context"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

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
		// Đ15.2: the agency's officer and the reporter's superior hear at
		// once; nobody else does.
		for login, want := range map[string]int{fixture.LoginAOfficer: 1, fixture.LoginAHead: 1, fixture.LoginAStaff: 0,
			fixture.LoginBOfficer: 0, fixture.LoginAuthority: 0} {
			if got := w.inbox(t, login, "incident.reported"); len(got) != want || (want == 1 && got[0] != "/incidents/"+inc.ID) {
				t.Errorf("%s inbox: %v, want %d", login, got, want)
			}
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

func TestDeadlinesAndReminders(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		inc := w.report(t, fixture.LoginAStaff, "Máy chủ chậm bất thường")
		officer := w.as(fixture.LoginAOfficer)
		if _, n, _ := w.inc.List(officer, incident.Filter{Overdue: true}); n != 0 {
			t.Fatal("a fresh report is not overdue")
		}
		// A day without triage: overdue, reminded once.
		w.p.Clock.Advance(25 * 3600e9)
		if _, n, _ := w.inc.List(officer, incident.Filter{Overdue: true}); n != 1 {
			t.Fatal("an untriaged report is overdue after a day")
		}
		sent, err := w.inc.RemindOverdue(context.Background())
		if err != nil || sent != 1 {
			t.Fatalf("reminders: %d %v", sent, err)
		}
		if sent, _ := w.inc.RemindOverdue(context.Background()); sent != 0 {
			t.Fatalf("reminded again the same day: %d", sent)
		}
		if got := w.inbox(t, fixture.LoginAOfficer, "incident.overdue"); len(got) != 1 {
			t.Fatalf("officer reminders: %v", got)
		}
		// Triaged with an owner, a task due tomorrow: the initial report
		// (Mẫu 03) falls due 5 days after detection.
		w.triage(t, inc.ID, incident.SeverityMedium)
		if _, err := w.inc.AddTask(officer, inc.ID, incident.TaskInput{Title: "Kiểm tra nhật ký", OwnerID: w.p.ID(fixture.LoginAOfficer), DueAt: w.p.Clock.Now().Add(day)}); err != nil {
			t.Fatal(err)
		}
		if _, n, _ := w.inc.List(officer, incident.Filter{Overdue: true}); n != 0 {
			t.Fatal("triaged with nothing late is not overdue")
		}
		w.p.Clock.Advance(4*day + 3600e9)
		got, _ := w.inc.Get(officer, inc.ID)
		late := w.inc.Lateness(got, w.p.Clock.Now())
		keys := map[string]bool{}
		for _, l := range late {
			keys[strings.SplitN(l.Key, ":", 2)[0]] = true
		}
		if !keys["initial"] || !keys["task"] || keys["ack"] {
			t.Fatalf("lateness after 5 days: %+v", late)
		}
		if _, err := w.inc.FileInitialReport(officer, inc.ID); err != nil {
			t.Fatal(err)
		}
		got, _ = w.inc.Get(officer, inc.ID)
		for _, l := range w.inc.Lateness(got, w.p.Clock.Now()) {
			if l.Key == "initial" {
				t.Fatal("the initial report is filed, yet still late")
			}
		}
		// Filing the initial report tells the authority: it now sees it.
		if _, err := w.inc.Get(w.as(fixture.LoginAuthority), inc.ID); err != nil {
			t.Fatalf("authority after the initial report: %v", err)
		}
	})
}

func TestListSearchAndSummary(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		a := w.report(t, fixture.LoginAStaff, "Tấn công từ chối dịch vụ vào cổng dịch vụ công")
		w.report(t, fixture.LoginA1Staff, "Máy trạm nhiễm mã độc")
		b := w.report(t, fixture.LoginBStaff, "Tấn công giả mạo email")
		officer := w.as(fixture.LoginAOfficer)
		for q, want := range map[string]int{"tan cong": 1, "TẤN CÔNG": 1, "ma doc": 1, "email": 0, "": 2, a.Ref: 1} {
			if _, n, err := w.inc.List(officer, incident.Filter{Q: q}); err != nil || n != want {
				t.Errorf("A's officer searching %q: %d (%v), want %d", q, n, err, want)
			}
		}
		for _, pg := range []struct{ limit, offset, items int }{{1, 0, 1}, {1, 1, 1}, {1, 5, 0}, {10, 0, 2}} {
			list, n, err := w.inc.List(officer, incident.Filter{Limit: pg.limit, Offset: pg.offset})
			if err != nil || n != 2 || len(list) != pg.items {
				t.Errorf("page %+v: %d items, total %d (%v)", pg, len(list), n, err)
			}
		}
		if _, n, _ := w.inc.List(w.as(fixture.LoginBOfficer), incident.Filter{Q: "tan cong"}); n != 1 {
			t.Errorf("B's officer finds %d, want their own one", n)
		}
		if _, n, _ := w.inc.List(officer, incident.Filter{OrgID: w.p.UnitA.ID}); n != 1 {
			t.Errorf("subtree filter: %d", n)
		}
		if _, n, _ := w.inc.List(officer, incident.Filter{OrgID: w.p.DeptB.ID}); n != 0 {
			t.Errorf("B's subtree through A's officer: %d", n)
		}
		if _, err := w.inc.Triage(w.as(fixture.LoginBOfficer), b.ID, incident.TriageInput{Title: b.Title, Category: "phishing", Severity: "low"}); err != nil {
			t.Fatal(err)
		}
		from, to := w.p.Clock.Now().Add(-day), w.p.Clock.Now().Add(day)
		sum, err := w.inc.Summarise(w.as(fixture.LoginAuthority), w.p.Root.ID, from, to)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Total.Total != 3 || sum.ByCategory[1].Category != "phishing" || sum.ByCategory[1].Total != 1 {
			t.Fatalf("province summary: %+v", sum.Total)
		}
		perAgency := map[string]int{}
		for _, ag := range sum.ByAgency {
			perAgency[ag.OrgName] = ag.Total
		}
		if perAgency["Sở Tài chính"] != 2 || perAgency["Sở Y tế"] != 1 {
			t.Fatalf("per agency: %v", perAgency)
		}
		_, err = w.inc.Summarise(officer, w.p.Root.ID, from, to)
		wantCode(t, err, errs.Forbidden)
		_, err = w.inc.Summarise(officer, w.p.DeptB.ID, from, to)
		wantCode(t, err, errs.Forbidden)
		rep, err := w.inc.Report05(w.as(fixture.LoginAuthority), w.p.Root.ID, incident.Period{Year: w.p.Clock.Now().In(time.UTC).Year()})
		if err != nil {
			t.Fatal(err)
		}
		rows, total, err := rep.Rows()
		if err != nil || total.Total != 3 || len(rows) != 10 {
			t.Fatalf("Mẫu 05 rows: %d total %+v %v", len(rows), total, err)
		}
		pdfDoc, err := rep.Document()
		if err != nil {
			t.Fatal(err)
		}
		out, err := incident.Render(pdfDoc, "mau05", "pdf")
		if err != nil {
			t.Fatal(err)
		}
		if text := pdfText(t, out.Body); !strings.Contains(text, "HOẠT ĐỘNG TIẾP NHẬN") || !regexp.MustCompile(`Tổng cộng\s+3\s`).MatchString(text) {
			t.Fatalf("Mẫu 05 PDF:\n%s", text)
		}
	})
}
