package api

import (
	"net/http"
	"time"

	"attt/internal/logs"
)

// sourceBody is the JSON a person sends for a log source.
type sourceBody struct {
	OrgID                   string `json:"org_id"`
	Name                    string `json:"name"`
	Kind                    string `json:"kind"`
	Match                   string `json:"match"`
	ExpectedIntervalSeconds int64  `json:"expected_interval_seconds"`
	RetentionDays           int64  `json:"retention_days"`
}

func (b sourceBody) input() logs.SourceInput {
	return logs.SourceInput{OrgID: b.OrgID, Name: b.Name, Kind: b.Kind, Match: b.Match,
		ExpectedInterval: time.Duration(b.ExpectedIntervalSeconds) * time.Second, Retention: time.Duration(b.RetentionDays) * 24 * time.Hour}
}

// listLogSources: GET /api/v1/log-sources?unassigned=true — the caller's
// agencies' sources; unassigned=true lists the senders no agency owns yet
// (province-wide callers only).
func (a *API) listLogSources(w http.ResponseWriter, r *http.Request) {
	if a.Logs == nil {
		a.fail(w, r, logsUnavailable)
		return
	}
	un, err := boolParam(r, "unassigned")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	list2, err := a.Logs.Sources(r.Context(), un)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	list(w, list2)
}

// createLogSource: POST /api/v1/log-sources {"org_id","name","kind":
// "address"|"hostname"|"token","match",…} — registers a source; a token
// source's token is in the answer, once.
func (a *API) createLogSource(w http.ResponseWriter, r *http.Request) {
	if a.Logs == nil {
		a.fail(w, r, logsUnavailable)
		return
	}
	var b sourceBody
	if err := decode(r, &b); err != nil {
		a.fail(w, r, err)
		return
	}
	src, token, err := a.Logs.CreateSource(r.Context(), b.input())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	created(w, struct {
		*logs.Source
		Token string `json:"token,omitempty"`
	}{src, token})
}

// assignLogSource: PUT /api/v1/log-sources/{id}/assign {"org_id","name",
// "expected_interval_seconds","retention_days"} — gives a source to an
// agency (an unassigned one: province-wide callers only).
func (a *API) assignLogSource(w http.ResponseWriter, r *http.Request) {
	if a.Logs == nil {
		a.fail(w, r, logsUnavailable)
		return
	}
	var b sourceBody
	if err := decodeRequired(r, &b, "org_id", &b.OrgID); err != nil {
		a.fail(w, r, err)
		return
	}
	src, err := a.Logs.AssignSource(r.Context(), r.PathValue("id"), b.input())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ok(w, src)
}

// getLogRetention: GET /api/v1/log-retention/{org} — how many days the
// agency's events are kept.
func (a *API) getLogRetention(w http.ResponseWriter, r *http.Request) {
	if a.Logs == nil {
		a.fail(w, r, logsUnavailable)
		return
	}
	ret, err := a.Logs.RetentionOf(r.Context(), r.PathValue("org"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ok(w, ret)
}

// setLogRetention: PUT /api/v1/log-retention/{org} {"days"} — 0 returns
// to the default; audited.
func (a *API) setLogRetention(w http.ResponseWriter, r *http.Request) {
	if a.Logs == nil {
		a.fail(w, r, logsUnavailable)
		return
	}
	var b struct {
		Days int `json:"days"`
	}
	if err := decode(r, &b); err != nil {
		a.fail(w, r, err)
		return
	}
	ret, err := a.Logs.SetRetention(r.Context(), r.PathValue("org"), b.Days)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ok(w, ret)
}
