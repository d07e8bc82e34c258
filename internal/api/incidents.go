package api

import (
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"attt/internal/errs"
	"attt/internal/export"
	"attt/internal/incident"
	"attt/internal/locale"
	"attt/internal/web/respond"
)

// maxIncidentUpload bounds a request carrying evidence files: up to
// incident.MaxFilesPerUpload files of the gate's limit would be too much
// for one request, so a request carries at most 64 MiB.
const maxIncidentUpload = 64 << 20

// listIncidents: GET /api/v1/incidents?status=&severity=&category=&org=&from=&to=&open=&overdue=&escalated=&q=&limit=&offset=
// — the incidents the caller may see, newest detection first, with the
// total number that match.
func (a *API) listIncidents(w http.ResponseWriter, r *http.Request) {
	f, err := incidentFilter(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if f.Limit, f.Offset, err = pageParams(r); err != nil {
		a.fail(w, r, err)
		return
	}
	got, total, err := a.Incidents.List(r.Context(), f)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ok(w, struct {
		Items []incident.Incident `json:"items"`
		Total int                 `json:"total"`
	}{got, total})
}

func incidentFilter(r *http.Request) (incident.Filter, error) {
	q := r.URL.Query()
	f := incident.Filter{OrgID: q.Get("org"), Q: q.Get("q")}
	for _, s := range splitParam(q.Get("status")) {
		f.Status = append(f.Status, incident.Status(s))
	}
	for _, s := range splitParam(q.Get("severity")) {
		f.Severity = append(f.Severity, incident.Severity(s))
	}
	for _, s := range splitParam(q.Get("category")) {
		f.Category = append(f.Category, incident.Category(s))
	}
	var err error
	if f.From, err = timeParam(r, "from", false); err != nil {
		return f, err
	}
	if f.To, err = timeParam(r, "to", true); err != nil {
		return f, err
	}
	for name, dst := range map[string]*bool{"open": &f.Open, "overdue": &f.Overdue, "escalated": &f.Escalated} {
		if *dst, err = boolParam(r, name); err != nil {
			return f, err
		}
	}
	return f, nil
}

func splitParam(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// reportIncident: POST /api/v1/incidents — a JSON ReportInput, or
// multipart/form-data with the ReportInput as JSON in the field "report"
// and evidence in "file" fields. A refused file refuses the report.
func (a *API) reportIncident(w http.ResponseWriter, r *http.Request) {
	var in incident.ReportInput
	var files []incident.Upload
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "multipart/form-data" {
		var closeAll func()
		var err error
		files, closeAll, err = formFiles(r)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		defer closeAll()
		dec := json.NewDecoder(strings.NewReader(r.FormValue("report")))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&in); err != nil {
			a.fail(w, r, decodeError(err))
			return
		}
	} else if err := decode(r, &in); err != nil {
		a.fail(w, r, err)
		return
	}
	in.Via = incident.ViaAPI
	inc, err := a.Incidents.Report(r.Context(), in, files)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	created(w, inc)
}

var msgNoFiles = locale.T("Hãy gửi tệp trong các trường “file” của biểu mẫu multipart/form-data.",
	"Send the files in “file” fields of a multipart/form-data body.")

// formFiles parses a multipart body (spooled to temporary files beyond
// 1 MiB) and opens its "file" parts.
func formFiles(r *http.Request) ([]incident.Upload, func(), error) {
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		return nil, func() {}, uploadError(errs.Wrap(errs.Invalid, msgNoFiles, err))
	}
	var files []incident.Upload
	var open []io.Closer
	closeAll := func() {
		for _, c := range open {
			c.Close()
		}
		r.MultipartForm.RemoveAll()
	}
	for _, fh := range r.MultipartForm.File["file"] {
		f, err := fh.Open()
		if err != nil {
			closeAll()
			return nil, func() {}, errs.Wrap(errs.Invalid, msgNoFiles, err)
		}
		open = append(open, f)
		files = append(files, incident.Upload{Name: fh.Filename, R: f})
	}
	return files, closeAll, nil
}

func (a *API) getIncident(w http.ResponseWriter, r *http.Request) {
	a.answerIncident(w, r)(a.Incidents.Get(r.Context(), r.PathValue("id")))
}

