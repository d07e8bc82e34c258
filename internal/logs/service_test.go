package logs

import (
	"context"
	"testing"
	"time"

	"attt/internal/db"
	"attt/internal/db/dbtest"
	"attt/internal/errs"
	"attt/internal/logs/parse"
	"attt/internal/logs/store"
	"attt/internal/testutil/fixture"
)

type world struct {
	p   *fixture.Province
	svc *Service
	st  *store.Disk
}

func newWorld(t *testing.T, d *db.DB) *world {
	p := fixture.New(t, d)
	st, err := store.Open(store.Options{Dir: t.TempDir(), SyncEvery: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	svc := New(d, p.Trail, p.Dir, st, Options{Now: p.Clock.Now})
	if err := svc.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	return &world{p: p, svc: svc, st: st}
}

// receive stores one syslog line as ingest would, from peer.
func (w *world) receive(t *testing.T, peer, line string) {
	t.Helper()
	e := parse.ParseSyslog([]byte(line), w.p.Clock.Now(), time.UTC)
	o := w.svc.res.Resolve(peer, e.Host)
	w.svc.res.Seen(o.Source, peer, e.Host, 1, w.p.Clock.Now())
	r := store.FromEvent(e, o.Org, o.Source, peer)
	r.Keep = o.Keep
	ack, err := w.st.Append(context.Background(), []store.Record{r})
	if err != nil {
		t.Fatal(err)
	}
	if err := ack.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestSourcesAndScope(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		ctx := context.Background()
		p := w.p
		_, _, err := w.svc.CreateSource(p.As(fixture.LoginAOfficer), SourceInput{OrgID: p.DeptA.ID, Name: "Tường lửa STC", Kind: KindAddress, Match: "10.1.0.1"})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := w.svc.CreateSource(p.As(fixture.LoginAOfficer), SourceInput{OrgID: p.DeptB.ID, Name: "x", Kind: KindAddress, Match: "10.2.0.1"}); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("officer of A registered a source for B: %v", err)
		}
		if _, _, err := w.svc.CreateSource(p.As(fixture.LoginBOfficer), SourceInput{OrgID: p.DeptB.ID, Name: "Máy chủ SYT", Kind: KindHostname, Match: "SYT-SRV", Retention: 365 * 24 * time.Hour}); err != nil {
			t.Fatal(err)
		}
		w.receive(t, "10.1.0.1", "<38>1 2026-11-20T09:00:00+07:00 fw-stc sshd - - - Failed password for root from 1.2.3.4 port 22 ssh2")
		w.receive(t, "10.9.9.9", "<38>1 2026-11-20T09:00:01+07:00 syt-srv sshd - - - Failed password for admin from 1.2.3.4 port 22 ssh2")
		w.receive(t, "10.7.7.7", "<38>1 2026-11-20T09:00:02+07:00 stranger sshd - - - Failed password for guest from 1.2.3.4 port 22 ssh2")
		w.svc.res.flushSeen(ctx)

		count := func(login string, f Filter) int {
			t.Helper()
			res, err := w.svc.Search(p.As(login), f)
			if err != nil {
				t.Fatalf("%s: %v", login, err)
			}
			return len(res.Events)
		}
		if n := count(fixture.LoginAOfficer, Filter{}); n != 1 {
			t.Errorf("officer A sees %d events, want 1 (only A's)", n)
		}
		if n := count(fixture.LoginBOfficer, Filter{Text: "failed"}); n != 1 {
			t.Errorf("officer B sees %d events, want 1 (the relayed host)", n)
		}
		if res, _ := w.svc.Search(p.As(fixture.LoginBOfficer), Filter{}); len(res.Events) != 1 || res.Events[0].Keep != 365 {
			t.Errorf("the source's own retention is not on its events: %+v", res.Events)
		}
		if n := count(fixture.LoginAuthority, Filter{}); n != 3 {
			t.Errorf("the authority sees %d events province-wide, want 3", n)
		}
		if n := count(fixture.LoginAuthority, Filter{OrgID: Unassigned}); n != 1 {
			t.Errorf("the authority sees %d unassigned events, want 1", n)
		}
		if _, err := w.svc.Search(p.As(fixture.LoginAOfficer), Filter{OrgID: p.DeptB.ID}); !errs.Is(err, errs.Forbidden) {
			t.Errorf("officer A searched B's events: %v", err)
		}
		if n := count(fixture.LoginAOfficer, Filter{OrgID: Unassigned}); n != 0 {
			t.Errorf("officer A sees unassigned events")
		}
		if _, err := w.svc.Search(p.As(fixture.LoginAStaff), Filter{}); err != nil {
			t.Logf("staff: %v", err)
		} else if n := count(fixture.LoginAStaff, Filter{}); n != 0 {
			t.Errorf("staff without log.read sees %d events", n)
		}

		// Opening one event obeys the same scope.
		resB, _ := w.svc.Search(p.As(fixture.LoginBOfficer), Filter{})
		if _, err := w.svc.Event(p.As(fixture.LoginAOfficer), resB.Events[0].ID); !errs.Is(err, errs.NotFound) {
			t.Errorf("officer A opened B's event: %v", err)
		}
		if e, err := w.svc.Event(p.As(fixture.LoginBOfficer), resB.Events[0].ID); err != nil || e.Raw == "" {
			t.Errorf("officer B cannot open its event: %v", err)
		}

		// The unknown sender is listed as unassigned, for the authority only.
		un, err := w.svc.Sources(p.As(fixture.LoginAuthority), true)
		if err != nil || len(un) != 1 || un[0].Match != "10.7.7.7" || un[0].Events != 1 {
			t.Fatalf("unassigned sources = %+v, %v", un, err)
		}
		if l, _ := w.svc.Sources(p.As(fixture.LoginAOfficer), true); len(l) != 0 {
			t.Errorf("officer A lists unassigned sources")
		}
		if _, err := w.svc.AssignSource(p.As(fixture.LoginAOfficer), un[0].ID, SourceInput{OrgID: p.DeptA.ID}); !errs.Is(err, errs.Forbidden) {
			t.Errorf("officer A took an unassigned source: %v", err)
		}
		if _, err := w.svc.AssignSource(p.As(fixture.LoginAuthority), un[0].ID, SourceInput{OrgID: p.DeptA.ID, ExpectedInterval: time.Hour}); err != nil {
			t.Fatal(err)
		}
		w.receive(t, "10.7.7.7", "<38>1 2026-11-20T09:00:03+07:00 stranger sshd - - - Accepted password for guest from 1.2.3.4 port 22 ssh2")
		if n := count(fixture.LoginAOfficer, Filter{Text: "guest"}); n != 1 {
			t.Errorf("after assignment officer A sees %d of the new events, want 1", n)
		}
		mine, _ := w.svc.Sources(p.As(fixture.LoginAOfficer), false)
		if len(mine) != 2 {
			t.Errorf("officer A lists %d sources, want 2", len(mine))
		}
	})
}

