package directory_test

import (
	"context"
	"testing"

	"attt/internal/audit"
	"attt/internal/db"
	"attt/internal/db/dbtest"
	"attt/internal/directory"
	"attt/internal/errs"
	"attt/internal/principal"
	"attt/internal/testutil/fixture"
)

// TestScopeMatrix gives every role on department A to someone and has them
// try every directory method against department B: each is refused with
// Forbidden or sees nothing of B, and nothing is written.
func TestScopeMatrix(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := fixture.New(t, d)
		a, b := p.DeptA, p.DeptB
		bStaff := p.ID(fixture.LoginBStaff)
		aStaff := p.ID(fixture.LoginAStaff)
		grants, err := p.Dir.ListGrants(p.System(t.Context()), bStaff)
		must(t, err, "b.staff grants")
		bGrant := grants[0].ID

		type refusal struct {
			name string
			call func(ctx context.Context) error
		}
		refusals := []refusal{
			{"GetOrg B", func(ctx context.Context) error { _, err := p.Dir.GetOrg(ctx, b.ID); return err }},
			{"GetOrg B's unit", func(ctx context.Context) error { _, err := p.Dir.GetOrg(ctx, p.UnitB.ID); return err }},
			{"GetOrgByCode B", func(ctx context.Context) error { _, err := p.Dir.GetOrgByCode(ctx, "SYT"); return err }},
			{"GetOrg unknown", func(ctx context.Context) error { _, err := p.Dir.GetOrg(ctx, "01UNKNOWN"); return err }},
			{"UpdateOrg B", func(ctx context.Context) error {
				_, err := p.Dir.UpdateOrg(ctx, b.ID, directory.OrgInput{Code: "SYT", Name: "Đổi tên", Type: directory.TypeDepartment})
				return err
			}},
			{"MoveOrg B's unit under A", func(ctx context.Context) error { _, err := p.Dir.MoveOrg(ctx, p.UnitB.ID, a.ID); return err }},
			{"MoveOrg A's unit under B", func(ctx context.Context) error { _, err := p.Dir.MoveOrg(ctx, p.UnitA.ID, b.ID); return err }},
			{"SetOrgActive B's unit", func(ctx context.Context) error { _, err := p.Dir.SetOrgActive(ctx, p.UnitB.ID, false); return err }},
			{"CreateOrg under B", func(ctx context.Context) error {
				_, err := p.Dir.CreateOrg(ctx, directory.OrgInput{Code: "SYT-X", Name: "X", Type: directory.TypeUnit, ParentID: b.ID})
				return err
			}},
			{"CreatePerson in B", func(ctx context.Context) error {
				_, err := p.Dir.CreatePerson(ctx, directory.PersonInput{Login: "intruder", FullName: "Người Lạ", OrgID: b.ID})
				return err
			}},
			{"GetPerson of B", func(ctx context.Context) error { _, err := p.Dir.GetPerson(ctx, bStaff); return err }},
			{"GetPerson unknown", func(ctx context.Context) error { _, err := p.Dir.GetPerson(ctx, "01UNKNOWN"); return err }},
			{"UpdatePerson of B", func(ctx context.Context) error {
				_, err := p.Dir.UpdatePerson(ctx, bStaff, directory.PersonInput{FullName: "Đổi Tên"})
				return err
			}},
			{"ListGrants of B's person", func(ctx context.Context) error { _, err := p.Dir.ListGrants(ctx, bStaff); return err }},
			{"Grant on B", func(ctx context.Context) error { return p.Dir.Grant(ctx, bStaff, b.ID, principal.Officer) }},
			{"Grant A's person on B", func(ctx context.Context) error { return p.Dir.Grant(ctx, aStaff, b.ID, principal.Staff) }},
			{"Revoke on B", func(ctx context.Context) error { return p.Dir.Revoke(ctx, bGrant) }},
			{"DesignateOfficer on B", func(ctx context.Context) error { return p.Dir.DesignateOfficer(ctx, b.ID, bStaff) }},
			{"Transfer A's person to B", func(ctx context.Context) error { _, err := p.Dir.Transfer(ctx, aStaff, b.ID); return err }},
			{"Transfer B's person to A", func(ctx context.Context) error { _, err := p.Dir.Transfer(ctx, bStaff, a.ID); return err }},
			{"History of B's person", func(ctx context.Context) error { _, err := p.Dir.History(ctx, bStaff); return err }},
		}
		for _, perm := range []directory.Perm{directory.PermOrgRead, directory.PermOrgManage, directory.PermPeopleRead, directory.PermPeopleManage,
			directory.PermRolesGrant, directory.PermOfficerAssign, directory.PermAccountUnlock, directory.PermAuditRead, directory.PermSettings} {
			refusals = append(refusals, refusal{"Authorize " + string(perm) + " on B", func(ctx context.Context) error { return p.Dir.Authorize(ctx, perm, b.ID) }})
		}

		type listing struct {
			name string
			list func(ctx context.Context) (paths []string, err error)
		}
		orgPaths := func(orgs []directory.Org, err error) ([]string, error) {
			var out []string
			for _, o := range orgs {
				out = append(out, o.Path)
			}
			return out, err
		}
		pathOf := map[string]string{}
		all, err := p.Dir.ListOrgs(p.System(t.Context()), directory.OrgFilter{IncludeRetired: true})
		must(t, err, "all orgs")
		for _, o := range all {
			pathOf[o.ID] = o.Path
		}
		peoplePaths := func(people []directory.Person, err error) ([]string, error) {
			var out []string
			for _, x := range people {
				out = append(out, pathOf[x.OrgID])
			}
			return out, err
		}
		listings := []listing{
			{"ListOrgs", func(ctx context.Context) ([]string, error) {
				return orgPaths(p.Dir.ListOrgs(ctx, directory.OrgFilter{IncludeRetired: true}))
			}},
			{"ListOrgs under B", func(ctx context.Context) ([]string, error) {
				return orgPaths(p.Dir.ListOrgs(ctx, directory.OrgFilter{Under: b.ID}))
			}},
			{"OrgsWithoutOfficer", func(ctx context.Context) ([]string, error) { return orgPaths(p.Dir.OrgsWithoutOfficer(ctx)) }},
			{"ListPeople", func(ctx context.Context) ([]string, error) {
				return peoplePaths(p.Dir.ListPeople(ctx, directory.PersonFilter{}))
			}},
			{"ListPeople in B", func(ctx context.Context) ([]string, error) {
				return peoplePaths(p.Dir.ListPeople(ctx, directory.PersonFilter{OrgID: b.ID}))
			}},
			{"audit.Search", func(ctx context.Context) ([]string, error) {
				recs, err := p.Trail.Search(ctx, audit.Filter{Limit: 1000})
				if errs.Is(err, errs.Forbidden) {
					return nil, nil
				}
				var out []string
				for _, r := range recs {
					out = append(out, pathOf[r.OrgID])
				}
				return out, err
			}},
		}

		for _, role := range principal.Roles() {
			login := "m." + string(role)
			var extra []principal.Role
			if role != principal.Staff {
				extra = append(extra, role)
			}
			p.AddPending(login, "Người Thử Vai Trò", a.ID, extra...)
		}
		before := p.LastAudit().Seq

		for _, role := range principal.Roles() {
			t.Run(string(role), func(t *testing.T) {
				ctx := p.As("m." + string(role))
				if _, err := p.Dir.GetOrg(ctx, a.ID); err != nil {
					t.Fatalf("cannot even read its own department: %v", err)
				}
				if own, err := p.Dir.ListOrgs(ctx, directory.OrgFilter{}); err != nil || !orgIDs(own)[p.UnitA.ID] {
					t.Fatalf("cannot list its own department's units: %v", err)
				}
				for _, r := range refusals {
					wantCode(t, r.call(ctx), errs.Forbidden, r.name)
				}
				for _, l := range listings {
					paths, err := l.list(ctx)
					if err != nil {
						t.Errorf("%s: %v", l.name, err)
					}
					for _, path := range paths {
						if !under(path, a.Path) {
							t.Errorf("%s shows %q outside department A", l.name, path)
						}
					}
				}
			})
		}
		if after := p.LastAudit().Seq; after != before {
			t.Errorf("refused calls wrote %d audit records", after-before)
		}
		if _, err := p.Dir.PersonByLogin(t.Context(), "intruder"); !errs.Is(err, errs.NotFound) {
			t.Errorf("a refused CreatePerson left a person behind: %v", err)
		}
	})
}
