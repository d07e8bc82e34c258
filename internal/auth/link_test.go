package auth_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"attt/internal/auth"
	"attt/internal/auth/password"
	"attt/internal/db"
	"attt/internal/db/dbtest"
	"attt/internal/directory"
	"attt/internal/errs"
	"attt/internal/principal"
	"attt/internal/testutil/fixture"
)

func TestFirstAdminSetupLink(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := fixture.NewBare(t, d, fixture.Options{})
		ctx := context.Background()
		if need, err := p.Auth.NeedsSetup(ctx); err != nil || !need {
			t.Fatalf("NeedsSetup = %v, %v on an empty installation", need, err)
		}
		_, _, err := p.Auth.IssueSetupLink(ctx)
		wantCode(t, err, errs.Forbidden, "issue without a principal")
		someone := principal.With(ctx, &principal.Principal{PersonID: "x", Login: "x",
			Grants: []principal.Grant{{Role: principal.Admin, OrgID: p.Root.ID, OrgPath: p.Root.Path}}})
		_, _, err = p.Auth.IssueSetupLink(someone)
		wantCode(t, err, errs.Forbidden, "issue as a person")

		token, exp, err := p.Auth.IssueSetupLink(p.System(ctx))
		must(t, err, "issue as system")
		if !exp.Equal(p.Clock.Now().Add(p.Config.SetupLinkTTL)) {
			t.Errorf("expires %v", exp)
		}
		link, err := p.Auth.LookupLink(ctx, token)
		if err != nil || link.Purpose != auth.PurposeSetup || link.Person != nil {
			t.Fatalf("lookup: %+v, %v", link, err)
		}

		in := auth.SetupInput{Login: "quantri", FullName: "Nguyễn Quản Trị", Email: "quantri@hungyen.gov.vn", Password: "Admin@123"}
		_, err = p.Auth.UseLink(ctx, token, in)
		wantCode(t, err, errs.Invalid, "weak first password")
		in.Password = fixture.Password
		admin, err := p.Auth.UseLink(ctx, token, in)
		must(t, err, "use setup link after a refused password")
		if admin.Login != "quantri" || admin.Status != directory.StatusActive || admin.OrgID != p.Root.ID {
			t.Errorf("admin %+v", admin)
		}
		if !principal.From(p.As("quantri")).Has(p.Root.Path, principal.Admin) {
			t.Error("the first administrator does not hold admin on the root")
		}
		if need, _ := p.Auth.NeedsSetup(ctx); need {
			t.Error("NeedsSetup still true")
		}
		p.MustLogin("quantri")

		_, err = p.Auth.UseLink(ctx, token, auth.SetupInput{Login: "second", FullName: "Kẻ Thứ Hai", Password: fixture.Password})
		wantCode(t, err, errs.NotFound, "reuse the setup link")
		if _, err := p.Dir.PersonByLogin(ctx, "second"); !errs.Is(err, errs.NotFound) {
			t.Error("the reused link created a second person")
		}
		_, _, err = p.Auth.IssueSetupLink(p.System(ctx))
		wantCode(t, err, errs.Conflict, "issue once an admin exists")
		for _, action := range []string{"auth.link.issue", "person.create", "auth.password.set", "person.activate", "auth.login.success"} {
			if p.AuditCount(action) != 1 {
				t.Errorf("%d %s records, want 1", p.AuditCount(action), action)
			}
		}
	})
}

// TestSetupLinkDiesWithFirstAdmin: a setup link still outstanding when an
// administrator is created another way (the command line) creates nobody.
func TestSetupLinkDiesWithFirstAdmin(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := fixture.NewBare(t, d, fixture.Options{})
		sys := p.System(context.Background())
		token, _, err := p.Auth.IssueSetupLink(sys)
		must(t, err, "issue")
		_, err = p.Auth.CreateAccount(sys, directory.PersonInput{Login: "cli.admin", FullName: "Quản Trị Dòng Lệnh", OrgID: p.Root.ID,
			Roles: []principal.Role{principal.Admin}}, fixture.Password)
		must(t, err, "create an admin from the command line")
		_, err = p.Auth.UseLink(context.Background(), token, auth.SetupInput{Login: "late.admin", FullName: "Đến Muộn", Password: fixture.Password})
		wantCode(t, err, errs.Conflict, "setup link after an admin exists")
		if _, err := p.Dir.PersonByLogin(context.Background(), "late.admin"); !errs.Is(err, errs.NotFound) {
			t.Error("the setup link created a second administrator")
		}
	})
}

