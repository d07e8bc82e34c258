package api

import (
	"net/http"
	"time"

	"attt/internal/errs"
	"attt/internal/locale"
	"attt/internal/settings"
)

// setting is the JSON of a run-time setting; label, help and the reason a
// stored value is ignored are in the caller's language.
type setting struct {
	Key           string     `json:"key"`
	Kind          string     `json:"kind"`
	Label         string     `json:"label"`
	Help          string     `json:"help"`
	Range         string     `json:"range,omitempty"`
	Value         string     `json:"value"`
	Source        string     `json:"source"`
	Default       string     `json:"default"`
	DefaultSource string     `json:"default_source"`
	UpdatedBy     string     `json:"updated_by,omitempty"`
	UpdatedAt     *time.Time `json:"updated_at,omitempty"`
	Stored        string     `json:"stored,omitempty"`
	Ignored       string     `json:"ignored,omitempty"`
}

func settingJSON(lang locale.Lang, v *settings.Value) setting {
	out := setting{Key: v.Key, Kind: string(v.Kind), Label: v.Label.In(lang), Help: v.Help.In(lang), Range: v.Range(),
		Value: v.Value, Source: string(v.Source), Default: v.Default, DefaultSource: string(v.DefaultSource),
		UpdatedBy: v.UpdatedBy, Stored: v.Stored}
	if !v.UpdatedAt.IsZero() {
		at := v.UpdatedAt.UTC()
		out.UpdatedAt = &at
	}
	if v.Ignored.VI != "" {
		out.Ignored = v.Ignored.In(lang)
	}
	return out
}

// settingsService is a.Settings, or Unavailable when the server was built
// without it.
func (a *API) settingsService() (*settings.Service, error) {
	if a.Settings == nil {
		return nil, errs.New(errs.Unavailable, locale.T("Chức năng thiết lập chưa sẵn sàng.", "Settings are not available."))
	}
	return a.Settings, nil
}

// listSettings: GET /api/v1/settings — every run-time setting with its
// value in force, where it comes from and its default. Administrators of
// the whole installation only.
func (a *API) listSettings(w http.ResponseWriter, r *http.Request) {
	svc, err := a.settingsService()
	if err != nil {
		a.fail(w, r, err)
		return
	}
	vs, err := svc.List(r.Context())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	lang := locale.FromContext(r.Context())
	out := make([]setting, len(vs))
	for i := range vs {
		out[i] = settingJSON(lang, &vs[i])
	}
	list(w, out)
}

type settingBody struct {
	Value *string `json:"value"`
}

// setSetting: PUT /api/v1/settings/{key} {"value": "…"} — stores a value,
// in force on every node within seconds; audited with before and after.
// "" is a value (e.g. no role must use two-factor sign-in); a missing
// "value" is an error.
func (a *API) setSetting(w http.ResponseWriter, r *http.Request) {
	svc, err := a.settingsService()
	if err != nil {
		a.fail(w, r, err)
		return
	}
	var b settingBody
	if err := decode(r, &b); err != nil {
		a.fail(w, r, err)
		return
	}
	if b.Value == nil {
		a.fail(w, r, errs.New(errs.Invalid, locale.Tf("Thiếu trường bắt buộc “%s”.", "The field “%s” is required.", "value")))
		return
	}
	v, err := svc.Set(r.Context(), r.PathValue("key"), *b.Value)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ok(w, settingJSON(locale.FromContext(r.Context()), v))
}

// resetSetting: DELETE /api/v1/settings/{key} — removes the stored value,
// so the configuration's default (file, environment, flags) is in force
// again; audited.
func (a *API) resetSetting(w http.ResponseWriter, r *http.Request) {
	svc, err := a.settingsService()
	if err != nil {
		a.fail(w, r, err)
		return
	}
	v, err := svc.Reset(r.Context(), r.PathValue("key"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ok(w, settingJSON(locale.FromContext(r.Context()), v))
}
