package settings_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"attt/internal/audit"
	"attt/internal/config"
	"attt/internal/db"
	"attt/internal/db/dbtest"
	"attt/internal/errs"
	"attt/internal/locale"
	"attt/internal/principal"
	"attt/internal/settings"
	"attt/internal/testutil/fixture"
)

const wrongPassword = "Sai#Mật-Khẩu-2024"

// world is the fixture province with its settings service.
type world struct {
	*fixture.Province
	set *settings.Service
}

func newWorld(t *testing.T, d *db.DB) *world {
	t.Helper()
	p := fixture.New(t, d)
	return &world{Province: p, set: p.Settings(config.Default())}
}

func (w *world) admin() context.Context { return w.As(fixture.LoginAdmin) }

// mustSet sets key as the administrator and fails the test on refusal.
func (w *world) mustSet(key, value string) *settings.Value {
	w.TB.Helper()
	v, err := w.set.Set(w.admin(), key, value)
	if err != nil {
		w.TB.Fatalf("set %s=%s: %v", key, value, err)
	}
	return v
}

func (w *world) value(key string) *settings.Value {
	w.TB.Helper()
	v, err := w.set.Get(w.admin(), key)
	if err != nil {
		w.TB.Fatalf("get %s: %v", key, err)
	}
	return v
}

// sides decodes an audit record's before and after.
func sides(t *testing.T, r audit.Record) (before, after map[string]string) {
	t.Helper()
	if err := json.Unmarshal([]byte(r.Before), &before); err != nil {
		t.Fatalf("before %q: %v", r.Before, err)
	}
	if err := json.Unmarshal([]byte(r.After), &after); err != nil {
		t.Fatalf("after %q: %v", r.After, err)
	}
	return before, after
}

func TestCatalogueDefaultsFromConfig(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		vs, err := w.set.List(w.admin())
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"lockout_threshold", "lockout_duration", "lockout_max", "password_min_length", "password_min_score",
			"session_idle", "session_absolute", "totp_roles", "audit_retention"}
		if len(vs) != len(want) {
			t.Fatalf("%d settings, want %d", len(vs), len(want))
		}
		cfg := config.Default()
		for i, v := range vs {
			if v.Key != want[i] {
				t.Errorf("setting %d is %s, want %s", i, v.Key, want[i])
			}
			if v.Value != cfg.Get(v.Key) || v.Default != v.Value || v.Source != config.SourceDefault {
				t.Errorf("%s: value %q default %q source %s, want the shipped default %q", v.Key, v.Value, v.Default, v.Source, cfg.Get(v.Key))
			}
			if v.Label.VI == "" || v.Label.EN == "" || v.Help.VI == "" || v.Help.EN == "" {
				t.Errorf("%s: label or help missing in a language", v.Key)
			}
		}
		if got := w.value("audit_retention").Value; got != "730d" {
			t.Errorf("audit retention shown as %q, want 730d", got)
		}
	})
}

