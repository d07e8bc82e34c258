package web

import (
	"attt/internal/asset"
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"slices"
	"strings"
	"time"

	"attt/internal/auth"
	"attt/internal/directory"
	"attt/internal/errs"
	"attt/internal/locale"
	"attt/internal/notify"
	"attt/internal/principal"
	"attt/internal/web/respond"
)

//go:embed all:templates
var templateFS embed.FS

// views holds every page template, parsed once at start.
type views struct {
	pages  map[string]*template.Template
	assets *assets
}

func newViews() (*views, error) {
	a, err := newAssets()
	if err != nil {
		return nil, err
	}
	funcs := template.FuncMap{
		"asset":    a.url,
		"date":     func(t time.Time) string { return when(t, locale.Date) },
		"datetime": func(t time.Time) string { return when(t, locale.DateTime) },
		"join":     strings.Join,
		"add":      func(a, b int) int { return a + b },
		// in reports whether item is one of the comma-joined values of a
		// form field (check boxes echoed back by formEcho).
		"in":        func(list, item string) bool { return slices.Contains(strings.Split(list, ","), item) },
		"indent":    func(depth int) string { return strings.Repeat("\u00a0\u00a0\u00a0", max(depth, 0)) },
		"roleLabel": directory.RoleLabel,
		"pretty":    prettyJSON,
		"coverageLink": func(org string, control, status string) string {
			return coverageLink(org, asset.ControlKind(control), asset.Status(status))
		},
		"seenLink": seenLink,
		"prepend": func(first asset.Figures, rest []asset.Figures) []asset.Figures {
			return append([]asset.Figures{first}, rest...)
		},
		// pair hands a partial the page and one value.
		"pair":        func(p *Page, v any) pagePair { return pagePair{P: p, V: v} },
		"deviceLabel": deviceLabel,
		// list makes a slice of strings for a range in a template.
		"list":           func(items ...string) []string { return items },
		"deliveryStatus": notify.StatusLabel,
	}
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/_*.html")
	if err != nil {
		return nil, fmt.Errorf("web: templates: %w", err)
	}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	v := &views{pages: map[string]*template.Template{}, assets: a}
	for _, name := range names {
		short := strings.TrimPrefix(name, "templates/")
		if short == "layout.html" || strings.HasPrefix(short, "_") {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(templateFS, name)
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", short, err)
		}
		v.pages[strings.TrimSuffix(short, ".html")] = t
	}
	return v, nil
}

func when(t time.Time, f func(time.Time) string) string {
	if t.IsZero() {
		return "—"
	}
	return f(t)
}

// Page is what every template receives.
type Page struct {
	Lang  locale.Lang
	Title string
	// Nav names the menu entry to highlight.
	Nav   string
	Me    *principal.Principal
	CSRF  string
	Flash string
	Error *errs.Error
	// Form echoes submitted values back after an error, so nothing typed is
	// lost.
	Form map[string]string
	Data any
	// Path is the request path, for the language switch's return.
	Path string
	// Unread is the signed-in person's count of unread notifications,
	// shown in the menu.
	Unread int
}

// Tr picks the text in the page's language.
func (p *Page) Tr(vi, en string) string { return locale.T(vi, en).In(p.Lang) }

// T renders a locale.Text.
func (p *Page) T(t locale.Text) string { return t.In(p.Lang) }

// Has reports whether the signed-in person holds any of roles anywhere,
// to show or hide menu entries (the services still decide).
func (p *Page) Has(roles ...string) bool {
	if p.Me == nil {
		return false
	}
	rs := make([]principal.Role, len(roles))
	for i, r := range roles {
		rs[i] = principal.Role(r)
	}
	return p.Me.HasRole(rs...)
}

// ErrMsg is the error message in the page's language.
func (p *Page) ErrMsg() string {
	if p.Error == nil {
		return ""
	}
	return p.Error.Msg.In(p.Lang)
}

// ErrDetails are the error's detail lines in the page's language.
func (p *Page) ErrDetails() []string {
	if p.Error == nil {
		return nil
	}
	out := make([]string, len(p.Error.Details))
	for i, d := range p.Error.Details {
		out[i] = d.In(p.Lang)
	}
	return out
}

// page starts a Page for r.
func (s *Server) page(r *http.Request, title locale.Text, nav string) *Page {
	lang := locale.FromContext(r.Context())
	p := &Page{Lang: lang, Title: title.In(lang), Nav: nav, Me: principal.From(r.Context()), Path: r.URL.Path}
	if sess := sessionFrom(r.Context()); sess != nil {
		p.CSRF = sess.CSRF
	}
	if s.Notify != nil && p.Me != nil && p.Me.PersonID != "" {
		p.Unread, _ = s.Notify.Unread(r.Context())
	}
	if f, err := r.Cookie("attt_flash"); err == nil {
		p.Flash = flashText(f.Value).In(lang)
	}
	return p
}

