package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/url"
	"strings"
	"testing"
	"time"

	"attt/internal/audit"
	"attt/internal/config"
	"attt/internal/db"
	"attt/internal/db/dbtest"
	"attt/internal/principal"
	"attt/internal/testutil/e2e"
	"attt/internal/testutil/fixture"
	"attt/internal/web"
)

// TestSettingsPage: an administrator of the installation sees every
// setting with its source and default, changes one (a refusal keeps what
// was typed and says why in Vietnamese) and resets it; anyone else is
// refused and has no menu entry.
func TestSettingsPage(t *testing.T) {
	in := e2e.Start(t, e2e.Options{})
	in.Person(t, "quantri", "Trần Quản Trị", "", adminPassword, principal.Admin)
	in.Org(t, "SO-NV", "Sở Nội vụ", "department", "")
	in.Person(t, "qt.so", "Lê Quản Trị Sở", "SO-NV", "Cầu-Treo#Kim-Động-1977", principal.Admin)

	c := newWebClient(t, in.URL)
	c.get("/login")
	st, _ := c.post("/login", url.Values{"login": {"quantri"}, "password": {adminPassword}})
	c.expect("login", st, 200, `href="/settings"`)
	st, _ = c.get("/settings")
	c.expect("settings", st, 200, "Số lần đăng nhập sai liên tiếp trước khi khóa", "Độ dài tối thiểu của mật khẩu",
		"Thời gian lưu nhật ký", "730d (730 ngày)", "mặc định của attt", `action="/settings/lockout_threshold"`, "Điều 7 khoản 6")

	st, _ = c.post("/settings/password_min_length", url.Values{"value": {"5"}})
	c.expect("below the floor", st, 400, "không được nhỏ hơn 6", "Điều 7 khoản 1", `value="5"`)
	st, _ = c.post("/settings/lockout_duration", url.Values{"value": {"chốc lát"}})
	c.expect("not a duration", st, 400, "phải là một khoảng thời gian", `value="chốc lát"`)
	st, _ = c.post("/settings/lockout_threshold", url.Values{"value": {"3"}})
	c.expect("change", st, 200, "Đã lưu.", "đặt tại trang này", "quantri", "Khôi phục mặc định")
	if got := in.Main.Settings.Effective().LockoutThreshold; got != 3 {
		t.Fatalf("threshold in force %d after the form", got)
	}
	if got := in.Main.Auth.Config().LockoutThreshold; got != 3 {
		t.Fatalf("accounts use threshold %d after the form", got)
	}
	st, _ = c.post("/settings/password_min_length", url.Values{"value": {"12"}})
	c.expect("policy", st, 200, "Đã lưu.")
	st, _ = c.get("/account")
	c.expect("account hint follows the policy", st, 200, "Tối thiểu 12 ký tự")
	st, _ = c.post("/settings/totp_roles", url.Values{"value": {"admin", "officer"}})
	c.expect("roles", st, 200, "Đã lưu.", "Cán bộ chuyên trách ATTT, Quản trị hệ thống", `value="admin" checked`)
	st, _ = c.post("/settings/totp_roles/reset", url.Values{})
	c.expect("reset roles", st, 200, "Đã thực hiện.")
	st, _ = c.post("/settings/lockout_threshold/reset", url.Values{})
	c.expect("reset", st, 200, "Đã thực hiện.")
	if got := in.Main.Settings.Effective().LockoutThreshold; got != 5 {
		t.Fatalf("threshold in force %d after reset", got)
	}
	recs, err := in.Main.Trail.Search(in.System(), audit.Filter{Action: "setting.", Limit: 10})
	if err != nil || len(recs) != 5 {
		t.Fatalf("%d setting records (%v), want 3 changes and 2 resets", len(recs), err)
	}

	// English.
	c.get("/lang/en?back=/settings")
	c.expect("english", 200, 200, "Failed sign-ins before the account locks", "attt&#39;s default")

	// An administrator of one department only is refused, with no menu entry
	// leading there.
	o := newWebClient(t, in.URL)
	o.get("/login")
	st, body := o.post("/login", url.Values{"login": {"qt.so"}, "password": {"Cầu-Treo#Kim-Động-1977"}})
	o.expect("department admin login", st, 200)
	if !strings.Contains(body, `href="/orgs"`) {
		t.Fatal("not signed in")
	}
	st, _ = o.get("/settings")
	o.expect("department admin", st, 403, "Bạn không có quyền")
	st, _ = o.post("/settings/lockout_threshold", url.Values{"value": {"100"}})
	o.expect("department admin change", st, 403)
	if got := in.Main.Settings.Effective().LockoutThreshold; got != 5 {
		t.Fatalf("a refused change took effect: %d", got)
	}
}

// TestNavHidesSettings: the menu shows settings to administrators only.
func TestNavHidesSettings(t *testing.T) {
	in := e2e.Start(t, e2e.Options{})
	in.Person(t, "binh.nv", "Nguyễn Văn Bình", "", "Cầu-Treo#Kim-Động-1977", principal.Officer)
	c := newWebClient(t, in.URL)
	c.get("/login")
	st, body := c.post("/login", url.Values{"login": {"binh.nv"}, "password": {"Cầu-Treo#Kim-Động-1977"}})
	c.expect("officer login", st, 200, `href="/people"`)
	if strings.Contains(body, `href="/settings"`) {
		t.Error("an officer sees the settings menu entry")
	}
	st, _ = c.get("/settings")
	c.expect("officer", st, 403)
}

// TestPruneUsesRetentionInForce: the pruning job reads the audit retention
// set at run time, not the one attt started with.
func TestPruneUsesRetentionInForce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := fixture.New(t, d)
		set := p.Settings(config.Default())
		srv, err := web.New(web.Deps{Cfg: config.Default(), DB: d, Trail: p.Trail, Dir: p.Dir, Auth: p.Auth, Settings: set,
			Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: p.Clock.Now})
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		old := p.AuditCount("")
		p.Clock.Advance(100 * 24 * time.Hour)
		if n, err := srv.PruneAudit(ctx); err != nil || n != 0 {
			t.Fatalf("under the shipped 2 years, %d records pruned (%v)", n, err)
		}
		if _, err := set.Set(p.As(fixture.LoginAdmin), "audit_retention", "90d"); err != nil {
			t.Fatal(err)
		}
		n, err := srv.PruneAudit(ctx)
		if err != nil || n != int64(old) {
			t.Fatalf("under 90 days, %d records pruned (%v), want the %d of 100 days ago", n, err, old)
		}
		if p.AuditCount("setting.change") != 1 {
			t.Error("the record of the retention change itself was pruned")
		}
	})
}
