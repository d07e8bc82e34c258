package logs

import (
	"context"
	"fmt"
	"testing"
	"time"

	"attt/internal/audit"
	"attt/internal/db"
	"attt/internal/db/dbtest"
	"attt/internal/errs"
	"attt/internal/testutil/fixture"
)

// waitAlerts polls until login sees n open alerts.
func waitAlerts(t *testing.T, w *world, login string, n int) []Alert {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		as, err := w.svc.Alerts(w.p.As(login), AlertFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(as) >= n || time.Now().After(deadline) {
			if len(as) != n {
				t.Fatalf("%s sees %d alerts, want %d: %+v", login, len(as), n, as)
			}
			return as
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestAlertsFromRules(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		p := w.p
		ctx := runRules(t, w)
		if _, _, err := w.svc.CreateSource(p.As(fixture.LoginAOfficer), SourceInput{OrgID: p.DeptA.ID, Name: "web", Kind: KindAddress, Match: "10.1.0.1"}); err != nil {
			t.Fatal(err)
		}
		// Twelve failures for root within a minute: one alert (deduplicated), not two.
		for i := 0; i < 12; i++ {
			w.receive(t, "10.1.0.1", fmt.Sprintf("<38>1 2026-11-24T10:00:%02d+07:00 web01 sshd 1 - - Failed password for root from 203.0.113.%d port 22 ssh2", i*5, i))
		}
		as := waitAlerts(t, w, fixture.LoginAOfficer, 1)
		a := as[0]
		if a.RuleID != "auth-failed-burst-user" || a.Group != "user=root" || len(a.Events) == 0 || a.Events[0].ID == "" {
			t.Fatalf("alert: %+v", a)
		}
		time.Sleep(1100 * time.Millisecond) // The second hit is merged within a second.
		if got, _ := w.svc.Alert(p.As(fixture.LoginAOfficer), a.ID); got.Hits != 2 {
			t.Fatalf("hits = %d, want 2 (two bursts of five, one alert)", got.Hits)
		}
		waitAlerts(t, w, fixture.LoginBOfficer, 0)
		if _, err := w.svc.Alert(p.As(fixture.LoginBOfficer), a.ID); !errs.Is(err, errs.NotFound) {
			t.Fatalf("officer B opened A's alert: %v", err)
		}
		if _, err := w.svc.DecideAlert(p.As(fixture.LoginBOfficer), a.ID, AlertDismissed, "không phải của tôi"); err == nil {
			t.Fatal("officer B dismissed A's alert")
		}
		if _, err := w.svc.DecideAlert(p.As(fixture.LoginAOfficer), a.ID, AlertDismissed, " "); !errs.Is(err, errs.Invalid) {
			t.Fatalf("dismissed without a reason: %v", err)
		}
		got, err := w.svc.DecideAlert(p.As(fixture.LoginAOfficer), a.ID, AlertAcknowledged, "Đã khóa địa chỉ trên tường lửa")
		if err != nil || got.Status != AlertAcknowledged || got.DecidedBy != fixture.LoginAOfficer {
			t.Fatalf("acknowledge: %+v %v", got, err)
		}
		recs, err := p.Trail.Search(p.System(ctx), audit.Filter{Action: "log_alert.acknowledge", Limit: 5})
		if err != nil || len(recs) != 1 || recs[0].Note != "Đã khóa địa chỉ trên tường lửa" {
			t.Fatalf("acknowledgement not audited with its reason: %+v %v", recs, err)
		}
		waitAlerts(t, w, fixture.LoginAOfficer, 0)
		// A new burst after the decision opens a new alert.
		for i := 0; i < 5; i++ {
			w.receive(t, "10.1.0.1", fmt.Sprintf("<38>1 2026-11-24T10:02:%02d+07:00 web01 sshd 1 - - Failed password for root from 203.0.113.%d port 22 ssh2", i*5, i))
		}
		if fresh := waitAlerts(t, w, fixture.LoginAOfficer, 1); fresh[0].ID == a.ID || fresh[0].Hits != 1 {
			t.Fatalf("a burst after the decision: %+v", fresh[0])
		}
	})
}

// TestSilentSourceAlert: the shipped source-silent rule, positive (quiet
// longer than the expected interval) and negative (not yet).
func TestSilentSourceAlert(t *testing.T) {
	w := newWorld(t, dbtest.SQLite(t))
	p := w.p
	ctx := context.Background()
	if _, _, err := w.svc.CreateSource(p.As(fixture.LoginAOfficer), SourceInput{OrgID: p.DeptA.ID, Name: "Tường lửa", Kind: KindAddress, Match: "10.1.0.1", ExpectedInterval: 10 * time.Minute}); err != nil {
		t.Fatal(err)
	}
	w.receive(t, "10.1.0.1", "<14>1 - fw app - - - hello")
	w.svc.res.flushSeen(ctx)
	p.Clock.Advance(9 * time.Minute)
	if err := w.svc.markSilent(ctx); err != nil {
		t.Fatal(err)
	}
	waitAlerts(t, w, fixture.LoginAOfficer, 0)
	p.Clock.Advance(2 * time.Minute)
	if err := w.svc.markSilent(ctx); err != nil {
		t.Fatal(err)
	}
	as := waitAlerts(t, w, fixture.LoginAOfficer, 1)
	if as[0].RuleID != "source-silent" || as[0].Level != "high" {
		t.Fatalf("alert: %+v", as[0])
	}
	if err := w.svc.markSilent(ctx); err != nil {
		t.Fatal(err)
	}
	waitAlerts(t, w, fixture.LoginAOfficer, 1) // Still one: marked once.
}

// runRules starts the service's background jobs until the test ends and
// waits until the rule engine takes events.
func runRules(t *testing.T, w *world) context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go w.svc.Run(ctx)
	for !w.svc.rulesOn.Load() {
		time.Sleep(time.Millisecond)
	}
	return ctx
}

// TestRulesStopDoesNotBlockTheStore: once the engine has stopped, the
// store hands over batches without waiting (attt shuts down cleanly even
// with batches in flight).
func TestRulesStopDoesNotBlockTheStore(t *testing.T) {
	w := newWorld(t, dbtest.SQLite(t))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); w.svc.Run(ctx) }()
	for !w.svc.rulesOn.Load() {
		time.Sleep(time.Millisecond)
	}
	cancel()
	<-done
	// A batch that passed the "engine on" check just before it stopped.
	w.svc.rulesOn.Store(true)
	finished := make(chan struct{})
	go func() {
		for i := 0; i < 3*cap(w.svc.observed); i++ {
			w.svc.observe(nil)
		}
		close(finished)
	}()
	select {
	case <-finished:
	case <-time.After(5 * time.Second):
		t.Fatal("the store is blocked by a stopped rule engine")
	}
}
