package directory_test

import (
	"testing"

	"attt/internal/db"
	"attt/internal/db/dbtest"
	"attt/internal/directory"
	"attt/internal/errs"
	"attt/internal/principal"
	"attt/internal/testutil/fixture"
)

func flagged(t *testing.T, p *fixture.Province, login string) map[string]bool {
	t.Helper()
	orgs, err := p.Dir.OrgsWithoutOfficer(p.As(login))
	must(t, err, "OrgsWithoutOfficer")
	return orgIDs(orgs)
}

func TestOrgsWithoutOfficer(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := fixture.New(t, d)
		got := flagged(t, p, fixture.LoginAuthority)
		for _, o := range []*directory.Org{p.UnitA, p.UnitB, p.PoliceOrg, p.DatacenterOrg} {
			if !got[o.ID] {
				t.Errorf("%s is not flagged", o.Code)
			}
		}
		// The province is a container and an enterprise is no state agency.
		if got[p.Root.ID] || got[p.ProviderOrg.ID] {
			t.Error("the province root and the provider must not be flagged")
		}
		if got[p.DeptA.ID] || got[p.DeptB.ID] || len(got) != 4 {
			t.Errorf("flagged %d organisations, departments A and B among them: %v %v", len(got), got[p.DeptA.ID], got[p.DeptB.ID])
		}
		// An officer sees the flags of their own agency only.
		if own := flagged(t, p, fixture.LoginAOfficer); len(own) != 1 || !own[p.UnitA.ID] {
			t.Errorf("a.officer sees %v", own)
		}

		deptC := p.AddOrg("SXD", "Sở Xây dựng", directory.TypeDepartment, p.Root.ID)
		if !flagged(t, p, fixture.LoginAuthority)[deptC.ID] {
			t.Fatal("a new department is not flagged")
		}
		c := p.AddPending("c.officer", "Kiều Văn Sơn", deptC.ID)
		authority := p.As(fixture.LoginAuthority)
		must(t, p.Dir.DesignateOfficer(authority, deptC.ID, c.ID), "designate a pending person")
		if rec := p.LastAudit(); rec.Action != "org.officer" || rec.TargetID != deptC.ID || rec.ActorLogin != fixture.LoginAuthority {
			t.Errorf("audit %s by %s", rec.Action, rec.ActorLogin)
		}
		if !flagged(t, p, fixture.LoginAuthority)[deptC.ID] {
			t.Error("an officer who has not activated the account yet counts")
		}
		p.Activate(c.ID, fixture.Password)
		if flagged(t, p, fixture.LoginAuthority)[deptC.ID] {
			t.Error("still flagged after the designated officer activated")
		}
		org, err := p.Dir.GetOrg(authority, deptC.ID)
		must(t, err, "get C")
		if org.OfficerID != c.ID {
			t.Errorf("officer_id %q", org.OfficerID)
		}
		if !principal.From(p.As("c.officer")).Has(deptC.Path, principal.Officer) {
			t.Error("designation did not grant the officer role")
		}

		must(t, p.Auth.Suspend(p.System(t.Context()), c.ID, "nghỉ ốm dài hạn"), "suspend the officer")
		if !flagged(t, p, fixture.LoginAuthority)[deptC.ID] {
			t.Error("a suspended officer still counts")
		}
		wantCode(t, p.Dir.DesignateOfficer(authority, deptC.ID, c.ID), errs.Invalid, "designate a suspended person")
		wantCode(t, p.Dir.DesignateOfficer(authority, deptC.ID, p.ID(fixture.LoginBStaff)), errs.Invalid, "designate someone of another agency")
		must(t, p.Dir.DesignateOfficer(p.As(fixture.LoginAHead), p.UnitA.ID, p.ID(fixture.LoginA1Staff)), "head designates in own unit")
		if flagged(t, p, fixture.LoginAHead)[p.UnitA.ID] {
			t.Error("unit A still flagged after its head designated an officer")
		}
	})
}
