package auth_test

import (
	"testing"
	"time"

	"attt/internal/audit"
	"attt/internal/auth"
	"attt/internal/db"
	"attt/internal/db/dbtest"
	"attt/internal/directory"
	"attt/internal/errs"
	"attt/internal/testutil/fixture"
)

func TestOffboard(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := fixture.New(t, d)
		failure := uniformFailure(t, p)
		id := p.ID(fixture.LoginAStaff)
		officer := p.As(fixture.LoginAOfficer)
		s1, s2 := p.MustLogin(fixture.LoginAStaff).Token, p.MustLogin(fixture.LoginAStaff).Token
		tok, err := p.Auth.CreateToken(p.Session(s1), "script", time.Hour)
		must(t, err, "token")

		in := auth.OffboardInput{Reason: "leave", Note: "Nghỉ hưu", Extra: []string{"Laptop Dell Latitude 5440", "  "}}
		_, err = p.Auth.Offboard(officer, id, auth.OffboardInput{Reason: "holiday"})
		wantCode(t, err, errs.Invalid, "unknown reason")
		_, err = p.Auth.Offboard(p.As(fixture.LoginBOfficer), id, in)
		wantCode(t, err, errs.Forbidden, "another agency's officer")
		_, err = p.Auth.Offboard(p.As(fixture.LoginA1Staff), id, in)
		wantCode(t, err, errs.Forbidden, "a colleague")
		must(t, authenticate(t, p, s1), "refusals end nothing")

		off, err := p.Auth.Offboard(officer, id, in)
		must(t, err, "offboard")
		if len(off.Items) != 5 || off.Done() || off.CreatedBy != fixture.LoginAOfficer || off.OrgID != p.DeptA.ID {
			t.Fatalf("offboarding %+v", off)
		}
		items := map[string]bool{}
		for _, it := range off.Items {
			items[it.Item] = true
		}
		for _, want := range []string{"keys", "badge", "signature_token", "computer", "other"} {
			if !items[want] {
				t.Errorf("checklist lacks %s", want)
			}
		}
		if p.Person(fixture.LoginAStaff).Status != directory.StatusOffboarded {
			t.Error("status is not offboarded")
		}
		for name, secret := range map[string]string{"session 1": s1, "session 2": s2, "API token": tok.Secret} {
			wantCode(t, authenticate(t, p, secret), errs.Unauthenticated, name+" after offboarding")
		}
		_, err = p.Login(fixture.LoginAStaff, fixture.Password)
		refused(t, failure, err, "sign-in after offboarding")
		_, _, err = p.Auth.IssueLink(officer, id)
		wantCode(t, err, errs.Invalid, "a new link for an offboarded person")

		// The record stays with the agency.
		if person, err := p.Dir.GetPerson(officer, id); err != nil || person.Status != directory.StatusOffboarded {
			t.Errorf("officer reads the offboarded person: %v", err)
		}
		if h, err := p.Dir.History(officer, id); err != nil || len(h) != 1 {
			t.Errorf("history: %v, %v", h, err)
		}
		recs, err := p.Trail.Search(officer, audit.Filter{TargetID: id})
		must(t, err, "officer searches the trail")
		actions := map[string]bool{}
		for _, r := range recs {
			actions[r.Action] = true
		}
		for _, want := range []string{"person.create", "auth.login.success", "person.offboard"} {
			if !actions[want] {
				t.Errorf("the officer cannot see %s about the person", want)
			}
		}

		list, err := p.Auth.Offboardings(officer, "")
		must(t, err, "list")
		if len(list) != 1 || list[0].ID != off.ID || len(list[0].Items) != 5 || list[0].PersonLogin != fixture.LoginAStaff {
			t.Fatalf("offboardings %+v", list)
		}
		if other, err := p.Auth.Offboardings(p.As(fixture.LoginBOfficer), ""); err != nil || len(other) != 0 {
			t.Errorf("B's officer sees %d offboardings of A, %v", len(other), err)
		}

		item := off.Items[0].ID
		wantCode(t, p.Auth.RecoverItem(p.As(fixture.LoginBOfficer), item, ""), errs.Forbidden, "another agency ticks")
		wantCode(t, p.Auth.RecoverItem(officer, "01UNKNOWN", ""), errs.Forbidden, "unknown item")
		must(t, p.Auth.RecoverItem(officer, item, " đã nhận lại "), "tick")
		rec := p.LastAudit()
		if rec.Action != "person.offboard.recover" || rec.TargetID != off.ID || rec.ActorLogin != fixture.LoginAOfficer {
			t.Errorf("audit %+v", rec)
		}
		wantCode(t, p.Auth.RecoverItem(officer, item, ""), errs.Conflict, "tick twice")
		for _, it := range off.Items[1:] {
			must(t, p.Auth.RecoverItem(officer, it.ID, ""), "tick "+it.Item)
		}
		list, _ = p.Auth.Offboardings(officer, p.DeptA.ID)
		if len(list) != 1 || !list[0].Done() {
			t.Error("the checklist is not done after every tick")
		}
		for _, it := range list[0].Items {
			if it.RecoveredBy != fixture.LoginAOfficer || !it.RecoveredAt.Equal(p.Clock.Now()) {
				t.Errorf("item %+v", it)
			}
		}
		if n := p.AuditCount("person.offboard.recover"); n != 5 {
			t.Errorf("%d recover records, want 5", n)
		}
	})
}

