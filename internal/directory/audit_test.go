package directory_test

import (
	"context"
	"slices"
	"testing"

	"attt/internal/audit"
	"attt/internal/db"
	"attt/internal/db/dbtest"
	"attt/internal/directory"
	"attt/internal/errs"
	"attt/internal/principal"
	"attt/internal/testutil/fixture"
)

// TestEveryMutationIsAudited runs each directory mutation and checks the
// records it appended, then that the chain still verifies.
func TestEveryMutationIsAudited(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := fixture.New(t, d)
		ctx := p.As(fixture.LoginAdmin)
		var orgID, personID, grantID string
		steps := []struct {
			name string
			run  func(ctx context.Context) error
			want []string
		}{
			{"create org", func(ctx context.Context) error {
				o, err := p.Dir.CreateOrg(ctx, directory.OrgInput{Code: "SNV", Name: "Sở Nội vụ", Type: directory.TypeDepartment, ParentID: p.Root.ID})
				if o != nil {
					orgID = o.ID
				}
				return err
			}, []string{"org.create"}},
			{"update org", func(ctx context.Context) error {
				_, err := p.Dir.UpdateOrg(ctx, orgID, directory.OrgInput{Code: "SNV", Name: "Sở Nội vụ tỉnh", Type: directory.TypeDepartment})
				return err
			}, []string{"org.update"}},
			{"move org", func(ctx context.Context) error { _, err := p.Dir.MoveOrg(ctx, orgID, p.DeptA.ID); return err }, []string{"org.move"}},
			{"create person", func(ctx context.Context) error {
				x, err := p.Dir.CreatePerson(ctx, directory.PersonInput{Login: "nv.snv", FullName: "Cán Bộ Nội Vụ", OrgID: orgID, Roles: []principal.Role{principal.Head}})
				if x != nil {
					personID = x.ID
				}
				return err
			}, []string{"person.create", "role.grant", "role.grant"}},
			{"update person", func(ctx context.Context) error {
				_, err := p.Dir.UpdatePerson(ctx, personID, directory.PersonInput{FullName: "Cán Bộ Nội Vụ", Title: "Chuyên viên"})
				return err
			}, []string{"person.update"}},
			{"grant", func(ctx context.Context) error { return p.Dir.Grant(ctx, personID, p.DeptA.ID, principal.Officer) }, []string{"role.grant"}},
			{"revoke", func(ctx context.Context) error {
				gs, err := p.Dir.ListGrants(ctx, personID)
				for _, g := range gs {
					if g.Role == principal.Officer {
						grantID = g.ID
					}
				}
				if err != nil {
					return err
				}
				return p.Dir.Revoke(ctx, grantID)
			}, []string{"role.revoke"}},
			{"designate officer", func(ctx context.Context) error { return p.Dir.DesignateOfficer(ctx, orgID, personID) }, []string{"role.grant", "org.officer"}},
			{"transfer", func(ctx context.Context) error { _, err := p.Dir.Transfer(ctx, personID, p.DeptB.ID); return err }, []string{"role.grant", "person.transfer", "person.transfer"}},
			{"suspend", func(ctx context.Context) error { return p.Auth.Suspend(ctx, personID, "") }, []string{"person.suspend"}},
			{"deactivate org", func(ctx context.Context) error { _, err := p.Dir.SetOrgActive(ctx, orgID, false); return err }, []string{"org.deactivate"}},
			{"activate org", func(ctx context.Context) error { _, err := p.Dir.SetOrgActive(ctx, orgID, true); return err }, []string{"org.activate"}},
		}
		for _, s := range steps {
			before := p.LastAudit().Seq
			if err := s.run(ctx); err != nil {
				t.Fatalf("%s: %v", s.name, err)
			}
			var got []string
			for _, r := range p.Audit(audit.Filter{}) {
				if r.Seq > before {
					got = append(got, r.Action)
					if r.ActorLogin != fixture.LoginAdmin || r.IP != "192.0.2.10" {
						t.Errorf("%s: record %s by %q from %q", s.name, r.Action, r.ActorLogin, r.IP)
					}
				}
			}
			slices.Sort(got)
			want := slices.Clone(s.want)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("%s: recorded %v, want %v", s.name, got, want)
			}
		}
		p.MustVerifyAudit()
	})
}

// TestAuditSearchIsScoped: an officer reads the trail of their own agency
// only; records tied to no organisation are for admins.
func TestAuditSearchIsScoped(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := fixture.New(t, d)
		_, _ = p.Login("nobody.here", "Xoài9#Lựu-Bưởi~Quất")
		_, _ = p.Login(fixture.LoginBStaff, "wrong password")
		orgPath := map[string]string{}
		all, err := p.Dir.ListOrgs(p.System(t.Context()), directory.OrgFilter{IncludeRetired: true})
		must(t, err, "orgs")
		for _, o := range all {
			orgPath[o.ID] = o.Path
		}
		search := func(login string, f audit.Filter) []audit.Record {
			t.Helper()
			f.Limit = 1000
			recs, err := p.Trail.Search(p.As(login), f)
			must(t, err, login+" searches")
			return recs
		}
		check := func(login string, root *directory.Org) {
			t.Helper()
			recs := search(login, audit.Filter{})
			if len(recs) == 0 {
				t.Errorf("%s sees no records of their own agency", login)
			}
			for _, r := range recs {
				if !under(orgPath[r.OrgID], root.Path) {
					t.Errorf("%s sees %s on %q outside %s", login, r.Action, r.OrgID, root.Code)
				}
			}
		}
		check(fixture.LoginAOfficer, p.DeptA)
		check(fixture.LoginAHead, p.DeptA)
		check(fixture.LoginBOfficer, p.DeptB)
		if recs := search(fixture.LoginAOfficer, audit.Filter{OrgID: p.DeptB.ID}); len(recs) != 0 {
			t.Errorf("a.officer filtering on B sees %d records", len(recs))
		}
		if recs := search(fixture.LoginAOfficer, audit.Filter{TargetID: p.ID(fixture.LoginBStaff)}); len(recs) != 0 {
			t.Errorf("a.officer sees %d records about b.staff", len(recs))
		}
		if recs := search(fixture.LoginBOfficer, audit.Filter{Action: "auth.login.failure"}); len(recs) != 1 {
			t.Errorf("b.officer sees %d failed logins of B, want 1", len(recs))
		}
		for _, login := range []string{fixture.LoginAStaff, fixture.LoginLeader, fixture.LoginPolice} {
			_, err := p.Trail.Search(p.As(login), audit.Filter{})
			wantCode(t, err, errs.Forbidden, login+" searches")
		}
		// Province-wide readers: the authority sees both agencies but not
		// installation-wide records; the admin sees those too.
		failures := func(login string) (unknown, b int) {
			for _, r := range search(login, audit.Filter{Action: "auth.login.failure"}) {
				switch r.OrgID {
				case "":
					unknown++
				case p.DeptB.ID:
					b++
				}
			}
			return
		}
		if u, b := failures(fixture.LoginAuthority); u != 0 || b != 1 {
			t.Errorf("authority sees %d unknown-login and %d B failures, want 0 and 1", u, b)
		}
		if u, b := failures(fixture.LoginAdmin); u != 1 || b != 1 {
			t.Errorf("admin sees %d unknown-login and %d B failures, want 1 and 1", u, b)
		}
	})
}