func TestSetIsAuditedWithBeforeAndAfter(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		v := w.mustSet("lockout_threshold", " 3 ")
		if v.Value != "3" || v.Source != settings.SourceDatabase || v.Default != "5" || v.UpdatedBy != fixture.LoginAdmin {
			t.Fatalf("after set: %+v", v)
		}
		if got := w.set.Effective().LockoutThreshold; got != 3 {
			t.Fatalf("threshold in force %d, want 3", got)
		}
		recs := w.Audit(audit.Filter{Action: "setting.change"})
		if len(recs) != 1 {
			t.Fatalf("%d setting.change records, want 1", len(recs))
		}
		r := recs[0]
		if r.TargetID != "lockout_threshold" || r.ActorLogin != fixture.LoginAdmin || r.OrgID != w.Root.ID {
			t.Errorf("record: %+v", r)
		}
		before, after := sides(t, r)
		if before["value"] != "5" || before["source"] != "default" || after["value"] != "3" || after["source"] != "database" {
			t.Errorf("before %v after %v", before, after)
		}

		// A second change records the stored value as "before"; the same
		// value again changes nothing and records nothing.
		w.mustSet("lockout_threshold", "4")
		w.mustSet("lockout_threshold", "4")
		recs = w.Audit(audit.Filter{Action: "setting.change"})
		if len(recs) != 2 {
			t.Fatalf("%d setting.change records, want 2", len(recs))
		}
		before, after = sides(t, recs[0])
		if before["value"] != "3" || before["source"] != "database" || after["value"] != "4" {
			t.Errorf("second change: before %v after %v", before, after)
		}

		// Durations and role lists are stored in one spelling.
		if v := w.mustSet("lockout_duration", "1h0m0s"); v.Value != "1h" {
			t.Errorf("lockout_duration stored as %q", v.Value)
		}
		if v := w.mustSet("totp_roles", "Admin, officer,admin"); v.Value != "officer,admin" {
			t.Errorf("totp_roles stored as %q", v.Value)
		}
		if v := w.mustSet("totp_roles", ""); v.Value != "" || v.Source != settings.SourceDatabase {
			t.Errorf("empty role list: %+v", v)
		}
	})
}

func TestFloorAndBoundsRefused(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		cases := []struct{ key, value, vi string }{
			{"password_min_length", "5", "không được nhỏ hơn 6"},
			{"password_min_length", "0", "không được nhỏ hơn 6"},
			{"password_min_length", "65", "không được lớn hơn 64"},
			{"password_min_length", "mười", "phải là một số nguyên"},
			{"lockout_threshold", "0", "không được nhỏ hơn 1"},
			{"lockout_threshold", "-3", "không được nhỏ hơn 1"},
			{"lockout_threshold", "101", "không được lớn hơn 100"},
			{"lockout_duration", "30s", "không được nhỏ hơn 1m"},
			{"lockout_duration", "soon", "phải là một khoảng thời gian"},
			{"lockout_duration", "48h", "không được dài hơn thời gian khóa tối đa"},
			{"lockout_max", "10m", "không được dài hơn thời gian khóa tối đa"},
			{"password_min_score", "5", "không được lớn hơn 4"},
			{"session_idle", "13h", "không được dài hơn thời hạn tối đa của phiên"},
			{"session_absolute", "10m", "không được dài hơn thời hạn tối đa của phiên"},
			{"session_idle", "0s", "không được nhỏ hơn 1m"},
			{"totp_roles", "admin,boss", "không có vai trò"},
			{"audit_retention", "30d", "không được nhỏ hơn 90d"},
			{"audit_retention", "1m", "không được nhỏ hơn 90d"},
		}
		for _, c := range cases {
			_, err := w.set.Set(w.admin(), c.key, c.value)
			if !errs.Is(err, errs.Invalid) {
				t.Errorf("%s=%q: want Invalid, got %v", c.key, c.value, err)
				continue
			}
			if msg := errs.As(err).Msg; !strings.Contains(msg.VI, c.vi) || msg.EN == "" || msg.EN == msg.VI {
				t.Errorf("%s=%q: message %q, want Vietnamese containing %q and an English version", c.key, c.value, msg.VI, c.vi)
			}
		}
		// The floor names the regulation's rule.
		_, err := w.set.Set(w.admin(), "password_min_length", "5")
		if e := errs.As(err); len(e.Details) == 0 || !strings.Contains(e.Details[0].VI, "Điều 7 khoản 1") {
			t.Errorf("floor refusal without the rule: %+v", e)
		}
		if n := w.AuditCount("setting."); n != 0 {
			t.Errorf("%d setting records after refusals", n)
		}
		if got := w.set.Effective(); got.PasswordMinLength != 10 || got.LockoutThreshold != 5 {
			t.Errorf("a refusal changed what is in force: %+v", got)
		}
		if _, err := w.set.Set(w.admin(), "hash_time", "1"); !errs.Is(err, errs.NotFound) {
			t.Errorf("a setting outside the catalogue: %v", err)
		}
		// The policy in force never drops under the floor, whatever is stored.
		if p := w.Auth.Config().Policy; p.MinLength < 6 || !p.RequireSpecial {
			t.Errorf("policy in force below the floor: %+v", p)
		}
	})
}

