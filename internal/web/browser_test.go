package web_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"attt/internal/directory"
	"attt/internal/locale"
	"attt/internal/notify"
	"attt/internal/principal"
	"attt/internal/testutil/e2e"
)

// chromium is Debian's Chromium, which .ci/run installs.
const chromium = "/usr/bin/chromium"

// browser is one headless Chromium with a fresh profile, driving one attt.
type browser struct {
	t    *testing.T
	ctx  context.Context
	base string
}

// newBrowser starts Chromium for the test, or skips the test when it is not
// installed. Every confirm() the pages ask (data-confirm forms) is accepted.
func newBrowser(t *testing.T, base string) *browser {
	t.Helper()
	if _, err := os.Stat(chromium); err != nil {
		t.Skip("no Chromium at " + chromium)
	}
	profile, err := os.MkdirTemp("", "attt-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		// A browser in Vietnam: attt answers in Vietnamese unless asked
		// otherwise.
		chromedp.Flag("lang", "vi-VN"),
		chromedp.Flag("accept-lang", "vi-VN,vi"),
		chromedp.UserDataDir(profile),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(bctx, 2*time.Minute)
	t.Cleanup(func() {
		cancelTimeout()
		cancelBrowser()
		cancelAlloc()
		_ = os.RemoveAll(profile)
	})
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for _, err := range dialogs {
			if err != nil {
				return
			}
			_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}()
	return &browser{t: t, ctx: ctx, base: base}
}

// step bounds one browser step, so a missing element fails the test
// quickly instead of waiting for the whole test's deadline.
func (b *browser) step() (context.Context, context.CancelFunc) {
	return context.WithTimeout(b.ctx, 20*time.Second)
}

// do runs steps, failing the test with the page's text on error.
func (b *browser) do(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.fatalf("browser: %v", err)
	}
}

// open loads a path of attt.
func (b *browser) open(path string) {
	b.t.Helper()
	b.do(chromedp.Navigate(b.base + path))
}

// submit clicks sel and waits for the page that answers, returning its
// HTTP status.
func (b *browser) submit(sel string) int64 {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	res, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(sel)))
	if err != nil {
		b.fatalf("browser: submit %s: %v", sel, err)
	}
	return res.Status
}

// text returns the visible text of the first element matching sel.
func (b *browser) text(sel string) string {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.fatalf("browser: text of %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}

// count returns how many elements match sel.
func (b *browser) count(sel string) int {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(`+jsString(sel)+`).length`))
	if err != nil {
		b.fatalf("browser: count %s: %v", sel, err)
	}
	return n
}

func (b *browser) fatalf(format string, args ...any) {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	body, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href + "\n" + (document.body ? document.body.innerText : "")`))
	b.t.Fatalf(format+"\n--- page ---\n%s", append(args, body)...)
}

// login signs in through the form and expects the dashboard.
func (b *browser) login(login, password string) {
	b.t.Helper()
	b.open("/login")
	b.do(chromedp.SendKeys(chromedp.ID("login"), login), chromedp.SendKeys(chromedp.ID("password"), password))
	if st := b.submit("#submit"); st != 200 {
		b.fatalf("login: status %d", st)
	}
	if b.count("#tile-no-officer") != 1 {
		b.fatalf("login: no dashboard")
	}
}

func jsString(s string) string {
	return "'" + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), `'`, `\'`) + "'"
}

const adminPassword = "Đê-Sông-Hồng#Phố-Hiến-1831"

