package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"attt/internal/directory"
	"attt/internal/errs"
	"attt/internal/export"
	"attt/internal/incident"
	"attt/internal/locale"
	"attt/internal/principal"
)

// incidentRoutes registers the incident room (S7): report, list and
// export, summary and Mẫu 05, and the detail page with its actions.
func (s *Server) incidentRoutes(page func(pattern string, h http.HandlerFunc)) {
	page("GET /incidents", s.incidentsPage)
	page("GET /incidents/new", s.incidentNewPage)
	page("POST /incidents", s.incidentReport)
	for _, f := range []export.Format{export.XLSX, export.CSV} {
		page("GET /incidents/export."+string(f), s.incidentsExport(f))
	}
	page("GET /incidents/summary", s.incidentSummaryPage)
	page("GET /incidents/summary/mau05/{format}", s.incidentMau05)
	page("GET /incidents/{id}", s.incidentPage)
	page("GET /incidents/{id}/files/{file}", s.incidentFile)
	page("GET /incidents/{id}/documents/{doc}/{format}", s.incidentDocument)
	s.incidentActionRoutes(page)
}

// incidentFilterFields are the query parameters of the list, kept in the
// pager and export links.
var incidentFilterFields = []string{"status", "severity", "category", "org", "from", "to", "overdue", "escalated", "open", "q"}

// incidentFilter reads the list's filters; a date that cannot be read is
// errs.Invalid.
func incidentFilter(q url.Values) (incident.Filter, error) {
	f := incident.Filter{OrgID: q.Get("org"), Q: strings.TrimSpace(q.Get("q")),
		Overdue: q.Get("overdue") == "1", Escalated: q.Get("escalated") == "1", Open: q.Get("open") == "1"}
	if v := q.Get("status"); v != "" {
		f.Status = []incident.Status{incident.Status(v)}
	}
	if v := q.Get("severity"); v != "" {
		f.Severity = []incident.Severity{incident.Severity(v)}
	}
	if v := q.Get("category"); v != "" {
		f.Category = []incident.Category{incident.Category(v)}
	}
	var err error
	if f.From, err = parseDay(q.Get("from")); err != nil {
		return f, err
	}
	if f.To, err = parseDay(q.Get("to")); err != nil {
		return f, err
	}
	if !f.To.IsZero() {
		f.To = f.To.AddDate(0, 0, 1) // the whole last day
	}
	return f, nil
}

var msgBadDate = locale.T("Ngày không hợp lệ; hãy nhập theo dạng dd/mm/yyyy.", "The date is not valid; use dd/mm/yyyy.")

// parseDay reads a day as the date input sends it (yyyy-mm-dd) or typed
// as dd/mm/yyyy, at midnight in Asia/Ho_Chi_Minh; "" is the zero time.
func parseDay(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{"2006-01-02", "02/01/2006", "2/1/2006"} {
		if t, err := time.ParseInLocation(layout, s, locale.Zone); err == nil {
			return t, nil
		}
	}
	return time.Time{}, errs.New(errs.Invalid, msgBadDate, locale.T(s, s))
}

// parseWhen reads a date and time as the datetime-local input sends it or
// typed as dd/mm/yyyy HH:MM, in Asia/Ho_Chi_Minh; "" is the zero time.
func parseWhen(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "02/01/2006 15:04", "2/1/2006 15:04", "02/01/2006"} {
		if t, err := time.ParseInLocation(layout, s, locale.Zone); err == nil {
			return t, nil
		}
	}
	return time.Time{}, errs.New(errs.Invalid, locale.T("Thời điểm không hợp lệ; hãy nhập theo dạng dd/mm/yyyy HH:MM.",
		"The time is not valid; use dd/mm/yyyy HH:MM."), locale.T(s, s))
}

// localInput formats t as the date-time inputs show it (dd/mm/yyyy HH:MM).
func localInput(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(locale.Zone).Format("02/01/2006 15:04")
}

// incidentRow is one line of the list with its missed deadlines.
type incidentRow struct {
	incident.Incident
	Late []incident.Late
}

type incidentsData struct {
	Rows       []incidentRow
	Pager      pager
	Orgs       []directory.Org
	Statuses   []incident.Status
	Severities []incident.Severity
	Categories []incident.Category
	// Query is the filter as a query string, for the export links
	// (encoded here, so safe as a URL part).
	Query template.URL
}

// incidentsPageSize is the length of one page of the list.
const incidentsPageSize = 50