func TestOnlyInstallationAdminsMayReadOrChange(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		// An administrator of one department is not an administrator of
		// the installation.
		w.Grant(fixture.LoginAHead, w.DeptA.ID, principal.Admin)
		for _, login := range []string{fixture.LoginAuthority, fixture.LoginLeader, fixture.LoginAHead, fixture.LoginAOfficer,
			fixture.LoginBStaff, fixture.LoginPolice, fixture.LoginDatacenter, fixture.LoginProvider} {
			ctx := w.As(login)
			if _, err := w.set.List(ctx); !errs.Is(err, errs.Forbidden) {
				t.Errorf("%s lists settings: %v", login, err)
			}
			if _, err := w.set.Get(ctx, "lockout_threshold"); !errs.Is(err, errs.Forbidden) {
				t.Errorf("%s reads a setting: %v", login, err)
			}
			if _, err := w.set.Set(ctx, "lockout_threshold", "100"); !errs.Is(err, errs.Forbidden) {
				t.Errorf("%s changes a setting: %v", login, err)
			}
			if _, err := w.set.Reset(ctx, "lockout_threshold"); !errs.Is(err, errs.Forbidden) {
				t.Errorf("%s resets a setting: %v", login, err)
			}
		}
		if _, err := w.set.Set(context.Background(), "lockout_threshold", "100"); !errs.Is(err, errs.Unauthenticated) {
			t.Errorf("nobody changes a setting: %v", err)
		}
		if got := w.set.Effective().LockoutThreshold; got != 5 || w.AuditCount("setting.") != 0 {
			t.Errorf("refused callers changed something: threshold %d, %d records", got, w.AuditCount("setting."))
		}
	})
}

func TestResetBringsBackTheConfiguration(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := fixture.New(t, d)
		file := filepath.Join(t.TempDir(), "attt.yaml")
		if err := os.WriteFile(file, []byte("lockout_threshold: 7\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		env := map[string]string{"ATTT_SESSION_IDLE": "20m"}
		base, _, err := config.Load("serve", []string{"--config", file}, func(k string) string { return env[k] }, nil)
		if err != nil {
			t.Fatal(err)
		}
		w := &world{Province: p, set: p.Settings(base)}
		if v := w.value("lockout_threshold"); v.Value != "7" || v.Source != config.SourceFile {
			t.Fatalf("from the file: %+v", v)
		}
		if v := w.value("session_idle"); v.Value != "20m" || v.Source != config.SourceEnv {
			t.Fatalf("from the environment: %+v", v)
		}
		w.mustSet("lockout_threshold", "2")
		if w.Auth.Config().LockoutThreshold != 2 {
			t.Fatal("the accounts service does not read the stored threshold")
		}
		v, err := w.set.Reset(w.admin(), "lockout_threshold")
		if err != nil {
			t.Fatal(err)
		}
		if v.Value != "7" || v.Source != config.SourceFile || w.Auth.Config().LockoutThreshold != 7 {
			t.Fatalf("after reset: %+v (threshold in force %d)", v, w.Auth.Config().LockoutThreshold)
		}
		recs := w.Audit(audit.Filter{Action: "setting.reset"})
		if len(recs) != 1 {
			t.Fatalf("%d setting.reset records", len(recs))
		}
		before, after := sides(t, recs[0])
		if before["value"] != "2" || before["source"] != "database" || after["value"] != "7" || after["source"] != "file" {
			t.Errorf("reset record: before %v after %v", before, after)
		}
		// Nothing stored: nothing to reset, nothing recorded.
		if _, err := w.set.Reset(w.admin(), "lockout_threshold"); err != nil {
			t.Fatal(err)
		}
		if n := w.AuditCount("setting.reset"); n != 1 {
			t.Errorf("%d reset records after an empty reset", n)
		}
		// A reset that would contradict another stored setting is refused.
		w.mustSet("session_absolute", "48h")
		w.mustSet("session_idle", "24h")
		if _, err := w.set.Reset(w.admin(), "session_absolute"); !errs.Is(err, errs.Invalid) {
			t.Errorf("reset leaving idle (24h) above the session limit (12h): %v", err)
		}
	})
}

