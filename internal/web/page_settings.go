package web

import (
	"net/http"
	"strings"

	"attt/internal/config"
	"attt/internal/directory"
	"attt/internal/errs"
	"attt/internal/locale"
	"attt/internal/principal"
	"attt/internal/settings"
)

// settingRow is one setting on the settings page, with what the form
// shows: the value typed before a refusal, or the value in force.
type settingRow struct {
	V    settings.Value
	lang locale.Lang
	// Typed is what was submitted for this setting when it was refused.
	Typed  string
	Failed bool
}

// Input is the form's value: what was typed after a refusal, else the
// value in force.
func (r settingRow) Input() string {
	if r.Failed {
		return r.Typed
	}
	return r.V.Value
}

// Shown is the value in force for people: a duration also in words
// ("15m — 15 phút"), a role list by the roles' names.
func (r settingRow) Shown() string { return r.show(r.V.Value) }

// DefaultShown is the default as Shown puts it.
func (r settingRow) DefaultShown() string { return r.show(r.V.Default) }

func (r settingRow) show(value string) string {
	switch {
	case r.V.Kind == settings.KindRoles && value == "":
		return locale.T("không vai trò nào", "no role").In(r.lang)
	case r.V.Kind == settings.KindRoles:
		var names []string
		for _, v := range strings.Split(value, ",") {
			names = append(names, directory.RoleLabel(principal.Role(v)).In(r.lang))
		}
		return strings.Join(names, ", ")
	case r.V.Kind == settings.KindDuration:
		return value + " (" + settings.Describe(r.V.Kind, value).In(r.lang) + ")"
	}
	return value
}

// SourceText says where the value in force comes from.
func (r settingRow) SourceText() string { return sourceLabel(r.V.Source, r.V.Key).In(r.lang) }

// DefaultSourceText says where the default comes from.
func (r settingRow) DefaultSourceText() string {
	return sourceLabel(r.V.DefaultSource, r.V.Key).In(r.lang)
}

// Resettable reports whether a value is stored, so Reset would change
// something.
func (r settingRow) Resettable() bool {
	return r.V.Source == settings.SourceDatabase || r.V.Stored != ""
}

// Ignored is why a stored value is not in force, or "".
func (r settingRow) Ignored() string { return r.V.Ignored.In(r.lang) }

// roleOption is one check box of a role list setting.
type roleOption struct {
	Role    principal.Role
	Label   string
	Checked bool
}

// Roles are the check boxes of a role list setting.
func (r settingRow) Roles() []roleOption {
	on := map[string]bool{}
	for _, v := range strings.Split(r.Input(), ",") {
		on[strings.TrimSpace(v)] = true
	}
	var out []roleOption
	for _, role := range principal.Roles() {
		out = append(out, roleOption{Role: role, Label: directory.RoleLabel(role).In(r.lang), Checked: on[string(role)]})
	}
	return out
}

// sourceLabel names a setting's source for people.
func sourceLabel(src config.Source, key string) locale.Text {
	switch src {
	case settings.SourceDatabase:
		return locale.T("đặt tại trang này (lưu trong cơ sở dữ liệu)", "set on this page (stored in the database)")
	case config.SourceFile:
		return locale.T("tệp cấu hình", "configuration file")
	case config.SourceEnv:
		env := "ATTT_" + strings.ToUpper(key)
		return locale.Tf("biến môi trường %s", "environment variable %s", env)
	case config.SourceFlag:
		flag := "--" + strings.ReplaceAll(key, "_", "-")
		return locale.Tf("tham số dòng lệnh %s", "command-line flag %s", flag)
	}
	return locale.T("mặc định của attt", "attt's default")
}

// settingsPage lists every run-time setting with its value, source,
// default and help, and a form to change or reset each. The settings
// service refuses everyone but administrators of the whole installation.
func (s *Server) settingsPage(w http.ResponseWriter, r *http.Request) {
	s.renderSettings(w, r, "", nil)
}

func (s *Server) renderSettings(w http.ResponseWriter, r *http.Request, failedKey string, failure error) {
	if s.Settings == nil {
		s.fail(w, r, errs.New(errs.Unavailable, locale.T("Chức năng thiết lập chưa sẵn sàng.", "Settings are not available.")))
		return
	}
	vs, err := s.Settings.List(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, locale.T("Thiết lập", "Settings"), "settings")
	p.Path = "/settings" // a refused form renders at its POST address
	rows := make([]settingRow, len(vs))
	for i, v := range vs {
		rows[i] = settingRow{V: v, lang: p.Lang}
		if failure != nil && v.Key == failedKey {
			rows[i].Failed, rows[i].Typed = true, submitted(r)
		}
	}
	p.Data = rows
	if failure != nil {
		s.renderFailed(w, r, "settings", p, failure)
		return
	}
	s.render(w, http.StatusOK, "settings", p)
}

// submitted is the value a setting's form sent; a role list sends one
// check box per role.
func submitted(r *http.Request) string { return strings.Join(r.PostForm["value"], ",") }

// settingChange stores a setting's new value; a refusal shows the page
// again with the reason and what was typed.
func (s *Server) settingChange(w http.ResponseWriter, r *http.Request) {
	key := r.PathValue("key")
	if s.Settings == nil {
		s.renderSettings(w, r, key, nil)
		return
	}
	if _, err := s.Settings.Set(r.Context(), key, submitted(r)); err != nil {
		s.renderSettings(w, r, key, err)
		return
	}
	redirectFlash(w, r, "/settings#"+key, "saved")
}

// settingReset brings a setting back to the configuration's value.
func (s *Server) settingReset(w http.ResponseWriter, r *http.Request) {
	key := r.PathValue("key")
	if s.Settings == nil {
		s.renderSettings(w, r, key, nil)
		return
	}
	if _, err := s.Settings.Reset(r.Context(), key); err != nil {
		s.renderSettings(w, r, "", err)
		return
	}
	redirectFlash(w, r, "/settings#"+key, "done")
}
