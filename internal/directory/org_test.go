package directory_test

import (
	"strings"
	"testing"

	"attt/internal/db"
	"attt/internal/db/dbtest"
	"attt/internal/directory"
	"attt/internal/errs"
	"attt/internal/testutil/fixture"
)

func TestCreateOrg(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := fixture.New(t, d)
		admin := p.As(fixture.LoginAdmin)
		o, err := p.Dir.CreateOrg(admin, directory.OrgInput{Code: " STC-PKH ", Name: " Phòng Kế hoạch ", Type: directory.TypeUnit, ParentID: p.DeptA.ID})
		must(t, err, "create")
		if o.Code != "STC-PKH" || o.Name != "Phòng Kế hoạch" || !o.Active || o.ParentID != p.DeptA.ID {
			t.Errorf("created %+v", o)
		}
		if want := p.DeptA.Path + o.ID + "/"; o.Path != want {
			t.Errorf("path %q, want %q", o.Path, want)
		}
		got, err := p.Dir.GetOrgByCode(admin, "STC-PKH")
		must(t, err, "get by code")
		if got.ID != o.ID || got.Depth != 2 {
			t.Errorf("got %s depth %d", got.ID, got.Depth)
		}

		_, err = p.Dir.CreateOrg(admin, directory.OrgInput{Code: "STC-PKH", Name: "Trùng mã", Type: directory.TypeUnit, ParentID: p.DeptA.ID})
		wantCode(t, err, errs.Conflict, "duplicate code")
		_, err = p.Dir.CreateOrg(admin, directory.OrgInput{Code: "bad code!", Name: " ", Type: "castle", ParentID: p.DeptA.ID})
		wantCode(t, err, errs.Invalid, "bad input")
		if e := errs.As(err); len(e.Details) != 3 {
			t.Errorf("bad input: %d details, want 3 (code, name, type): %v", len(e.Details), e.Details)
		}
		_, err = p.Dir.CreateOrg(p.System(t.Context()), directory.OrgInput{Code: "HY2", Name: "Tỉnh thứ hai", Type: directory.TypeProvince})
		wantCode(t, err, errs.Invalid, "second root")
		_, err = p.Dir.CreateOrg(t.Context(), directory.OrgInput{Code: "X1", Name: "X", Type: directory.TypeUnit, ParentID: p.DeptA.ID})
		wantCode(t, err, errs.Unauthenticated, "no principal")

		// Managing organisations belongs to the authority and admins, not to
		// an agency's own head or officer.
		_, err = p.Dir.CreateOrg(p.As(fixture.LoginAuthority), directory.OrgInput{Code: "SXD", Name: "Sở Xây dựng", Type: directory.TypeDepartment, ParentID: p.Root.ID})
		must(t, err, "authority creates")
		for _, login := range []string{fixture.LoginAHead, fixture.LoginAOfficer, fixture.LoginLeader} {
			_, err = p.Dir.CreateOrg(p.As(login), directory.OrgInput{Code: "X-" + login, Name: "X", Type: directory.TypeUnit, ParentID: p.DeptA.ID})
			wantCode(t, err, errs.Forbidden, login+" creates")
		}
	})
}

func TestUpdateOrgRenames(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := fixture.New(t, d)
		admin := p.As(fixture.LoginAdmin)
		in := directory.OrgInput{Code: "STC", Name: "Sở Tài chính tỉnh Hưng Yên", Type: directory.TypeDepartment, Email: "stc@hungyen.gov.vn"}
		o, err := p.Dir.UpdateOrg(admin, p.DeptA.ID, in)
		must(t, err, "rename")
		if o.Name != in.Name || o.Email != in.Email || o.Path != p.DeptA.Path || o.ParentID != p.Root.ID {
			t.Errorf("after rename %+v", o)
		}
		rec := p.LastAudit()
		if rec.Action != "org.update" || !strings.Contains(rec.Before, "Sở Tài chính\"") || !strings.Contains(rec.After, in.Name) {
			t.Errorf("audit %s before=%s after=%s", rec.Action, rec.Before, rec.After)
		}
		in.Code = "SYT"
		_, err = p.Dir.UpdateOrg(admin, p.DeptA.ID, in)
		wantCode(t, err, errs.Conflict, "take another's code")
		_, err = p.Dir.UpdateOrg(p.As(fixture.LoginAOfficer), p.DeptA.ID, in)
		wantCode(t, err, errs.Forbidden, "officer renames")
	})
}

