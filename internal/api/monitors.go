package api

import (
	"context"
	"net/http"

	"attt/internal/webmon"
)

// listMonitors: GET /api/v1/monitors?org=&state=&q=&problems=&limit=&offset=
// — the monitored sites in the caller's scope with their current state.
func (a *API) listMonitors(w http.ResponseWriter, r *http.Request) {
	problems, err := boolParam(r, "problems")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	limit, offset, err := pageParams(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	ms, err := a.Monitors.ListMonitors(r.Context(), webmon.MonitorFilter{OrgID: q.Get("org"), State: q.Get("state"), Text: q.Get("q"),
		Problems: problems, Limit: limit, Offset: offset})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	list(w, ms)
}

// createMonitor: POST /api/v1/monitors {"url","org",…} — registers a site;
// its first check learns the baseline.
func (a *API) createMonitor(w http.ResponseWriter, r *http.Request) {
	var in webmon.MonitorInput
	if err := decode(r, &in); err != nil {
		a.fail(w, r, err)
		return
	}
	m, err := a.Monitors.CreateMonitor(r.Context(), in)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	created(w, m)
}

func (a *API) getMonitor(w http.ResponseWriter, r *http.Request) {
	m, err := a.Monitors.GetMonitor(r.Context(), r.PathValue("id"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ok(w, m)
}

// updateMonitor: PUT /api/v1/monitors/{id} with the whole MonitorInput.
func (a *API) updateMonitor(w http.ResponseWriter, r *http.Request) {
	var in webmon.MonitorInput
	if err := decode(r, &in); err != nil {
		a.fail(w, r, err)
		return
	}
	m, err := a.Monitors.UpdateMonitor(r.Context(), r.PathValue("id"), in)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ok(w, m)
}

func (a *API) pauseMonitor(w http.ResponseWriter, r *http.Request)  { a.setMonitorEnabled(w, r, false) }
func (a *API) resumeMonitor(w http.ResponseWriter, r *http.Request) { a.setMonitorEnabled(w, r, true) }

func (a *API) setMonitorEnabled(w http.ResponseWriter, r *http.Request, enabled bool) {
	m, err := a.Monitors.SetMonitorEnabled(r.Context(), r.PathValue("id"), enabled)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ok(w, m)
}

// checkMonitor: POST /api/v1/monitors/{id}/check — runs a check now and
// answers its findings.
func (a *API) checkMonitor(w http.ResponseWriter, r *http.Request) {
	res, err := a.Monitors.CheckNow(r.Context(), r.PathValue("id"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if res.Findings == nil {
		res.Findings = []webmon.Finding{}
	}
	ok(w, res)
}

// monitorHistory: GET /api/v1/monitors/{id}/history?days=N — hourly points
// up to 14 days, daily beyond.
func (a *API) monitorHistory(w http.ResponseWriter, r *http.Request) {
	days, err := intParam(r, "days", 1, 366)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if days == 0 {
		days = 1
	}
	pts, err := a.Monitors.History(r.Context(), r.PathValue("id"), int(days))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	list(w, pts)
}

// listFindings: GET /api/v1/findings?monitor=&org=&status=open|accepted|confirmed|resolved|all&limit=
func (a *API) listFindings(w http.ResponseWriter, r *http.Request) {
	limit, err := intParam(r, "limit", 1, 1000)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	fs, err := a.Monitors.ListFindings(r.Context(), webmon.FindingFilter{MonitorID: q.Get("monitor"), OrgID: q.Get("org"),
		Status: webmon.FindingStatus(q.Get("status")), Limit: int(limit)})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	list(w, fs)
}

func (a *API) getFinding(w http.ResponseWriter, r *http.Request) {
	f, err := a.Monitors.GetFinding(r.Context(), r.PathValue("id"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ok(w, f)
}

type findingNote struct {
	Note string `json:"note"`
}

// acceptFinding: POST /api/v1/findings/{id}/accept {"note"} — the change is
// legitimate and becomes the page's baseline.
func (a *API) acceptFinding(w http.ResponseWriter, r *http.Request) {
	a.closeFinding(w, r, a.Monitors.AcceptFinding)
}

// confirmFinding: POST /api/v1/findings/{id}/confirm {"note"} — a real
// defacement or injection.
func (a *API) confirmFinding(w http.ResponseWriter, r *http.Request) {
	a.closeFinding(w, r, a.Monitors.ConfirmFinding)
}

func (a *API) closeFinding(w http.ResponseWriter, r *http.Request, do func(ctx context.Context, id, note string) (*webmon.Finding, error)) {
	var body findingNote
	if err := decodeOptional(r, &body); err != nil {
		a.fail(w, r, err)
		return
	}
	f, err := do(r.Context(), r.PathValue("id"), body.Note)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ok(w, f)
}

type termsBody struct {
	Terms []string `json:"terms"`
}

// monitorTerms: GET /api/v1/monitor-terms — the spam vocabulary checks use.
func (a *API) monitorTerms(w http.ResponseWriter, r *http.Request) {
	terms, err := a.Monitors.Terms(r.Context())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ok(w, termsBody{Terms: terms})
}

// setMonitorTerms: PUT /api/v1/monitor-terms {"terms":[…]} — replaces it
// (province-wide monitor managers only; audited).
func (a *API) setMonitorTerms(w http.ResponseWriter, r *http.Request) {
	var body termsBody
	if err := decode(r, &body); err != nil {
		a.fail(w, r, err)
		return
	}
	terms, err := a.Monitors.SetTerms(r.Context(), body.Terms)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ok(w, termsBody{Terms: terms})
}

// importMonitors: POST /api/v1/monitors/import (multipart "file", CSV or
// XLSX: organisation code, URL, name, interval, crawl depth) — all or
// nothing, each bad row named.
func (a *API) importMonitors(w http.ResponseWriter, r *http.Request) {
	a.importFile(w, r, a.Monitors.ImportMonitors)
}
