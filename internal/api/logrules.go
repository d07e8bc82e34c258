package api

import "net/http"

// listLogRules: GET /api/v1/log-rules — the shipped and the written
// detection rules with their YAML.
func (a *API) listLogRules(w http.ResponseWriter, r *http.Request) {
	if a.Logs == nil {
		a.fail(w, r, logsUnavailable)
		return
	}
	rs, err := a.Logs.Rules(r.Context())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	list(w, rs)
}

// saveLogRule: PUT /api/v1/log-rules/{id} {"yaml"} — adds or replaces a
// written rule (the YAML's id must be {id}); province-wide authority only.
func (a *API) saveLogRule(w http.ResponseWriter, r *http.Request) {
	if a.Logs == nil {
		a.fail(w, r, logsUnavailable)
		return
	}
	var b struct {
		YAML string `json:"yaml"`
	}
	if err := decodeRequired(r, &b, "yaml", &b.YAML); err != nil {
		a.fail(w, r, err)
		return
	}
	v, err := a.Logs.SaveRuleAs(r.Context(), r.PathValue("id"), b.YAML)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ok(w, v)
}

// deleteLogRule: DELETE /api/v1/log-rules/{id} — removes a written rule.
func (a *API) deleteLogRule(w http.ResponseWriter, r *http.Request) {
	if a.Logs == nil {
		a.fail(w, r, logsUnavailable)
		return
	}
	if err := a.Logs.DeleteRule(r.Context(), r.PathValue("id")); err != nil {
		a.fail(w, r, err)
		return
	}
	done(w)
}