// answerIncident returns the function that answers an incident or the
// error of the call that produced it.
func (a *API) answerIncident(w http.ResponseWriter, r *http.Request) func(*incident.Incident, error) {
	return func(inc *incident.Incident, err error) {
		if err != nil {
			a.fail(w, r, err)
			return
		}
		ok(w, inc)
	}
}

// withBody decodes the body into a T and calls act with it.
func withBody[T any](a *API, w http.ResponseWriter, r *http.Request, act func(T) (*incident.Incident, error)) {
	var in T
	if err := decode(r, &in); err != nil {
		a.fail(w, r, err)
		return
	}
	a.answerIncident(w, r)(act(in))
}

// triageIncident: PUT /api/v1/incidents/{id}/triage with the whole TriageInput.
func (a *API) triageIncident(w http.ResponseWriter, r *http.Request) {
	withBody(a, w, r, func(in incident.TriageInput) (*incident.Incident, error) {
		return a.Incidents.Triage(r.Context(), r.PathValue("id"), in)
	})
}

type commentInput struct {
	Body   string `json:"body"`
	Shared bool   `json:"shared"`
}

func (a *API) commentIncident(w http.ResponseWriter, r *http.Request) {
	withBody(a, w, r, func(in commentInput) (*incident.Incident, error) {
		return a.Incidents.Comment(r.Context(), r.PathValue("id"), in.Body, in.Shared)
	})
}

func (a *API) addIncidentTask(w http.ResponseWriter, r *http.Request) {
	withBody(a, w, r, func(in incident.TaskInput) (*incident.Incident, error) {
		return a.Incidents.AddTask(r.Context(), r.PathValue("id"), in)
	})
}

func (a *API) completeIncidentTask(w http.ResponseWriter, r *http.Request) {
	a.answerIncident(w, r)(a.Incidents.CompleteTask(r.Context(), r.PathValue("id"), r.PathValue("task")))
}