// TestNodesConverge: two services on one database stand for two attt
// nodes; a change on one is in force on the other after its next reload.
func TestNodesConverge(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		other := settings.New(d, w.Trail, w.Dir, config.Default(), settings.Options{Now: w.Clock.Now, Every: 10 * time.Millisecond})
		if err := other.Reload(context.Background()); err != nil {
			t.Fatal(err)
		}
		w.mustSet("password_min_length", "14")
		if got := other.Effective().PasswordMinLength; got != 10 {
			t.Fatalf("the other node changed before a reload: %d", got)
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { other.Run(ctx); close(done) }()
		deadline := time.Now().Add(5 * time.Second)
		for other.Effective().PasswordMinLength != 14 {
			if time.Now().After(deadline) {
				t.Fatal("the other node never saw the change")
			}
			time.Sleep(5 * time.Millisecond)
		}
		cancel()
		<-done
	})
}

// TestStoredValueBelowFloorIgnored: a row written behind attt's back (or
// made invalid by a new configuration) is not put in force.
func TestStoredValueBelowFloorIgnored(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		if _, err := d.W.Exec(`INSERT INTO settings (key, value, updated_by, updated_at) VALUES ('password_min_length', '3', 'intruder', 0),
			('lockout_threshold', '4', 'admin', 0)`); err != nil {
			t.Fatal(err)
		}
		if err := w.set.Reload(context.Background()); err != nil {
			t.Fatal(err)
		}
		got := w.set.Effective()
		if got.PasswordMinLength != 10 || got.LockoutThreshold != 4 {
			t.Errorf("in force: min length %d, threshold %d", got.PasswordMinLength, got.LockoutThreshold)
		}
		v := w.value("password_min_length")
		if v.Source == settings.SourceDatabase || v.Stored != "3" || !strings.Contains(v.Ignored.VI, "không được nhỏ hơn 6") {
			t.Errorf("ignored value not shown: %+v", v)
		}
		if err := w.Auth.CheckPassword("Ab1#xyz", "a.staff", "Vũ Đức Bình"); err == nil {
			t.Error("a 7-character password passes")
		}
	})
}

// TestLockoutThresholdChangesAtRunTime: the next sign-in after a change
// obeys the new threshold, both lower and higher.
func TestLockoutThresholdChangesAtRunTime(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		w.mustSet("lockout_threshold", "2")
		for range 2 {
			if _, err := w.Login(fixture.LoginAStaff, wrongPassword); !errs.Is(err, errs.Unauthenticated) {
				t.Fatalf("wrong password: %v", err)
			}
		}
		if _, err := w.Login(fixture.LoginAStaff, fixture.Password); err == nil {
			t.Fatal("two failures under a threshold of 2 must lock the account")
		}
		if n := w.AuditCount("auth.lockout"); n != 1 {
			t.Fatalf("%d lockouts", n)
		}
		st, err := w.Auth.State(w.System(context.Background()), w.ID(fixture.LoginAStaff))
		if err != nil || !st.LockedUntil.Equal(w.Clock.Now().Add(15*time.Minute)) {
			t.Fatalf("locked until %v (%v)", st.LockedUntil, err)
		}

		// A longer lock and a higher threshold, from the next sign-in on.
		w.mustSet("lockout_threshold", "8")
		w.mustSet("lockout_duration", "1h")
		w.mustSet("lockout_max", "1h")
		for range 7 {
			_, _ = w.Login(fixture.LoginBStaff, wrongPassword)
		}
		w.MustLogin(fixture.LoginBStaff)
		for range 8 {
			_, _ = w.Login(fixture.LoginBStaff, wrongPassword)
		}
		st, err = w.Auth.State(w.System(context.Background()), w.ID(fixture.LoginBStaff))
		if err != nil || !st.LockedUntil.Equal(w.Clock.Now().Add(time.Hour)) {
			t.Fatalf("b.staff locked until %v, want an hour from now (%v)", st.LockedUntil, err)
		}
	})
}

