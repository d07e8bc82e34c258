package audit_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"attt/internal/audit"
	"attt/internal/db"
	"attt/internal/db/dbtest"
	"attt/internal/principal"
)

func fill(t *testing.T, tr *audit.Trail, n int) {
	t.Helper()
	ctx := principal.With(context.Background(), &principal.Principal{PersonID: "p1", Login: "an.nv", IP: "10.0.0.1"})
	for i := 0; i < n; i++ {
		if err := tr.AppendNow(ctx, audit.Event{Action: "test.event", TargetID: fmt.Sprint(i), After: map[string]int{"i": i}}); err != nil {
			t.Fatal(err)
		}
	}
}

// dropGuards plays an attacker with raw database access.
func dropGuards(t *testing.T, d *db.DB) {
	t.Helper()
	stmts := []string{"DROP TRIGGER audit_events_no_update", "DROP TRIGGER audit_events_no_delete"}
	if d.Dialect == db.Postgres {
		stmts = []string{"DROP TRIGGER audit_events_guard ON audit_events"}
	}
	for _, s := range stmts {
		if _, err := d.W.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
}

func TestVerifyDetectsTampering(t *testing.T) {
	cases := []struct {
		name   string
		attack string
		broken int64
		reason string
	}{
		{"intact", "", 0, ""},
		{"altered", "UPDATE audit_events SET note = 'x' WHERE seq = 4", 4, "altered"},
		{"deleted middle", "DELETE FROM audit_events WHERE seq = 5", 5, "missing"},
		{"deleted tail", "DELETE FROM audit_events WHERE seq = 10", 10, "deleted"},
		{"rehashed row", "UPDATE audit_events SET hash = 'abc' WHERE seq = 7", 7, "altered"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dbtest.Each(t, func(t *testing.T, d *db.DB) {
				tr := audit.New(d, nil)
				fill(t, tr, 10)
				if c.attack != "" {
					dropGuards(t, d)
					if _, err := d.W.Exec(c.attack); err != nil {
						t.Fatal(err)
					}
				}
				res, err := audit.Verify(context.Background(), d)
				if err != nil {
					t.Fatal(err)
				}
				if c.attack == "" {
					if !res.OK || res.Checked != 10 {
						t.Fatalf("intact trail: %+v", res)
					}
					return
				}
				if res.OK || res.BrokenSeq != c.broken || !strings.Contains(res.Reason, c.reason) {
					t.Fatalf("got %+v, want broken at %d (%s)", res, c.broken, c.reason)
				}
			})
		})
	}
}

func TestPruneKeepsChainVerifiable(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		tr := audit.New(d, func() time.Time { return now })
		fill(t, tr, 5)
		now = now.Add(48 * time.Hour)
		fill(t, tr, 3)
		n, err := tr.Prune(context.Background(), now.Add(-time.Hour))
		if err != nil || n != 5 {
			t.Fatalf("prune: n=%d err=%v", n, err)
		}
		res, err := audit.Verify(context.Background(), d)
		if err != nil || !res.OK || res.Checked != 4 {
			t.Fatalf("after prune: %+v %v", res, err)
		}
	})
}

func TestConcurrentAppendsStayChained(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		tr := audit.New(d, nil)
		errc := make(chan error, 8)
		for w := 0; w < 8; w++ {
			go func() {
				var err error
				for i := 0; i < 20 && err == nil; i++ {
					err = tr.AppendNow(context.Background(), audit.Event{Action: "test.concurrent"})
				}
				errc <- err
			}()
		}
		for w := 0; w < 8; w++ {
			if err := <-errc; err != nil {
				t.Fatal(err)
			}
		}
		res, err := audit.Verify(context.Background(), d)
		if err != nil || !res.OK || res.Checked != 160 {
			t.Fatalf("%+v %v", res, err)
		}
	})
}

// TestGetRecordsTheRead: opening one record is itself recorded; a record
// outside the reader's scope is not found and leaves no read behind.
func TestGetRecordsTheRead(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		tr := audit.New(d, nil)
		fill(t, tr, 3)
		sys := principal.With(context.Background(), principal.SystemPrincipal("test"))
		rec, err := tr.Get(sys, 2)
		if err != nil || rec.Seq != 2 || rec.TargetID != "1" {
			t.Fatalf("get: %+v %v", rec, err)
		}
		recs, err := tr.Search(sys, audit.Filter{Action: "audit.read"})
		if err != nil || len(recs) != 1 || recs[0].TargetID != "2" {
			t.Fatalf("the read is recorded: %+v %v", recs, err)
		}
		if _, err := tr.Get(sys, 99); err == nil {
			t.Fatal("a missing record is not found")
		}
	})
}
