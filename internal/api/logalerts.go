package api

import (
	"net/http"

	"attt/internal/logs"
)

// listLogAlerts: GET /api/v1/log-alerts?org=&status=open|acknowledged|dismissed|all&limit=
// — the alerts of the caller's agencies, newest first.
func (a *API) listLogAlerts(w http.ResponseWriter, r *http.Request) {
	if a.Logs == nil {
		a.fail(w, r, logsUnavailable)
		return
	}
	limit, err := intParam(r, "limit", 1, 1000)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	alerts, err := a.Logs.Alerts(r.Context(), logs.AlertFilter{OrgID: q.Get("org"), Status: q.Get("status"), Limit: int(limit)})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	list(w, alerts)
}

// getLogAlert: GET /api/v1/log-alerts/{id} — one alert with the events
// that triggered it.
func (a *API) getLogAlert(w http.ResponseWriter, r *http.Request) {
	if a.Logs == nil {
		a.fail(w, r, logsUnavailable)
		return
	}
	al, err := a.Logs.Alert(r.Context(), r.PathValue("id"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ok(w, al)
}

func (a *API) acknowledgeLogAlert(w http.ResponseWriter, r *http.Request) {
	a.decideLogAlert(w, r, logs.AlertAcknowledged)
}

func (a *API) dismissLogAlert(w http.ResponseWriter, r *http.Request) {
	a.decideLogAlert(w, r, logs.AlertDismissed)
}

// decideLogAlert: POST /api/v1/log-alerts/{id}/acknowledge|dismiss
// {"reason"} — recorded in the audit trail.
func (a *API) decideLogAlert(w http.ResponseWriter, r *http.Request, status string) {
	if a.Logs == nil {
		a.fail(w, r, logsUnavailable)
		return
	}
	var b struct {
		Reason string `json:"reason"`
	}
	if err := decodeRequired(r, &b, "reason", &b.Reason); err != nil {
		a.fail(w, r, err)
		return
	}
	al, err := a.Logs.DecideAlert(r.Context(), r.PathValue("id"), status, b.Reason)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ok(w, al)
}

// openIncidentFromAlert: POST /api/v1/log-alerts/{id}/incident {"note"} —
// opens an incident of the alert's agency with its events and answers the
// alert, whose incident_id names the incident.
func (a *API) openIncidentFromAlert(w http.ResponseWriter, r *http.Request) {
	if a.Logs == nil {
		a.fail(w, r, logsUnavailable)
		return
	}
	var b struct {
		Note string `json:"note"`
	}
	if err := decodeOptional(r, &b); err != nil {
		a.fail(w, r, err)
		return
	}
	al, err := a.Logs.OpenIncident(r.Context(), r.PathValue("id"), b.Note)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	created(w, al)
}