// TestLoweredThresholdDoesNotStrandCounters: failures counted under a
// higher threshold must not leave an account that can neither sign in nor
// be locked once the threshold drops below them.
func TestLoweredThresholdDoesNotStrandCounters(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		for range 4 {
			_, _ = w.Login(fixture.LoginAStaff, wrongPassword)
			_, _ = w.Login(fixture.LoginBStaff, wrongPassword)
		}
		w.mustSet("lockout_threshold", "3")
		w.Clock.Advance(2 * time.Minute)
		// The owner gets one more try: the right password signs in…
		w.MustLogin(fixture.LoginAStaff)
		// …a wrong one locks at once.
		_, _ = w.Login(fixture.LoginBStaff, wrongPassword)
		if _, err := w.Login(fixture.LoginBStaff, fixture.Password); err == nil {
			t.Fatal("a wrong password past the lowered threshold must lock")
		}
		if n := w.AuditCount("auth.lockout"); n != 1 {
			t.Errorf("%d lockouts, want 1", n)
		}
	})
}

func TestPasswordPolicyChangesAtRunTime(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		const pw = "Xoài9#Lựu-Bưởi~Quất" // 19 characters
		if err := w.Auth.CheckPassword(pw, "x.y", "Người Thử"); err != nil {
			t.Fatalf("the shipped policy refuses %q: %v", pw, err)
		}
		w.mustSet("password_min_length", "20")
		err := w.Auth.CheckPassword(pw, "x.y", "Người Thử")
		if e := errs.As(err); err == nil || len(e.Details) == 0 || !strings.Contains(locale.Join(e.Details, " ").VI, "20") {
			t.Fatalf("a 19-character password under a minimum of 20: %v", err)
		}
		if _, err := w.set.Reset(w.admin(), "password_min_length"); err != nil {
			t.Fatal(err)
		}
		if err := w.Auth.CheckPassword(pw, "x.y", "Người Thử"); err != nil {
			t.Fatalf("after reset: %v", err)
		}
	})
}

func TestSessionAndTOTPRulesChangeAtRunTime(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		res := w.MustLogin(fixture.LoginAStaff)
		w.mustSet("session_idle", "5m")
		w.Clock.Advance(6 * time.Minute)
		if _, _, err := w.Auth.Authenticate(context.Background(), res.Token, "192.0.2.10", "fixture"); !errs.Is(err, errs.Unauthenticated) {
			t.Fatalf("an open session outlived a shortened idle timeout: %v", err)
		}
		if _, err := w.set.Reset(w.admin(), "session_idle"); err != nil {
			t.Fatal(err)
		}
		res = w.MustLogin(fixture.LoginAStaff)
		w.mustSet("session_absolute", "1h")
		for range 3 {
			w.Clock.Advance(25 * time.Minute)
			_, _, _ = w.Auth.Authenticate(context.Background(), res.Token, "192.0.2.10", "fixture")
		}
		if _, _, err := w.Auth.Authenticate(context.Background(), res.Token, "192.0.2.10", "fixture"); !errs.Is(err, errs.Unauthenticated) {
			t.Fatalf("an open session outlived a shortened session limit: %v", err)
		}

		if res := w.MustLogin(fixture.LoginBStaff); res.EnrolTOTP {
			t.Fatal("two-factor enrolment asked before any role requires it")
		}
		w.mustSet("totp_roles", "staff")
		if res := w.MustLogin(fixture.LoginBStaff); !res.EnrolTOTP {
			t.Fatal("a role that now requires two-factor sign-in is not asked to enrol")
		}
	})
}
