package web

import (
	"net/http"

	"attt/internal/auth"
	"attt/internal/directory"
	"attt/internal/locale"
)

type offboardingsData struct {
	Offboardings []auth.Offboarding
	Orgs         []directory.Org
}

// offboardingsPage lists departures in scope with their device checklists.
func (s *Server) offboardingsPage(w http.ResponseWriter, r *http.Request) {
	s.renderOffboardings(w, r, nil)
}

func (s *Server) renderOffboardings(w http.ResponseWriter, r *http.Request, failure error) {
	org := r.URL.Query().Get("org")
	offs, err := s.Auth.Offboardings(r.Context(), org)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	orgs, err := s.orgChoices(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, locale.T("Nghỉ việc, chuyển công tác", "Offboardings"), "offboardings")
	p.Data = offboardingsData{Offboardings: offs, Orgs: orgs}
	if failure != nil {
		s.renderFailed(w, r, "offboardings", p, failure)
		return
	}
	p.Form = map[string]string{"org": org}
	s.render(w, http.StatusOK, "offboardings", p)
}

// offboardingRecover ticks one device of a checklist off as recovered.
func (s *Server) offboardingRecover(w http.ResponseWriter, r *http.Request) {
	if err := s.Auth.RecoverItem(r.Context(), r.PathValue("item"), r.FormValue("note")); err != nil {
		s.renderOffboardings(w, r, err)
		return
	}
	redirectFlash(w, r, back(r, "/offboardings"), "recovered")
}