// addIncidentFiles: POST /api/v1/incidents/{id}/files, multipart "file"
// fields; every file passes the intake gate or none is kept.
func (a *API) addIncidentFiles(w http.ResponseWriter, r *http.Request) {
	files, closeAll, err := formFiles(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	defer closeAll()
	a.answerIncident(w, r)(a.Incidents.AddFiles(r.Context(), r.PathValue("id"), files))
}

// downloadIncidentFile: GET /api/v1/incidents/{id}/files/{file} — the
// evidence, decrypted and checked against its SHA-256 as it streams.
func (a *API) downloadIncidentFile(w http.ResponseWriter, r *http.Request) {
	f, rc, err := a.Incidents.OpenFile(r.Context(), r.PathValue("id"), r.PathValue("file"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	defer rc.Close()
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", export.ContentDisposition(f.Name))
	w.Header().Set("Content-Length", strconv.FormatInt(f.Size, 10))
	w.Header().Set("X-Content-SHA256", f.SHA256)
	if _, err := io.Copy(w, rc); err != nil && a.Log != nil {
		a.Log.Warn("evidence download cut short", "file", f.ID, "err", err)
	}
}

func (a *API) respondIncident(w http.ResponseWriter, r *http.Request) {
	a.answerIncident(w, r)(a.Incidents.StartResponse(r.Context(), r.PathValue("id")))
}

type reasonInput struct {
	Reason string `json:"reason"`
}

func (a *API) rejectIncident(w http.ResponseWriter, r *http.Request) {
	withBody(a, w, r, func(in reasonInput) (*incident.Incident, error) {
		return a.Incidents.Reject(r.Context(), r.PathValue("id"), in.Reason)
	})
}

func (a *API) escalateIncident(w http.ResponseWriter, r *http.Request) {
	withBody(a, w, r, func(in incident.EscalateInput) (*incident.Incident, error) {
		return a.Incidents.Escalate(r.Context(), r.PathValue("id"), in)
	})
}

type shareInput struct {
	OrgID string `json:"org_id"`
	Note  string `json:"note"`
}

func (a *API) shareIncident(w http.ResponseWriter, r *http.Request) {
	withBody(a, w, r, func(in shareInput) (*incident.Incident, error) {
		return a.Incidents.Share(r.Context(), r.PathValue("id"), in.OrgID, in.Note)
	})
}

func (a *API) unshareIncident(w http.ResponseWriter, r *http.Request) {
	a.answerIncident(w, r)(a.Incidents.Unshare(r.Context(), r.PathValue("id"), r.PathValue("share")))
}

type personInput struct {
	PersonID string `json:"person_id"`
}

func (a *API) assignCoordinator(w http.ResponseWriter, r *http.Request) {
	withBody(a, w, r, func(in personInput) (*incident.Incident, error) {
		return a.Incidents.AssignCoordinator(r.Context(), r.PathValue("id"), in.PersonID)
	})
}

func (a *API) removeCoordinator(w http.ResponseWriter, r *http.Request) {
	a.answerIncident(w, r)(a.Incidents.RemoveCoordinator(r.Context(), r.PathValue("id"), r.PathValue("person")))
}

func (a *API) fileInitialReport(w http.ResponseWriter, r *http.Request) {
	a.answerIncident(w, r)(a.Incidents.FileInitialReport(r.Context(), r.PathValue("id")))
}

func (a *API) endIncidentResponse(w http.ResponseWriter, r *http.Request) {
	withBody(a, w, r, func(in incident.EndInput) (*incident.Incident, error) {
		return a.Incidents.EndResponse(r.Context(), r.PathValue("id"), in)
	})
}

func (a *API) fileClosingReport(w http.ResponseWriter, r *http.Request) {
	a.answerIncident(w, r)(a.Incidents.FileClosingReport(r.Context(), r.PathValue("id")))
}

func (a *API) closeIncident(w http.ResponseWriter, r *http.Request) {
	a.answerIncident(w, r)(a.Incidents.Close(r.Context(), r.PathValue("id")))
}

// incidentDocument: GET /api/v1/incidents/{id}/documents/{doc}?format=pdf|docx
func (a *API) incidentDocument(w http.ResponseWriter, r *http.Request) {
	format := r.URL.Query().Get("format")
	if format == "" {
		format = "pdf"
	}
	doc, err := a.Incidents.RenderDocument(r.Context(), r.PathValue("id"), r.PathValue("doc"), format)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	respond.Download(w, doc.Name, doc.ContentType, doc.Body)
}

// incidentSummary: GET /api/v1/incidents/summary?org=&year=&half= — counts
// per type and per agency for a year or half-year.
func (a *API) incidentSummary(w http.ResponseWriter, r *http.Request) {
	org, p, err := periodParams(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	from, to := incident.Bounds(p)
	sum, err := a.Incidents.Summarise(r.Context(), org, from, to)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ok(w, sum)
}

// incidentReport05: GET /api/v1/incidents/summary/report?org=&year=&half=&format=pdf|docx|xlsx
// — Mẫu 05 for the period.
func (a *API) incidentReport05(w http.ResponseWriter, r *http.Request) {
	org, p, err := periodParams(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	format := r.URL.Query().Get("format")
	if format == "" {
		format = "pdf"
	}
	out, err := a.Incidents.RenderReport05(r.Context(), org, p, format)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	respond.Download(w, out.Name, out.ContentType, out.Body)
}

func periodParams(r *http.Request) (string, incident.Period, error) {
	q := r.URL.Query()
	year, err := intParam(r, "year", 2000, 2200)
	if err != nil {
		return "", incident.Period{}, err
	}
	half, err := intParam(r, "half", 0, 2)
	if err != nil {
		return "", incident.Period{}, err
	}
	if year == 0 {
		return "", incident.Period{}, required("year", "")
	}
	if err := required("org", q.Get("org")); err != nil {
		return "", incident.Period{}, err
	}
	return q.Get("org"), incident.Period{Year: int(year), Half: int(half)}, nil
}

// exportIncidents: GET /api/v1/incidents/export?format=xlsx|csv&… (the
// filters of GET /api/v1/incidents) — every matching incident as a file;
// the export is recorded in the audit trail.
func (a *API) exportIncidents(w http.ResponseWriter, r *http.Request) {
	format, err := formatParam(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	f, err := incidentFilter(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	file, err := export.Incidents(r.Context(), a.Incidents, f, format)
	a.send(w, r, file, err)
}