// incidentsPage lists the incidents the person may see, with filters.
func (s *Server) incidentsPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := s.page(r, locale.T("Sự cố an toàn thông tin", "Security incidents"), "incidents")
	p.Form = map[string]string{}
	keep := url.Values{}
	for _, k := range incidentFilterFields {
		p.Form[k] = q.Get(k)
		if v := q.Get(k); v != "" {
			keep.Set(k, v)
		}
	}
	d := incidentsData{Statuses: incident.Statuses(), Severities: incident.Severities(), Categories: incident.Categories(), Query: template.URL(keep.Encode())}
	orgs, err := s.orgChoices(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Orgs = orgs
	f, err := incidentFilter(q)
	if err == nil {
		off := offsetParam(r)
		f.Limit, f.Offset = incidentsPageSize, off
		var list []incident.Incident
		var total int
		list, total, err = s.Incidents.List(r.Context(), f)
		now := s.Now()
		for i := range list {
			d.Rows = append(d.Rows, incidentRow{Incident: list[i], Late: s.Incidents.Lateness(&list[i], now)})
		}
		d.Pager = newPager(r, off, incidentsPageSize, len(list), total)
	}
	p.Data = d
	if err != nil {
		s.renderFailed(w, r, "incidents", p, err)
		return
	}
	s.render(w, http.StatusOK, "incidents", p)
}

// incidentsExport downloads the filtered list; the service records the
// export in the audit trail before anything is sent.
func (s *Server) incidentsExport(format export.Format) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		f, err := incidentFilter(r.URL.Query())
		if err != nil {
			s.fail(w, r, err)
			return
		}
		file, err := export.Incidents(r.Context(), s.Incidents, f, format)
		s.sendExport(w, r, file, err)
	}
}

// incidentNewPage shows the short report form (Đ15.2).
func (s *Server) incidentNewPage(w http.ResponseWriter, r *http.Request) {
	p := s.page(r, locale.T("Báo cáo sự cố", "Report an incident"), "incident-new")
	p.Form = map[string]string{"detected_at": localInput(s.Now())}
	if me := principal.From(r.Context()); me != nil && me.PersonID != "" {
		if person, err := s.Dir.GetPerson(r.Context(), me.PersonID); err == nil {
			p.Form["contact"] = strings.TrimSpace(strings.Join(nonEmpty(person.Phone, person.Email), ", "))
		}
	}
	s.render(w, http.StatusOK, "incident_new", p)
}

// incidentReport files a report with its files. A refused file or a
// missing field shows the form again with everything typed.
func (s *Server) incidentReport(w http.ResponseWriter, r *http.Request) {
	fail := func(err error) {
		p := s.page(r, locale.T("Báo cáo sự cố", "Report an incident"), "incident-new")
		s.renderFailed(w, r, "incident_new", p, err)
	}
	in := incident.ReportInput{Title: r.FormValue("title"), Description: r.FormValue("description"), Affected: r.FormValue("affected"),
		DetectionMethod: r.FormValue("detection_method"), Contact: r.FormValue("contact")}
	var err error
	if in.DetectedAt, err = parseWhen(r.FormValue("detected_at")); err != nil {
		fail(err)
		return
	}
	if in.OccurredAt, err = parseWhen(r.FormValue("occurred_at")); err != nil {
		fail(err)
		return
	}
	uploads, closeAll, err := formUploads(r, "files")
	defer closeAll()
	if err != nil {
		fail(err)
		return
	}
	inc, err := s.Incidents.Report(r.Context(), in, uploads)
	if err != nil {
		fail(err)
		return
	}
	redirectFlash(w, r, "/incidents/"+inc.ID, "created")
}

// formUploads opens the files of a multipart field; release closes them.
func formUploads(r *http.Request, field string) (uploads []incident.Upload, release func(), err error) {
	var opened []interface{ Close() error }
	release = func() {
		for _, f := range opened {
			_ = f.Close()
		}
	}
	if r.MultipartForm == nil {
		return nil, release, nil
	}
	for _, h := range r.MultipartForm.File[field] {
		if h.Filename == "" && h.Size == 0 {
			continue // an empty file input
		}
		f, err := h.Open()
		if err != nil {
			return nil, release, errs.Wrap(errs.Invalid, locale.T("Không nhận được tệp tải lên.", "Could not receive the upload."), err)
		}
		opened = append(opened, f)
		uploads = append(uploads, incident.Upload{Name: h.Filename, R: f})
	}
	return uploads, release, nil
}

// nonEmpty keeps the values that are not blank.
func nonEmpty(values ...string) []string {
	var out []string
	for _, v := range values {
		if strings.TrimSpace(v) != "" {
			out = append(out, v)
		}
	}
	return out
}