func TestSilentSources(t *testing.T) {
	w := newWorld(t, dbtest.SQLite(t))
	p := w.p
	ctx := context.Background()
	src, _, err := w.svc.CreateSource(p.As(fixture.LoginAOfficer), SourceInput{OrgID: p.DeptA.ID, Name: "fw", Kind: KindAddress, Match: "10.1.0.1", ExpectedInterval: 10 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	w.receive(t, "10.1.0.1", "<14>1 - fw app - - - hello")
	w.svc.res.flushSeen(ctx)
	p.Clock.Advance(5 * time.Minute)
	w.svc.markSilent(ctx)
	if s, _ := getSource(ctx, w.p.DB.R, src.ID); !s.SilentSince.IsZero() {
		t.Fatalf("silent after 5 of 10 minutes")
	}
	p.Clock.Advance(6 * time.Minute)
	w.svc.markSilent(ctx)
	if s, _ := getSource(ctx, w.p.DB.R, src.ID); s.SilentSince.IsZero() {
		t.Fatalf("not silent after 11 of 10 minutes")
	}
	w.receive(t, "10.1.0.1", "<14>1 - fw app - - - back")
	w.svc.res.flushSeen(ctx)
	if s, _ := getSource(ctx, w.p.DB.R, src.ID); !s.SilentSince.IsZero() {
		t.Fatalf("still silent after an event")
	}
}

func TestAuditTrailSearchable(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		p := w.p
		ctx := context.Background()
		// Registering a source writes audit records of A.
		if _, _, err := w.svc.CreateSource(p.As(fixture.LoginAOfficer), SourceInput{OrgID: p.DeptA.ID, Name: "fw", Kind: KindAddress, Match: "10.1.0.1"}); err != nil {
			t.Fatal(err)
		}
		n, err := w.svc.feedAudit(ctx)
		if err != nil || n == 0 {
			t.Fatalf("feedAudit = %d, %v", n, err)
		}
		again, err := w.svc.feedAudit(ctx)
		if err != nil || again != 0 {
			t.Fatalf("second feed copied %d records again, %v", again, err)
		}
		res, err := w.svc.Search(p.As(fixture.LoginAOfficer), Filter{Sources: []string{AuditSource}, Fields: []store.FieldMatch{{Key: "audit.action", Value: "log_source.create"}}})
		if err != nil || len(res.Events) != 1 {
			t.Fatalf("officer A finds %d audit events of its source, %v", len(res.Events), err)
		}
		res, err = w.svc.Search(p.As(fixture.LoginBOfficer), Filter{Sources: []string{AuditSource}, Text: "log_source.create"})
		if err != nil || len(res.Events) != 0 {
			t.Fatalf("officer B sees A's audit events: %d, %v", len(res.Events), err)
		}
	})
}