func TestMoveOrgCarriesSubtree(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := fixture.New(t, d)
		room := p.AddOrg("STC-TTTH-P1", "Phòng Hạ tầng", directory.TypeUnit, p.UnitA.ID)
		admin := p.As(fixture.LoginAdmin)

		moved, err := p.Dir.MoveOrg(admin, p.UnitA.ID, p.DeptB.ID)
		must(t, err, "move")
		if want := p.DeptB.Path + p.UnitA.ID + "/"; moved.Path != want || moved.ParentID != p.DeptB.ID || moved.Depth != 2 {
			t.Errorf("moved: path %q parent %s depth %d, want %q", moved.Path, moved.ParentID, moved.Depth, want)
		}
		child, err := p.Dir.GetOrg(admin, room.ID)
		must(t, err, "child")
		if want := moved.Path + room.ID + "/"; child.Path != want || child.ParentID != p.UnitA.ID || child.Depth != 3 {
			t.Errorf("child path %q, want %q", child.Path, want)
		}
		sub, err := p.Dir.ListOrgs(admin, directory.OrgFilter{Under: p.DeptB.ID})
		must(t, err, "list under B")
		if ids := orgIDs(sub); !ids[p.UnitA.ID] || !ids[room.ID] || len(ids) != 4 {
			t.Errorf("under B after the move: %v", ids)
		}
		// Scope follows the tree: B's officer now sees the unit, A's does not.
		_, err = p.Dir.GetOrg(p.As(fixture.LoginBOfficer), room.ID)
		must(t, err, "B officer reads moved unit")
		_, err = p.Dir.GetOrg(p.As(fixture.LoginAOfficer), room.ID)
		wantCode(t, err, errs.Forbidden, "A officer reads moved unit")
		if rec := p.LastAudit(); rec.Action != "org.move" || rec.TargetID != p.UnitA.ID {
			t.Errorf("audit %s %s", rec.Action, rec.TargetID)
		}

		refusals := []struct{ name, id, parent string }{
			{"under its own descendant", p.DeptB.ID, room.ID},
			{"under its own child", p.DeptB.ID, p.UnitA.ID},
			{"under itself", p.DeptB.ID, p.DeptB.ID},
			{"the root", p.Root.ID, p.DeptA.ID},
		}
		for _, r := range refusals {
			_, err := p.Dir.MoveOrg(admin, r.id, r.parent)
			wantCode(t, err, errs.Invalid, r.name)
		}
		after, err := p.Dir.GetOrg(admin, p.DeptB.ID)
		must(t, err, "B")
		if after.Path != p.DeptB.Path {
			t.Errorf("refused moves changed B's path to %q", after.Path)
		}
		_, err = p.Dir.MoveOrg(p.As(fixture.LoginBHead), p.UnitB.ID, p.DeptA.ID)
		wantCode(t, err, errs.Forbidden, "head moves")
		_, err = p.Dir.MoveOrg(admin, p.UnitB.ID, "no-such-org")
		wantCode(t, err, errs.Forbidden, "unknown parent")
	})
}

func TestDeactivateOrg(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := fixture.New(t, d)
		admin := p.As(fixture.LoginAdmin)
		_, err := p.Dir.SetOrgActive(admin, p.DeptA.ID, false)
		wantCode(t, err, errs.Conflict, "department with units and people")
		_, err = p.Dir.SetOrgActive(admin, p.UnitA.ID, false)
		wantCode(t, err, errs.Conflict, "unit with a person")

		empty := p.AddOrg("STC-CU", "Phòng đã giải thể", directory.TypeUnit, p.DeptA.ID)
		o, err := p.Dir.SetOrgActive(admin, empty.ID, false)
		must(t, err, "deactivate empty unit")
		if o.Active {
			t.Error("still active")
		}
		list, err := p.Dir.ListOrgs(admin, directory.OrgFilter{})
		must(t, err, "list")
		if orgIDs(list)[empty.ID] {
			t.Error("a retired organisation is listed by default")
		}
		list, err = p.Dir.ListOrgs(admin, directory.OrgFilter{IncludeRetired: true})
		must(t, err, "list retired")
		if !orgIDs(list)[empty.ID] {
			t.Error("IncludeRetired does not list the retired organisation")
		}
		if o, err = p.Dir.SetOrgActive(admin, empty.ID, true); err != nil || !o.Active {
			t.Errorf("reactivate: %v", err)
		}

		// Offboarded people no longer hold the unit open.
		_, err = p.Auth.Offboard(p.As(fixture.LoginAOfficer), p.ID(fixture.LoginA1Staff), offboardLeave)
		must(t, err, "offboard the unit's only person")
		_, err = p.Dir.SetOrgActive(admin, p.UnitA.ID, false)
		must(t, err, "deactivate the emptied unit")
		if p.AuditCount("org.deactivate") != 2 || p.AuditCount("org.activate") != 1 {
			t.Errorf("audit: %d deactivations, %d activations", p.AuditCount("org.deactivate"), p.AuditCount("org.activate"))
		}
		_, err = p.Dir.SetOrgActive(p.As(fixture.LoginAHead), empty.ID, false)
		wantCode(t, err, errs.Forbidden, "head deactivates")
	})
}

// TestCountOrgsMatchesList: the dashboard's count is the list's length for
// every filter and scope.
func TestCountOrgsMatchesList(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := fixture.New(t, d)
		for _, login := range []string{fixture.LoginAdmin, fixture.LoginAOfficer, fixture.LoginBStaff} {
			for _, f := range []directory.OrgFilter{{}, {Text: "sở"}, {Under: p.DeptA.ID}, {IncludeRetired: true}, {Under: "01NOSUCHORG000000000000000"}} {
				ctx := p.As(login)
				list, err := p.Dir.ListOrgs(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				n, err := p.Dir.CountOrgs(ctx, f)
				if err != nil || n != len(list) {
					t.Errorf("%s %+v: count %d, list %d (%v)", login, f, n, len(list), err)
				}
			}
		}
	})
}