func TestSetupLinkExpiresAndIsReplaced(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := fixture.NewBare(t, d, fixture.Options{})
		ctx, sys := context.Background(), p.System(context.Background())
		in := auth.SetupInput{Login: "quantri", FullName: "Nguyễn Quản Trị", Password: fixture.Password}

		old, _, err := p.Auth.IssueSetupLink(sys)
		must(t, err, "issue")
		token, _, err := p.Auth.IssueSetupLink(sys)
		must(t, err, "issue again")
		_, err = p.Auth.LookupLink(ctx, old)
		wantCode(t, err, errs.NotFound, "replaced link")

		p.Clock.Advance(p.Config.SetupLinkTTL + time.Millisecond)
		_, err = p.Auth.LookupLink(ctx, token)
		wantCode(t, err, errs.NotFound, "lookup expired link")
		_, err = p.Auth.UseLink(ctx, token, in)
		wantCode(t, err, errs.NotFound, "use expired link")
		if need, _ := p.Auth.NeedsSetup(ctx); !need {
			t.Error("an expired link created an administrator")
		}
		fresh, _, err := p.Auth.IssueSetupLink(sys)
		must(t, err, "issue after expiry")
		_, err = p.Auth.UseLink(ctx, fresh, in)
		must(t, err, "use fresh link")
	})
}

func TestActivationLink(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := fixture.New(t, d)
		ctx := context.Background()
		fail := uniformFailure(t, p)
		officer := p.As(fixture.LoginAOfficer)
		person, err := p.Dir.CreatePerson(officer, directory.PersonInput{Login: "tien.nv", FullName: "Nguyễn Văn Tiến", OrgID: p.DeptA.ID})
		must(t, err, "create")
		_, err = p.Login("tien.nv", "")
		refused(t, fail, err, "sign in before activation")

		_, _, err = p.Auth.IssueLink(p.As(fixture.LoginBOfficer), person.ID)
		wantCode(t, err, errs.Forbidden, "another agency's officer issues")
		_, _, err = p.Auth.IssueLink(p.As(fixture.LoginAStaff), person.ID)
		wantCode(t, err, errs.Forbidden, "staff issues")
		token, exp, err := p.Auth.IssueLink(officer, person.ID)
		must(t, err, "issue")
		if !exp.Equal(p.Clock.Now().Add(p.Config.ActivationTTL)) {
			t.Errorf("expires %v", exp)
		}
		link, err := p.Auth.LookupLink(ctx, token)
		if err != nil || link.Purpose != auth.PurposeActivate || link.Person.ID != person.ID {
			t.Fatalf("lookup %+v, %v", link, err)
		}

		checker := password.NewChecker(p.Config.Policy)
		for _, c := range []struct {
			pw    string
			rules []password.Rule
		}{
			{"Matkhau@123", []password.Rule{password.RuleCommon}},
			{"Hungyen@2024", []password.Rule{password.RuleCommon}},
			{"Admin@123", []password.Rule{password.RuleMinLength, password.RuleCommon}},
			{"Tien.nv#2024-Xanh", []password.Rule{password.RulePersonal}},
			{"khongcoso!!!xx", []password.Rule{password.RuleUpper, password.RuleDigit}},
		} {
			_, err := p.Auth.UseLink(ctx, token, auth.SetupInput{Password: c.pw})
			wantCode(t, err, errs.Invalid, c.pw)
			var want []string
			var rules []password.Rule
			for _, v := range checker.Violations(c.pw, person.Login, person.FullName) {
				want = append(want, v.Text.EN)
				rules = append(rules, v.Rule)
			}
			var got []string
			for _, dt := range errs.As(err).Details {
				if dt.VI == "" || dt.EN == "" {
					t.Errorf("%s: a detail lacks a language: %+v", c.pw, dt)
				}
				got = append(got, dt.EN)
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s: details %q, want %q", c.pw, got, want)
			}
			for _, r := range c.rules {
				if !slices.Contains(rules, r) {
					t.Errorf("%s: rule %s not named (rules %v)", c.pw, r, rules)
				}
			}
		}

		active, err := p.Auth.UseLink(ctx, token, auth.SetupInput{Login: "ignored", FullName: "Ignored", Password: fixture.Password})
		must(t, err, "activate")
		if active.ID != person.ID || active.Login != "tien.nv" || active.Status != directory.StatusActive {
			t.Errorf("activated %+v", active)
		}
		p.MustLogin("tien.nv")
		_, err = p.Auth.UseLink(ctx, token, auth.SetupInput{Password: "Khác#Hẳn9-Mật~Khẩu"})
		wantCode(t, err, errs.NotFound, "reuse")

		// For an active account the officer's link is a reset; it expires.
		reset, _, err := p.Auth.IssueLink(officer, person.ID)
		must(t, err, "issue reset")
		if l, err := p.Auth.LookupLink(ctx, reset); err != nil || l.Purpose != auth.PurposeReset {
			t.Errorf("reset link %+v, %v", l, err)
		}
		p.Clock.Advance(p.Config.ActivationTTL + time.Second)
		_, err = p.Auth.UseLink(ctx, reset, auth.SetupInput{Password: "Khác#Hẳn9-Mật~Khẩu"})
		wantCode(t, err, errs.NotFound, "expired reset link")
		p.MustLogin("tien.nv")
		if n := len(p.Audit(auditFilter("auth.link.issue", person.ID))); n != 2 {
			t.Errorf("%d link.issue records, want 2", n)
		}
	})
}