func TestSuspendAndReactivate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := fixture.New(t, d)
		failure := uniformFailure(t, p)
		id := p.ID(fixture.LoginAStaff)
		officer := p.As(fixture.LoginAOfficer)
		sess := p.MustLogin(fixture.LoginAStaff).Token
		tok, err := p.Auth.CreateToken(p.Session(sess), "script", time.Hour)
		must(t, err, "token")

		wantCode(t, p.Auth.Suspend(p.As(fixture.LoginBOfficer), id, ""), errs.Forbidden, "another agency suspends")
		wantCode(t, p.Auth.Reactivate(officer, id), errs.Invalid, "reactivate an active account")
		must(t, p.Auth.Suspend(officer, id, "nghi vấn lộ mật khẩu"), "suspend")
		wantCode(t, p.Auth.Suspend(officer, id, ""), errs.Invalid, "suspend twice")
		if p.Person(fixture.LoginAStaff).Status != directory.StatusSuspended {
			t.Fatal("not suspended")
		}
		wantCode(t, authenticate(t, p, sess), errs.Unauthenticated, "session after suspension")
		wantCode(t, authenticate(t, p, tok.Secret), errs.Unauthenticated, "token after suspension")
		_, err = p.Login(fixture.LoginAStaff, fixture.Password)
		refused(t, failure, err, "sign-in while suspended")

		wantCode(t, p.Auth.Reactivate(p.As(fixture.LoginBOfficer), id), errs.Forbidden, "another agency reactivates")
		must(t, p.Auth.Reactivate(officer, id), "reactivate")
		p.MustLogin(fixture.LoginAStaff)
		wantCode(t, authenticate(t, p, tok.Secret), errs.Unauthenticated, "a token revoked by suspension stays revoked")
		if p.AuditCount("person.suspend") != 1 || p.AuditCount("person.reactivate") != 1 {
			t.Error("suspension or reactivation not audited")
		}
	})
}

// TestOffboardingIsFinal: an offboarded account cannot be brought back by
// suspending and reactivating it, nor offboarded a second time.
func TestOffboardingIsFinal(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := fixture.New(t, d)
		failure := uniformFailure(t, p)
		officer, id := p.As(fixture.LoginAOfficer), p.ID(fixture.LoginAStaff)
		_, err := p.Auth.Offboard(officer, id, auth.OffboardInput{Reason: "transfer"})
		must(t, err, "offboard")
		_, err = p.Auth.Offboard(officer, id, auth.OffboardInput{Reason: "leave"})
		wantCode(t, err, errs.Invalid, "offboard twice")
		wantCode(t, p.Auth.Suspend(officer, id, ""), errs.Invalid, "suspend an offboarded account")
		wantCode(t, p.Auth.Reactivate(officer, id), errs.Invalid, "reactivate an offboarded account")
		if st := p.Person(fixture.LoginAStaff).Status; st != directory.StatusOffboarded {
			t.Errorf("status %s, want offboarded", st)
		}
		_, err = p.Login(fixture.LoginAStaff, fixture.Password)
		refused(t, failure, err, "sign-in")
		if list, _ := p.Auth.Offboardings(officer, ""); len(list) != 1 {
			t.Errorf("%d offboardings, want 1", len(list))
		}
	})
}