// TestBrowser drives the signed-in UI as an administrator: the dashboard
// flags an agency without a security officer, an organisation is created
// through the form, a person is offboarded through the guided form, and
// the English switch works.
func TestBrowser(t *testing.T) {
	in := e2e.Start(t, e2e.Options{})
	b := newBrowser(t, in.URL)
	in.Org(t, "SO-KHCN", "Sở Khoa học và Công nghệ", directory.TypeDepartment, "")
	in.Person(t, "quantri", "Trần Quản Trị", "", adminPassword, principal.Admin)

	ok := t.Run("dashboard flags an agency without a security officer", func(t *testing.T) {
		b.t = t
		b.login("quantri", adminPassword)
		secureSessionCookie(b)
		if got := b.text("#no-officer"); !strings.Contains(got, "Sở Khoa học và Công nghệ") {
			b.fatalf("dashboard: the agency without an officer is not flagged: %q", got)
		}
	})
	if !ok {
		return // not signed in: the rest cannot run
	}

	t.Run("create an organisation through the form", func(t *testing.T) {
		b.t = t
		root, err := in.Main.Dir.Root(in.System())
		if err != nil {
			t.Fatal(err)
		}
		b.open("/orgs/new")
		b.do(chromedp.SetValue(chromedp.ID("parent_id"), root.ID),
			chromedp.SendKeys(chromedp.ID("code"), "XA-TIENLU"),
			chromedp.SendKeys(chromedp.ID("name"), "UBND xã Tiên Lữ"),
			chromedp.SetValue(chromedp.ID("type"), string(directory.TypeCommune)))
		if st := b.submit("#save"); st != 200 {
			b.fatalf("create organisation: status %d", st)
		}
		if got := b.text("h1"); !strings.Contains(got, "UBND xã Tiên Lữ") {
			b.fatalf("create organisation: page title %q", got)
		}
		b.open("/orgs")
		if got := b.text("#org-tree"); !strings.Contains(got, "UBND xã Tiên Lữ") || !strings.Contains(got, "XA-TIENLU") {
			b.fatalf("the new organisation is not in the tree: %q", got)
		}
	})

	t.Run("offboard a person through the guided form", func(t *testing.T) {
		b.t = t
		p := in.Person(t, "hoa.lt", "Lê Thị Hoa", "SO-KHCN", "Sen-trắng#Bán-Nguyệt-2024")
		b.open("/people/" + p.ID)
		b.submit("#offboard")
		b.do(chromedp.Click(chromedp.ID("reason-leave")), chromedp.SendKeys(chromedp.ID("note"), "Nghỉ hưu theo chế độ"))
		if st := b.submit("#offboard-submit"); st != 200 {
			b.fatalf("offboard: status %d", st)
		}
		if got := b.text("#status"); got != "Đã nghỉ việc / chuyển công tác" {
			b.fatalf("offboard: status badge %q", got)
		}
		if n := b.count("#checklist li.device"); n != 4 {
			b.fatalf("offboard: checklist has %d devices, want 4", n)
		}
		if got := b.text("#checklist"); !strings.Contains(got, "Thẻ nhận dạng") || !strings.Contains(got, "USB token") {
			b.fatalf("offboard: checklist %q", got)
		}
	})

	t.Run("a notification opens its object and leaves the unread count", func(t *testing.T) {
		b.t = t
		me, err := in.Main.Dir.PersonByLogin(in.System(), "quantri")
		if err != nil {
			t.Fatal(err)
		}
		if err := in.Main.Notify.Send(in.System(), notify.Message{Kind: "incident.reported", To: []string{me.ID},
			Subject: locale.T("Sự cố mới: lộ lọt dữ liệu", "New incident: data leak"), Link: "/offboardings"}); err != nil {
			t.Fatal(err)
		}
		b.open("/")
		if got := b.text("#nav-notifications"); !strings.Contains(got, "1") {
			b.fatalf("menu without the unread count: %q", got)
		}
		b.open("/notifications")
		if got := b.text("#inbox"); !strings.Contains(got, "Sự cố mới: lộ lọt dữ liệu") {
			b.fatalf("inbox: %q", got)
		}
		if st := b.submit("#inbox button.subject"); st != 200 {
			b.fatalf("open the notification: status %d", st)
		}
		if got := b.text("h1"); !strings.Contains(got, "Nghỉ việc") {
			b.fatalf("the notification did not open its object: %q", got)
		}
		if n := b.count("#nav-notifications .badge"); n != 0 {
			b.fatalf("unread count still shown")
		}
	})

	t.Run("switch to English", func(t *testing.T) {
		b.t = t
		b.open("/")
		b.submit(`a[href^="/lang/en"]`)
		if got := b.text("nav.menu"); !strings.Contains(got, "Organisations") || !strings.Contains(got, "Audit trail") {
			b.fatalf("english: menu %q", got)
		}
		if got := b.text("#tile-no-officer"); !strings.Contains(got, "agencies without a security officer") {
			b.fatalf("english: dashboard %q", got)
		}
		b.open("/orgs")
		if got := b.text("h1"); got != "Organisations" {
			b.fatalf("english: organisations title %q", got)
		}
	})
}

// secureSessionCookie checks that Chromium kept the Secure, HttpOnly
// session cookie attt set over http://127.0.0.1 (a loopback address, which
// Chromium treats as a secure context).
func secureSessionCookie(b *browser) {
	b.t.Helper()
	res, err := chromedp.Call(b.ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{b.base + "/"}})
	if err != nil {
		b.fatalf("cookies: %v", err)
	}
	for _, c := range res.Cookies {
		if c.Name == "attt_session" {
			if !c.Secure || !c.HTTPOnly || c.SameSite != network.CookieSameSiteLax {
				b.fatalf("session cookie: secure %v httponly %v samesite %q", c.Secure, c.HTTPOnly, c.SameSite)
			}
			return
		}
	}
	b.fatalf("no session cookie in the browser")
}

// TestBrowserLockout fails a sign-in five times from a fresh browser: every
// answer carries the same message, and the sixth attempt, with the right
// password, is refused with that same message because the account is now
// locked (Đ7.6).
func TestBrowserLockout(t *testing.T) {
	in := e2e.Start(t, e2e.Options{})
	const right = "Lúa-chiêm#Văn-Giang-1990"
	p := in.Person(t, "lan.tt", "Trần Thị Lan", "", right, principal.Staff)
	b := newBrowser(t, in.URL)
	b.open("/login")
	var first string
	for i := 1; i <= 6; i++ {
		pw := "Sai-mật-khẩu#" + string(rune('0'+i))
		if i == 6 {
			pw = right
		}
		b.do(chromedp.SetValue(chromedp.ID("login"), "lan.tt"), chromedp.SetValue(chromedp.ID("password"), pw))
		if st := b.submit("#submit"); st != 401 {
			b.fatalf("attempt %d: status %d, want 401", i, st)
		}
		msg := b.text("#error")
		if i == 1 {
			first = msg
			if !strings.Contains(msg, "không đúng") {
				b.fatalf("attempt 1: message %q", msg)
			}
		} else if msg != first {
			b.fatalf("attempt %d: message %q differs from %q", i, msg, first)
		}
	}
	st, err := in.Main.Auth.State(in.System(), p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if st.LockedUntil.IsZero() {
		t.Fatal("the account is not locked after five failures")
	}
}
