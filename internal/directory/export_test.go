package directory_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"testing"

	"attt/internal/audit"
	"attt/internal/db"
	"attt/internal/db/dbtest"
	"attt/internal/directory"
	"attt/internal/errs"
	"attt/internal/testutil/fixture"
)

// lastExport returns the newest record of action and its summary.
func lastExport(t *testing.T, p *fixture.Province, action string) (audit.Record, audit.ExportSummary) {
	t.Helper()
	recs := p.Audit(audit.Filter{Action: action, Limit: 1})
	if len(recs) != 1 {
		t.Fatalf("no %s record", action)
	}
	var s audit.ExportSummary
	if err := json.Unmarshal([]byte(recs[0].After), &s); err != nil {
		t.Fatal(err)
	}
	return recs[0], s
}

// TestExportPeople: an export holds what ListPeople shows, within scope,
// without its page limit, and leaves one record with filter and count.
func TestExportPeople(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := fixture.New(t, d)
		officer := p.As(fixture.LoginAOfficer)
		people, err := p.Dir.ExportPeople(officer, directory.PersonFilter{}, "xlsx")
		must(t, err, "export")
		listed, err := p.Dir.ListPeople(officer, directory.PersonFilter{})
		must(t, err, "list")
		if len(people) != 4 || len(people) != len(listed) {
			t.Fatalf("exported %d, listed %d, want A's 4", len(people), len(listed))
		}
		for i, x := range people {
			if x.ID != listed[i].ID || (x.OrgID != p.DeptA.ID && x.OrgID != p.UnitA.ID) {
				t.Errorf("row %d: %s of %s", i, x.Login, x.OrgID)
			}
		}
		rec, sum := lastExport(t, p, "people.export")
		if rec.ActorLogin != fixture.LoginAOfficer || rec.OrgID != p.DeptA.ID || rec.TargetType != "people" ||
			sum.Rows != 4 || sum.Format != "xlsx" || len(sum.Filter) != 0 {
			t.Errorf("record %+v %+v", rec, sum)
		}

		people, err = p.Dir.ExportPeople(officer, directory.PersonFilter{OrgID: p.UnitA.ID, Status: directory.StatusActive, Text: "staff"}, "csv")
		must(t, err, "filtered export")
		if len(people) != 1 || people[0].Login != fixture.LoginA1Staff {
			t.Errorf("filtered export %+v", people)
		}
		rec, sum = lastExport(t, p, "people.export")
		if rec.OrgID != p.UnitA.ID || sum.Rows != 1 || sum.Filter["org"] != p.UnitA.ID || sum.Filter["status"] != "active" || sum.Filter["q"] != "staff" {
			t.Errorf("filtered record %+v %+v", rec, sum)
		}

		before := p.AuditCount("people.export")
		_, err = p.Dir.ExportPeople(officer, directory.PersonFilter{OrgID: p.DeptB.ID}, "csv")
		wantCode(t, err, errs.Forbidden, "B named")
		_, err = p.Dir.ExportPeople(officer, directory.PersonFilter{OrgID: "01NOPE"}, "csv")
		wantCode(t, err, errs.Forbidden, "unknown org")
		_, err = p.Dir.ExportPeople(p.As(fixture.LoginAStaff), directory.PersonFilter{}, "csv")
		wantCode(t, err, errs.Forbidden, "staff")
		_, err = p.Dir.ExportPeople(context.Background(), directory.PersonFilter{}, "csv")
		wantCode(t, err, errs.Unauthenticated, "nobody")
		if after := p.AuditCount("people.export"); after != before {
			t.Errorf("refused exports recorded: %d → %d", before, after)
		}

		// Beyond ListPeople's default page of 500.
		ctx := p.System(context.Background())
		must(t, d.Tx(ctx, func(tx *sql.Tx) error {
			for i := range 520 {
				if _, err := p.Dir.CreatePersonTx(ctx, tx, directory.PersonInput{Login: fmt.Sprintf("nv%03d", i), FullName: fmt.Sprintf("Nhân Viên %03d", i), OrgID: p.UnitB.ID}); err != nil {
					return err
				}
			}
			return nil
		}), "bulk people")
		all, err := p.Dir.ExportPeople(p.As(fixture.LoginAdmin), directory.PersonFilter{}, "xlsx")
		must(t, err, "admin export")
		if len(all) != 14+520 {
			t.Errorf("admin exported %d people, want %d", len(all), 14+520)
		}
		if _, sum := lastExport(t, p, "people.export"); sum.Rows != len(all) {
			t.Errorf("recorded %d rows for %d", sum.Rows, len(all))
		}
	})
}

// TestExportOrgs: the tree in scope, in tree order, recorded.
func TestExportOrgs(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := fixture.New(t, d)
		staff := p.As(fixture.LoginAStaff)
		orgs, err := p.Dir.ExportOrgs(staff, directory.OrgFilter{Limit: 1, Offset: 1}, "csv")
		must(t, err, "export")
		if len(orgs) != 2 || orgs[0].ID != p.DeptA.ID || orgs[1].ID != p.UnitA.ID {
			t.Fatalf("exported %+v", orgs)
		}
		rec, sum := lastExport(t, p, "org.export")
		if rec.OrgID != p.DeptA.ID || sum.Rows != 2 || sum.Format != "csv" {
			t.Errorf("record %+v %+v", rec, sum)
		}
		_, err = p.Dir.ExportOrgs(staff, directory.OrgFilter{Under: p.DeptB.ID}, "csv")
		wantCode(t, err, errs.Forbidden, "under B")
		orgs, err = p.Dir.ExportOrgs(p.As(fixture.LoginAuthority), directory.OrgFilter{Text: "sở", IncludeRetired: true}, "xlsx")
		must(t, err, "authority export")
		if len(orgs) != 2 {
			t.Errorf("authority: %d orgs named Sở", len(orgs))
		}
		if _, sum := lastExport(t, p, "org.export"); sum.Filter["q"] != "sở" || sum.Filter["retired"] != "true" || sum.Rows != 2 {
			t.Errorf("authority record %+v", sum)
		}
		if n := p.AuditCount("org.export"); n != 2 {
			t.Errorf("%d org.export records, want 2", n)
		}
	})
}
