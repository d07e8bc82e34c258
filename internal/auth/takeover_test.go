package auth_test

import (
	"testing"

	"attt/internal/auth"
	"attt/internal/db"
	"attt/internal/db/dbtest"
	"attt/internal/errs"
	"attt/internal/principal"
	"attt/internal/testutil/fixture"
)

// TestOfficerCannotTakeOverHigherRoles: a province administrator whose
// membership sits in department A is beyond A's officer — no reset link, no
// suspension, no offboarding, no second-factor reset — while A's ordinary
// staff stay within reach.
func TestOfficerCannotTakeOverHigherRoles(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := fixture.New(t, d)
		p.AddPerson("a.sysadmin", "Lương Văn Quản", p.DeptA.ID)
		p.Grant("a.sysadmin", p.Root.ID, principal.Admin)
		target := p.ID("a.sysadmin")
		officer := p.As(fixture.LoginAOfficer)
		_, _, err := p.Auth.IssueLink(officer, target)
		wantCode(t, err, errs.Forbidden, "reset link for an administrator")
		wantCode(t, p.Auth.Suspend(officer, target, ""), errs.Forbidden, "suspend an administrator")
		_, err = p.Auth.Offboard(officer, target, auth.OffboardInput{Reason: "leave"})
		wantCode(t, err, errs.Forbidden, "offboard an administrator")
		wantCode(t, p.Auth.DisableTOTP(officer, target), errs.Forbidden, "reset an administrator's second factor")
		wantCode(t, p.Auth.Unlock(officer, target), errs.Forbidden, "unlock an administrator")
		_, _, err = p.Auth.IssueLink(officer, p.ID(fixture.LoginAStaff))
		must(t, err, "reset link for A's staff")
		_, _, err = p.Auth.IssueLink(p.As(fixture.LoginAdmin), target)
		must(t, err, "an administrator may reset another")
	})
}

// TestOffboardEndsRolesAndDesignation: a departed officer holds no role and
// their agency is flagged as lacking a security officer again.
func TestOffboardEndsRolesAndDesignation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := fixture.New(t, d)
		officer := p.ID(fixture.LoginAOfficer)
		_, err := p.Auth.Offboard(p.As(fixture.LoginAHead), officer, auth.OffboardInput{Reason: "leave"})
		must(t, err, "offboard A's officer")
		grants, err := p.Dir.ListGrants(p.As(fixture.LoginAHead), officer)
		must(t, err, "list grants")
		if len(grants) != 0 {
			t.Errorf("an offboarded person still holds %d roles", len(grants))
		}
		org, err := p.Dir.GetOrg(p.As(fixture.LoginAHead), p.DeptA.ID)
		must(t, err, "read A")
		if org.OfficerID != "" {
			t.Error("the departed officer is still designated")
		}
		if p.AuditCount("role.revoke_all") != 1 {
			t.Error("ending the roles must be audited")
		}
	})
}
