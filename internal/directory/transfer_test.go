package directory_test

import (
	"strings"
	"testing"
	"time"

	"attt/internal/audit"
	"attt/internal/db"
	"attt/internal/db/dbtest"
	"attt/internal/errs"
	"attt/internal/principal"
	"attt/internal/testutil/fixture"
)

func TestTransferKeepsHistoryAndEndsOldGrants(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := fixture.New(t, d)
		id := p.ID(fixture.LoginAOfficer)
		p.Grant(fixture.LoginAOfficer, p.UnitA.ID, principal.Head)
		joined := p.Clock.Now()
		p.Clock.Advance(400 * 24 * time.Hour)
		moved := p.Clock.Now()

		authority := p.As(fixture.LoginAuthority)
		_, err := p.Dir.Transfer(p.As(fixture.LoginAOfficer), id, p.DeptB.ID)
		wantCode(t, err, errs.Forbidden, "transfer by someone who does not manage B")
		_, err = p.Dir.Transfer(authority, id, p.DeptA.ID)
		wantCode(t, err, errs.Invalid, "transfer to the same agency")
		_, err = p.Dir.Transfer(authority, id, "01UNKNOWN")
		wantCode(t, err, errs.Forbidden, "transfer to an unknown agency")

		person, err := p.Dir.Transfer(authority, id, p.DeptB.ID)
		must(t, err, "transfer")
		if person.OrgID != p.DeptB.ID || person.Status != "active" {
			t.Errorf("after transfer %+v", person)
		}

		hist, err := p.Dir.History(authority, id)
		must(t, err, "history")
		if len(hist) != 2 {
			t.Fatalf("history has %d periods, want 2: %+v", len(hist), hist)
		}
		if hist[0].OrgID != p.DeptB.ID || !hist[0].From.Equal(moved) || !hist[0].To.IsZero() {
			t.Errorf("current period %+v", hist[0])
		}
		if hist[1].OrgID != p.DeptA.ID || !hist[1].From.Equal(joined) || !hist[1].To.Equal(moved) {
			t.Errorf("closed period %+v", hist[1])
		}

		grants, err := p.Dir.ListGrants(authority, id)
		must(t, err, "grants")
		if len(grants) != 1 || grants[0].Role != principal.Staff || grants[0].OrgID != p.DeptB.ID {
			t.Errorf("grants after transfer %+v, want only staff on B", grants)
		}
		org, err := p.Dir.GetOrg(authority, p.DeptA.ID)
		must(t, err, "A")
		if org.OfficerID != "" || !flagged(t, p, fixture.LoginAuthority)[p.DeptA.ID] {
			t.Errorf("A still names %q as its officer", org.OfficerID)
		}

		// The transferred person lost every right in A …
		me := p.As(fixture.LoginAOfficer)
		_, err = p.Dir.GetPerson(me, p.ID(fixture.LoginAStaff))
		wantCode(t, err, errs.Forbidden, "former officer reads A's staff")
		recs, err := p.Trail.Search(me, audit.Filter{})
		wantCode(t, err, errs.Forbidden, "former officer reads A's audit trail")
		if len(recs) != 0 {
			t.Errorf("former officer sees %d audit records", len(recs))
		}
		// … and B's officer now manages them, history included.
		if h, err := p.Dir.History(p.As(fixture.LoginBOfficer), id); err != nil || len(h) != 2 {
			t.Errorf("B officer reads history: %d periods, %v", len(h), err)
		}
		rec := p.LastAudit()
		if rec.Action != "person.transfer" || rec.TargetID != id || !strings.Contains(rec.Before, p.DeptA.ID) || !strings.Contains(rec.After, p.DeptB.ID) {
			t.Errorf("audit %s before=%s after=%s", rec.Action, rec.Before, rec.After)
		}
		// Signing in still works: the account moved, it did not end.
		p.MustLogin(fixture.LoginAOfficer)
	})
}

// TestTransferEndsOfficerRoleOverParentAgency: the officer of department A
// may sit in one of A's units (DesignateOfficer allows it). Moving them to
// another agency must end that officer role on A too, not only the grants
// under their own unit.
func TestTransferEndsOfficerRoleOverParentAgency(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := fixture.New(t, d)
		p.Designate(p.DeptA.ID, fixture.LoginA1Staff)
		_, err := p.Dir.Transfer(p.As(fixture.LoginAuthority), p.ID(fixture.LoginA1Staff), p.DeptB.ID)
		must(t, err, "transfer")
		if principal.From(p.As(fixture.LoginA1Staff)).Has(p.DeptA.Path, principal.Officer) {
			t.Error("the transferred person still holds officer rights over their former department")
		}
	})
}