// render writes page name with status.
func (s *Server) render(w http.ResponseWriter, status int, name string, p *Page) {
	t, ok := s.views.pages[name]
	if !ok {
		s.Log.Error("missing template", "name", name)
		http.Error(w, "template missing", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", p); err != nil {
		s.Log.Error("render", "name", name, "err", err)
		http.Error(w, "render failed", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if p.Flash != "" {
		clearCookie(w, "attt_flash")
	}
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// fail answers err as JSON on API paths and as an error page elsewhere.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	if isAPI(r) {
		respond.Error(w, r, s.Log, err)
		return
	}
	e := errs.As(err)
	if e.Code == errs.Internal {
		s.Log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if e.Code == errs.Unauthenticated && principal.From(r.Context()) == nil {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	p := s.page(r, locale.T("Không thực hiện được", "Could not be done"), "")
	p.Error = e
	s.render(w, errs.Status(e.Code), "error", p)
}

// pagePair is what the "pair" template func builds.
type pagePair struct {
	P *Page
	V any
}

// deviceLabel names a device of an offboarding checklist in lang; the
// service stores the Vietnamese label, and devices typed in by hand keep it.
func deviceLabel(lang locale.Lang, it auth.OffboardingItem) string {
	if lang == locale.EN {
		switch it.Item {
		case "keys":
			return "Office and filing-cabinet keys"
		case "badge":
			return "ID and access badge"
		case "signature_token":
			return "Digital-signature token and certificate (USB token)"
		case "computer":
			return "Computer and issued equipment"
		}
	}
	return it.Label
}

// prettyJSON indents a stored JSON document for reading; other text is
// returned as it is.
func prettyJSON(s string) string {
	var buf bytes.Buffer
	if err := json.Indent(&buf, []byte(s), "", "  "); err != nil {
		return s
	}
	return buf.String()
}

// flash texts are fixed keys, so a cookie cannot inject text into a page.
func flashText(key string) locale.Text {
	switch key {
	case "saved":
		return locale.T("Đã lưu.", "Saved.")
	case "created":
		return locale.T("Đã tạo.", "Created.")
	case "deleted":
		return locale.T("Đã xóa.", "Deleted.")
	case "done":
		return locale.T("Đã thực hiện.", "Done.")
	case "password":
		return locale.T("Đã đổi mật khẩu.", "Password changed.")
	case "checked":
		return locale.T("Đã kiểm tra xong.", "Check finished.")
	case "password_set":
		return locale.T("Đã đặt mật khẩu. Hãy đăng nhập.", "Your password is set. Please sign in.")
	case "imported":
		return locale.T("Đã nhập dữ liệu thành công.", "Import completed.")
	case "moved":
		return locale.T("Đã chuyển đơn vị sang đơn vị cấp trên mới.", "The organisation has moved.")
	case "activated":
		return locale.T("Đơn vị đã hoạt động trở lại.", "The organisation is active again.")
	case "deactivated":
		return locale.T("Đơn vị đã ngừng hoạt động.", "The organisation is deactivated.")
	case "officer":
		return locale.T("Đã chỉ định cán bộ chuyên trách ATTT.", "The security officer is designated.")
	case "suspended":
		return locale.T("Đã tạm khóa tài khoản; mọi phiên đăng nhập đã kết thúc.", "The account is suspended; all its sessions have ended.")
	case "reactivated":
		return locale.T("Đã mở lại tài khoản.", "The account is active again.")
	case "unlocked":
		return locale.T("Đã mở khóa tài khoản.", "The account is unlocked.")
	case "totp_on":
		return locale.T("Đã bật xác thực hai yếu tố.", "Two-factor sign-in is on.")
	case "totp_off":
		return locale.T("Đã tắt xác thực hai yếu tố.", "Two-factor sign-in is off.")
	case "transferred":
		return locale.T("Đã chuyển công tác; lịch sử được giữ nguyên.", "Transferred; the history is kept.")
	case "granted":
		return locale.T("Đã cấp vai trò.", "The role is granted.")
	case "revoked":
		return locale.T("Đã thu hồi.", "Revoked.")
	case "offboarded":
		return locale.T("Đã cho nghỉ: tài khoản bị khóa, mọi phiên và mã truy cập đã chấm dứt. Hãy thu hồi thiết bị theo danh mục.",
			"Offboarded: the account is locked and every session and token has ended. Recover the devices on the checklist.")
	case "recovered":
		return locale.T("Đã ghi nhận thu hồi thiết bị.", "The device is recorded as recovered.")
	}
	return locale.Text{}
}

// redirectFlash redirects after a successful form with a one-shot message.
func redirectFlash(w http.ResponseWriter, r *http.Request, to, flash string) {
	http.SetCookie(w, &http.Cookie{Name: "attt_flash", Value: flash, Path: "/", MaxAge: 10, HttpOnly: true, Secure: true, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, to, http.StatusSeeOther)
}
