package audit_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"attt/internal/audit"
	"attt/internal/db"
	"attt/internal/db/dbtest"
	"attt/internal/errs"
	"attt/internal/principal"
	"attt/internal/testutil/fixture"
)

// fillTx appends n installation-wide records in one transaction.
func fillTx(t *testing.T, d *db.DB, tr *audit.Trail, n int) {
	t.Helper()
	ctx := principal.With(context.Background(), &principal.Principal{PersonID: "p1", Login: "an.nv", IP: "10.0.0.1"})
	err := d.Tx(ctx, func(tx *sql.Tx) error {
		for i := range n {
			if err := tr.Append(ctx, tx, audit.Event{Action: "test.event", TargetID: fmt.Sprint(i)}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func lastExport(t *testing.T, tr *audit.Trail, ctx context.Context) (audit.Record, audit.ExportSummary) {
	t.Helper()
	recs, err := tr.Search(ctx, audit.Filter{Action: "audit.export", Limit: 1})
	if err != nil || len(recs) != 1 {
		t.Fatalf("no export record: %v %d", err, len(recs))
	}
	var s audit.ExportSummary
	if err := json.Unmarshal([]byte(recs[0].After), &s); err != nil {
		t.Fatal(err)
	}
	return recs[0], s
}

// TestExportPagesThroughTheTrail: an export walks every page of Search,
// newest first without gap or repeat, honours a smaller limit, and records
// itself once with the filter and row count; a failing consumer stops it
// before anything is recorded.
func TestExportPagesThroughTheTrail(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		tr := audit.New(d, nil)
		fillTx(t, d, tr, 2345)
		ctx := principal.With(context.Background(), principal.SystemPrincipal("test"))

		next := int64(2345)
		n, err := tr.Export(ctx, audit.Filter{BeforeSeq: 7}, "csv", func(r *audit.Record) error {
			if r.Seq != next {
				return fmt.Errorf("seq %d, want %d", r.Seq, next)
			}
			next--
			return nil
		})
		if err != nil || n != 2345 || next != 0 {
			t.Fatalf("export: %d rows, %v, stopped before %d", n, err, next)
		}
		rec, sum := lastExport(t, tr, ctx)
		if rec.Seq != 2346 || rec.ActorLogin != "system:test" || rec.Note != "format=csv rows=2345" || sum.Rows != 2345 || sum.Format != "csv" || sum.Truncated {
			t.Errorf("export record %+v %+v", rec, sum)
		}

		n, err = tr.Export(ctx, audit.Filter{Action: "test.", Limit: 1500}, "xlsx", func(*audit.Record) error { return nil })
		if err != nil || n != 1500 {
			t.Fatalf("limited export: %d %v", n, err)
		}
		if _, sum := lastExport(t, tr, ctx); sum.Rows != 1500 || sum.Filter["action"] != "test." || sum.Filter["limit"] != "1500" {
			t.Errorf("limited export summary %+v", sum)
		}

		boom := errors.New("client gone")
		if _, err := tr.Export(ctx, audit.Filter{}, "csv", func(*audit.Record) error { return boom }); !errors.Is(err, boom) {
			t.Fatalf("failing consumer: %v", err)
		}
		if rec, _ := lastExport(t, tr, ctx); rec.Seq != 2347 {
			t.Errorf("a failed export was recorded: %+v", rec)
		}
		res, err := audit.Verify(context.Background(), d)
		if err != nil || !res.OK {
			t.Fatalf("verify: %+v %v", res, err)
		}
	})
}

// TestExportScope: an officer of A exports A's records only, may not name
// B in the filter, and the record is tied to A; staff and strangers are
// refused.
func TestExportScope(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := fixture.New(t, d)
		officer := p.As(fixture.LoginAOfficer)
		var orgs []string
		n, err := p.Trail.Export(officer, audit.Filter{}, "xlsx", func(r *audit.Record) error {
			orgs = append(orgs, r.OrgID)
			return nil
		})
		if err != nil || n == 0 {
			t.Fatalf("officer export: %d %v", n, err)
		}
		for _, o := range orgs {
			if o != p.DeptA.ID && o != p.UnitA.ID {
				t.Fatalf("A's officer exported a record of %s", o)
			}
		}
		rec, sum := lastExport(t, p.Trail, p.System(context.Background()))
		if rec.ActorLogin != fixture.LoginAOfficer || rec.OrgID != p.DeptA.ID || sum.Rows != n {
			t.Errorf("export record %+v %+v", rec, sum)
		}
		if _, err := p.Trail.Export(officer, audit.Filter{OrgID: p.UnitA.ID}, "csv", func(*audit.Record) error { return nil }); err != nil {
			t.Errorf("export of A1: %v", err)
		}
		if rec, _ := lastExport(t, p.Trail, p.System(context.Background())); rec.OrgID != p.UnitA.ID {
			t.Errorf("export of A1 tied to %s", rec.OrgID)
		}
		none := func(*audit.Record) error { t.Error("a refused export produced a row"); return nil }
		for _, c := range []struct {
			name string
			ctx  context.Context
			f    audit.Filter
			code errs.Code
		}{
			{"B named", officer, audit.Filter{OrgID: p.DeptB.ID}, errs.Forbidden},
			{"unknown org", officer, audit.Filter{OrgID: "01NOPE"}, errs.Forbidden},
			{"staff", p.As(fixture.LoginAStaff), audit.Filter{}, errs.Forbidden},
			{"leader", p.As(fixture.LoginLeader), audit.Filter{}, errs.Forbidden},
			{"nobody", context.Background(), audit.Filter{}, errs.Unauthenticated},
		} {
			if _, err := p.Trail.Export(c.ctx, c.f, "csv", none); !errs.Is(err, c.code) {
				t.Errorf("%s: %v, want %s", c.name, err, c.code)
			}
		}
		if got := p.AuditCount("audit.export"); got != 2 {
			t.Errorf("%d export records, want 2", got)
		}
	})
}
