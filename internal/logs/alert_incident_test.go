package logs

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"attt/internal/db"
	"attt/internal/db/dbtest"
	"attt/internal/errs"
	"attt/internal/incident"
	"attt/internal/testutil/fixture"
)

// TestAlertOpensIncident: an alert becomes an incident of its agency in
// one action, with its events, and only once.
func TestAlertOpensIncident(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		p := w.p
		inc := incident.New(incident.Deps{DB: d, Trail: p.Trail, Dir: p.Dir, Now: p.Clock.Now}, incident.DefaultConfig())
		w.svc.UseIncidents(inc)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go w.svc.Run(ctx)
		for !w.svc.rulesOn.Load() {
			time.Sleep(time.Millisecond)
		}
		if _, _, err := w.svc.CreateSource(p.As(fixture.LoginAOfficer), SourceInput{OrgID: p.DeptA.ID, Name: "web", Kind: KindAddress, Match: "10.1.0.1"}); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 6; i++ {
			w.receive(t, "10.1.0.1", fmt.Sprintf("<38>1 2026-11-24T10:00:%02d+07:00 web01 sshd 1 - - Failed password for root from 203.0.113.%d port 22 ssh2", i*5, i))
		}
		a := waitAlerts(t, w, fixture.LoginAOfficer, 1)[0]

		if _, err := w.svc.OpenIncident(p.As(fixture.LoginBOfficer), a.ID, ""); !errs.Is(err, errs.NotFound) {
			t.Fatalf("officer B opened an incident from A's alert: %v", err)
		}
		if _, err := w.svc.OpenIncident(p.As(fixture.LoginAStaff), a.ID, ""); err == nil {
			t.Fatal("staff opened an incident from an alert")
		}
		got, err := w.svc.OpenIncident(p.As(fixture.LoginAOfficer), a.ID, "Nghi dò mật khẩu từ bên ngoài")
		if err != nil {
			t.Fatal(err)
		}
		if got.IncidentID == "" || got.Status != AlertAcknowledged {
			t.Fatalf("alert after opening: %+v", got)
		}
		opened, err := inc.Get(p.As(fixture.LoginAOfficer), got.IncidentID)
		if err != nil {
			t.Fatal(err)
		}
		if opened.OrgID != p.DeptA.ID || opened.SourceType != "log_alert" || opened.SourceID != a.ID || opened.ReportedVia != incident.ViaLogs ||
			!strings.Contains(opened.Description, "Failed password for root") || !strings.Contains(opened.Affected, "web01") {
			t.Fatalf("incident from alert: %+v", opened)
		}
		if _, err := w.svc.OpenIncident(p.As(fixture.LoginAOfficer), a.ID, ""); !errs.Is(err, errs.Conflict) {
			t.Fatalf("a second incident from one alert: %v", err)
		}
		if p.AuditCount("log_alert.incident") != 1 {
			t.Fatal("opening an incident from an alert is not audited")
		}
	})
}
