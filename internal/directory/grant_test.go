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

func TestStaffCannotReadPeople(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := fixture.New(t, d)
		staff := p.As(fixture.LoginAStaff)
		_, err := p.Dir.GetPerson(staff, p.ID(fixture.LoginAHead))
		wantCode(t, err, errs.Forbidden, "colleague")
		people, err := p.Dir.ListPeople(staff, directory.PersonFilter{})
		if err != nil || len(people) != 0 {
			t.Errorf("ListPeople: %d people, err %v", len(people), err)
		}
		_, err = p.Dir.History(staff, p.ID(fixture.LoginAOfficer))
		wantCode(t, err, errs.Forbidden, "colleague's history")
		// Everyone may see themselves.
		me, err := p.Dir.GetPerson(staff, p.ID(fixture.LoginAStaff))
		if err != nil || me.Login != fixture.LoginAStaff {
			t.Errorf("self: %v", err)
		}
		if _, err := p.Dir.History(staff, me.ID); err != nil {
			t.Errorf("own history: %v", err)
		}
		_, err = p.Dir.CreatePerson(staff, directory.PersonInput{Login: "new.one", FullName: "Người Mới", OrgID: p.DeptA.ID})
		wantCode(t, err, errs.Forbidden, "staff creates a person")

		// The leader reads people province-wide but manages nobody.
		leader := p.As(fixture.LoginLeader)
		if _, err := p.Dir.GetPerson(leader, p.ID(fixture.LoginBStaff)); err != nil {
			t.Errorf("leader reads a person: %v", err)
		}
		_, err = p.Dir.UpdatePerson(leader, p.ID(fixture.LoginBStaff), directory.PersonInput{FullName: "Đổi Tên"})
		wantCode(t, err, errs.Forbidden, "leader edits a person")
	})
}

func TestOfficerCannotGrantRoles(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := fixture.New(t, d)
		officer := p.As(fixture.LoginAOfficer)
		staffID := p.ID(fixture.LoginAStaff)
		for _, role := range []principal.Role{principal.Staff, principal.Officer, principal.Head, principal.Admin} {
			wantCode(t, p.Dir.Grant(officer, staffID, p.DeptA.ID, role), errs.Forbidden, "officer grants "+string(role))
		}
		wantCode(t, p.Dir.DesignateOfficer(officer, p.DeptA.ID, staffID), errs.Forbidden, "officer designates")
		grants, err := p.Dir.ListGrants(officer, staffID)
		must(t, err, "officer lists grants")
		wantCode(t, p.Dir.Revoke(officer, grants[0].ID), errs.Forbidden, "officer revokes")

		_, err = p.Dir.CreatePerson(officer, directory.PersonInput{Login: "with.role", FullName: "Có Vai Trò", OrgID: p.DeptA.ID, Roles: []principal.Role{principal.Officer}})
		wantCode(t, err, errs.Forbidden, "officer creates a person with a role")
		if _, err := p.Dir.PersonByLogin(t.Context(), "with.role"); !errs.Is(err, errs.NotFound) {
			t.Errorf("the refused person was stored: %v", err)
		}
		// Creating plain staff in the own agency is the officer's job.
		np, err := p.Dir.CreatePerson(officer, directory.PersonInput{Login: "Nhan.Vien ", FullName: "Nhân Viên Mới", OrgID: p.UnitA.ID})
		must(t, err, "officer creates staff")
		if np.Login != "nhan.vien" || np.Status != directory.StatusPending || np.CreatedBy != p.ID(fixture.LoginAOfficer) {
			t.Errorf("created %+v", np)
		}
		grants, err = p.Dir.ListGrants(officer, np.ID)
		if err != nil || len(grants) != 1 || grants[0].Role != principal.Staff || grants[0].OrgID != p.UnitA.ID {
			t.Errorf("new person's grants %+v, err %v", grants, err)
		}
		_, err = p.Dir.CreatePerson(officer, directory.PersonInput{Login: "nhan.vien", FullName: "Trùng", OrgID: p.DeptA.ID})
		wantCode(t, err, errs.Conflict, "duplicate login")
		_, err = p.Dir.CreatePerson(officer, directory.PersonInput{Login: "X", FullName: "", Email: "not-an-email", OrgID: p.DeptA.ID})
		wantCode(t, err, errs.Invalid, "bad person")
	})
}

func TestHeadGrantLimits(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := fixture.New(t, d)
		head := p.As(fixture.LoginAHead)
		staffID := p.ID(fixture.LoginAStaff)
		must(t, p.Dir.Grant(head, staffID, p.UnitA.ID, principal.Officer), "head grants officer on a unit")
		wantCode(t, p.Dir.Grant(head, staffID, p.UnitA.ID, principal.Officer), errs.Conflict, "same grant twice")
		must(t, p.Dir.Grant(head, staffID, p.DeptA.ID, principal.Head), "head grants head")
		for _, role := range []principal.Role{principal.Admin, principal.Authority, principal.Leader, principal.Police, principal.Datacenter, principal.Provider} {
			wantCode(t, p.Dir.Grant(head, staffID, p.DeptA.ID, role), errs.Forbidden, "head grants "+string(role))
		}
		wantCode(t, p.Dir.Grant(head, staffID, p.DeptA.ID, "king"), errs.Invalid, "unknown role")
		_, err := p.Dir.CreatePerson(head, directory.PersonInput{Login: "sneaky", FullName: "Lén Lút", OrgID: p.DeptA.ID, Roles: []principal.Role{principal.Admin}})
		wantCode(t, err, errs.Forbidden, "head creates an admin")

		// The staff member now holds officer rights over the unit only.
		pr := principal.From(p.As(fixture.LoginAStaff))
		if !pr.Has(p.UnitA.Path, principal.Officer) || pr.Has(p.DeptA.Path, principal.Officer) {
			t.Errorf("grants after Grant: %+v", pr.Grants)
		}
		grants, err := p.Dir.ListGrants(head, staffID)
		must(t, err, "list grants")
		for _, g := range grants {
			if g.Role == principal.Officer {
				must(t, p.Dir.Revoke(head, g.ID), "head revokes officer")
			}
		}
		if principal.From(p.As(fixture.LoginAStaff)).Has(p.UnitA.Path, principal.Officer) {
			t.Error("the revoked grant still applies")
		}
		adminGrants, err := p.Dir.ListGrants(p.As(fixture.LoginAdmin), p.ID(fixture.LoginAdmin))
		must(t, err, "admin grants")
		wantCode(t, p.Dir.Revoke(head, adminGrants[0].ID), errs.Forbidden, "head revokes the admin")

		// Above the head: the authority hands out province roles, only an
		// admin makes another admin.
		authority := p.As(fixture.LoginAuthority)
		must(t, p.Dir.Grant(authority, staffID, p.Root.ID, principal.Leader), "authority grants leader")
		wantCode(t, p.Dir.Grant(authority, staffID, p.Root.ID, principal.Admin), errs.Forbidden, "authority grants admin")
		must(t, p.Dir.Grant(p.As(fixture.LoginAdmin), staffID, p.Root.ID, principal.Admin), "admin grants admin")
		if n := p.AuditCount("role.grant"); n < 5 {
			t.Errorf("%d role.grant records", n)
		}
		if p.AuditCount("role.revoke") != 1 {
			t.Errorf("%d role.revoke records, want 1", p.AuditCount("role.revoke"))
		}
	})
}
