package web

import (
	"net/http"

	"attt/internal/principal"
)

// The lifecycle actions of the person page (Đ7.4). Each calls one service
// method, which decides whether the signed-in person may do it; on failure
// the person page is shown again with the error and what was typed.

// personLink issues a new activation (pending account) or reset (active
// account) link and shows it once.
func (s *Server) personLink(w http.ResponseWriter, r *http.Request) {
	person, err := s.Dir.GetPerson(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.issueLink(w, r, person, false)
}

// personAction runs fn on the person of the path and returns to their page
// with flash.
func (s *Server) personAction(flash string, fn func(r *http.Request, id string) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("id")
		if err := fn(r, id); err != nil {
			s.renderPerson(w, r, err)
			return
		}
		redirectFlash(w, r, back(r, "/people/"+id), flash)
	}
}

func (s *Server) personSuspend(r *http.Request, id string) error {
	return s.Auth.Suspend(r.Context(), id, r.FormValue("reason"))
}

func (s *Server) personReactivate(r *http.Request, id string) error {
	return s.Auth.Reactivate(r.Context(), id)
}

func (s *Server) personUnlock(r *http.Request, id string) error {
	return s.Auth.Unlock(r.Context(), id)
}

func (s *Server) personResetTOTP(r *http.Request, id string) error {
	return s.Auth.DisableTOTP(r.Context(), id)
}

func (s *Server) personTransfer(r *http.Request, id string) error {
	_, err := s.Dir.Transfer(r.Context(), id, r.FormValue("org_id"))
	return err
}

func (s *Server) personGrant(r *http.Request, id string) error {
	return s.Dir.Grant(r.Context(), id, r.FormValue("org_id"), principal.Role(r.FormValue("role")))
}

func (s *Server) personRevoke(r *http.Request, _ string) error {
	return s.Dir.Revoke(r.Context(), r.PathValue("grant"))
}
