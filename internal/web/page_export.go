package web

import (
	"net/http"
	"strings"

	"attt/internal/directory"
	"attt/internal/export"
)

// exportRoutes registers the downloads of the people, organisation and
// audit lists, each with the filters of its page. The services check scope
// and record every export in the audit trail (Đ7.8).
func (s *Server) exportRoutes(page func(pattern string, h http.HandlerFunc)) {
	for _, f := range []export.Format{export.XLSX, export.CSV} {
		ext := "." + string(f)
		page("GET /people/export"+ext, s.peopleExport(f))
		page("GET /orgs/export"+ext, s.orgsExport(f))
		page("GET /audit/export"+ext, s.auditExport(f))
	}
}

// peopleExport downloads the people list with the filters of /people.
func (s *Server) peopleExport(format export.Format) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		f := directory.PersonFilter{OrgID: q.Get("org"), Status: directory.Status(q.Get("status")), Text: strings.TrimSpace(q.Get("q"))}
		file, err := export.People(r.Context(), s.Dir, f, format)
		s.sendExport(w, r, file, err)
	}
}

// orgsExport downloads the organisation tree with the filters of /orgs.
func (s *Server) orgsExport(format export.Format) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		f := directory.OrgFilter{Text: strings.TrimSpace(q.Get("q")), IncludeRetired: q.Get("retired") == "1"}
		file, err := export.Orgs(r.Context(), s.Dir, f, format)
		s.sendExport(w, r, file, err)
	}
}

// auditExport downloads the records of the trail matching the search of
// /audit (every page of it, newest first, up to audit.MaxExportRows).
func (s *Server) auditExport(format export.Format) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		form := map[string]string{}
		for _, k := range auditFields {
			form[k] = strings.TrimSpace(r.URL.Query().Get(k))
		}
		f, err := auditFilter(form)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		f.Limit = 0 // the page's size, not the export's
		file, err := export.Audit(r.Context(), s.Trail, s.Dir, f, format)
		s.sendExport(w, r, file, err)
	}
}

// sendExport answers the file, or the error page when the export was
// refused; nothing has been sent before the export was recorded.
func (s *Server) sendExport(w http.ResponseWriter, r *http.Request, file *export.File, err error) {
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := file.Send(w); err != nil {
		s.Log.Warn("export not delivered", "path", r.URL.Path, "err", err)
	}
}
