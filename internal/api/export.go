package api

import (
	"net/http"

	"attt/internal/audit"
	"attt/internal/directory"
	"attt/internal/export"
	"attt/internal/locale"
)

// exportPeople: GET /api/v1/people/export?format=xlsx|csv&org=&status=&q=
// — the people GET /api/v1/people lists, every one of them (no paging), as
// a file; the export is recorded in the audit trail.
func (a *API) exportPeople(w http.ResponseWriter, r *http.Request) {
	format, err := formatParam(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	status := directory.Status(q.Get("status"))
	switch status {
	case "", directory.StatusPending, directory.StatusActive, directory.StatusSuspended, directory.StatusOffboarded:
	default:
		a.fail(w, r, paramErr("status", locale.T("cần pending, active, suspended hoặc offboarded", "expected pending, active, suspended or offboarded")))
		return
	}
	file, err := export.People(r.Context(), a.Dir, directory.PersonFilter{OrgID: q.Get("org"), Status: status, Text: q.Get("q")}, format)
	a.send(w, r, file, err)
}

// exportOrgs: GET /api/v1/orgs/export?format=&q=&under=&all= — the
// organisations GET /api/v1/orgs lists, in tree order, as a file.
func (a *API) exportOrgs(w http.ResponseWriter, r *http.Request) {
	format, err := formatParam(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	all, err := boolParam(r, "all")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	file, err := export.Orgs(r.Context(), a.Dir, directory.OrgFilter{Under: q.Get("under"), Text: q.Get("q"), IncludeRetired: all}, format)
	a.send(w, r, file, err)
}

// exportAudit: GET /api/v1/audit/export?format=&from=&to=&action=&actor=&target=&org=&q=&limit=
// — the records GET /api/v1/audit finds, every page of them (newest first,
// at most limit, default and maximum 100,000), as a file.
func (a *API) exportAudit(w http.ResponseWriter, r *http.Request) {
	format, err := formatParam(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	f := audit.Filter{Action: q.Get("action"), Actor: q.Get("actor"), TargetID: q.Get("target"), OrgID: q.Get("org"), Text: q.Get("q")}
	if f.From, err = timeParam(r, "from", false); err != nil {
		a.fail(w, r, err)
		return
	}
	if f.To, err = timeParam(r, "to", true); err != nil {
		a.fail(w, r, err)
		return
	}
	limit, err := intParam(r, "limit", 1, audit.MaxExportRows)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	f.Limit = int(limit)
	file, err := export.Audit(r.Context(), a.Trail, a.Dir, f, format)
	a.send(w, r, file, err)
}

// formatParam reads format=xlsx|csv (default xlsx).
func formatParam(r *http.Request) (export.Format, error) {
	f, err := export.ParseFormat(r.URL.Query().Get("format"))
	if err != nil {
		return "", paramErr("format", locale.T("cần xlsx hoặc csv", "expected xlsx or csv"))
	}
	return f, nil
}

// send answers the export, or the JSON error when it was refused.
func (a *API) send(w http.ResponseWriter, r *http.Request, file *export.File, err error) {
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if err := file.Send(w); err != nil && a.Log != nil {
		a.Log.Warn("export not delivered", "path", r.URL.Path, "err", err)
	}
}