func TestAgencyRetention(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		p := w.p
		ctx := context.Background()
		if _, err := w.svc.SetRetention(p.As(fixture.LoginBOfficer), p.DeptA.ID, 30); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("officer B set A's retention: %v", err)
		}
		if _, err := w.svc.SetRetention(p.As(fixture.LoginAOfficer), p.DeptA.ID, 99999); !errs.Is(err, errs.Invalid) {
			t.Fatalf("absurd retention: %v", err)
		}
		ret, err := w.svc.SetRetention(p.As(fixture.LoginAOfficer), p.DeptA.ID, 30)
		if err != nil || ret.Days != 30 || ret.Default {
			t.Fatalf("SetRetention = %+v, %v", ret, err)
		}
		old := p.Clock.Now().Add(-40 * 24 * time.Hour)
		for _, org := range []string{p.DeptA.ID, p.DeptB.ID} {
			e := parse.ParseSyslog([]byte("<14>1 - h app - - - cũ"), old, time.UTC)
			e.Time = old
			ack, err := w.st.Append(ctx, []store.Record{store.FromEvent(e, org, "", "10.0.0.1")})
			if err != nil || ack.Wait(ctx) != nil {
				t.Fatal(err)
			}
		}
		if err := w.st.Checkpoint(ctx); err != nil {
			t.Fatal(err)
		}
		if n, err := w.svc.ApplyRetention(ctx); err != nil || n != 1 {
			t.Fatalf("ApplyRetention = %d, %v (want A's old day only)", n, err)
		}
		for org, want := range map[string]int{p.DeptA.ID: 0, p.DeptB.ID: 1} {
			res, err := w.st.Search(ctx, store.Query{Orgs: []string{org}})
			if err != nil || len(res.Events) != want {
				t.Errorf("agency %s keeps %d events, want %d (%v)", org, len(res.Events), want, err)
			}
		}
	})
}
