package web

import (
	"net/http"
	"strconv"
	"time"

	"attt/internal/directory"
	"attt/internal/locale"
	"attt/internal/logs"
)

type logSourcesData struct {
	Sources    []logs.Source
	Unassigned []logs.Source
	Orgs       []directory.Org
	OrgNames   map[string]string
	// Token is a new token source's token, shown once.
	Token string
}

// logSourcesPage lists the sources of the reader's agencies and, for the
// province's authority, the senders no agency owns yet, each with a form
// to assign it; and a form to register a source.
func (s *Server) logSourcesPage(w http.ResponseWriter, r *http.Request) {
	p := s.page(r, locale.T("Nguồn log", "Log sources"), "logs")
	s.renderLogSources(w, r, p, "", nil)
}

func (s *Server) renderLogSources(w http.ResponseWriter, r *http.Request, p *Page, token string, failed error) {
	if s.Logs == nil {
		s.fail(w, r, msgLogsOff)
		return
	}
	d := logSourcesData{Token: token, OrgNames: map[string]string{}}
	var err error
	if d.Sources, err = s.Logs.Sources(r.Context(), false); err != nil {
		s.fail(w, r, err)
		return
	}
	if d.Unassigned, err = s.Logs.Sources(r.Context(), true); err != nil {
		s.fail(w, r, err)
		return
	}
	if d.Orgs, err = s.orgChoices(r); err != nil {
		s.fail(w, r, err)
		return
	}
	for _, o := range d.Orgs {
		d.OrgNames[o.ID] = o.Name
	}
	p.Data = d
	if failed != nil {
		s.renderFailed(w, r, "log_sources", p, failed)
		return
	}
	s.render(w, http.StatusOK, "log_sources", p)
}

// sourceForm reads a source form; intervals in minutes, retention in days.
func sourceForm(r *http.Request) logs.SourceInput {
	minutes, _ := strconv.Atoi(r.PostFormValue("interval_minutes"))
	days, _ := strconv.Atoi(r.PostFormValue("retention_days"))
	return logs.SourceInput{OrgID: r.PostFormValue("org"), Name: r.PostFormValue("name"), Kind: r.PostFormValue("kind"),
		Match: r.PostFormValue("match"), ExpectedInterval: time.Duration(minutes) * time.Minute, Retention: time.Duration(days) * 24 * time.Hour}
}

// logSourceCreate registers a source; a token source's token is shown on
// the page that answers, once.
func (s *Server) logSourceCreate(w http.ResponseWriter, r *http.Request) {
	p := s.page(r, locale.T("Nguồn log", "Log sources"), "logs")
	if s.Logs == nil {
		s.fail(w, r, msgLogsOff)
		return
	}
	_, token, err := s.Logs.CreateSource(r.Context(), sourceForm(r))
	if err != nil {
		s.renderLogSources(w, r, p, "", err)
		return
	}
	if token == "" {
		redirectFlash(w, r, "/log-sources", "created")
		return
	}
	s.renderLogSources(w, r, p, token, nil)
}

// logSourceAssign gives a source to an agency.
func (s *Server) logSourceAssign(w http.ResponseWriter, r *http.Request) {
	if s.Logs == nil {
		s.fail(w, r, msgLogsOff)
		return
	}
	if _, err := s.Logs.AssignSource(r.Context(), r.PathValue("id"), sourceForm(r)); err != nil {
		s.renderLogSources(w, r, s.page(r, locale.T("Nguồn log", "Log sources"), "logs"), "", err)
		return
	}
	redirectFlash(w, r, "/log-sources", "saved")
}

// logRetentionSave sets an agency's retention from the sources page.
func (s *Server) logRetentionSave(w http.ResponseWriter, r *http.Request) {
	if s.Logs == nil {
		s.fail(w, r, msgLogsOff)
		return
	}
	days, err := strconv.Atoi(r.PostFormValue("days"))
	if err != nil {
		days = -1 // Refused by the service with its message.
	}
	if _, err := s.Logs.SetRetention(r.Context(), r.PostFormValue("org"), days); err != nil {
		s.renderLogSources(w, r, s.page(r, locale.T("Nguồn log", "Log sources"), "logs"), "", err)
		return
	}
	redirectFlash(w, r, "/log-sources", "saved")
}
