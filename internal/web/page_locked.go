package web

import (
	"net/http"

	"attt/internal/locale"
)

// lockedPage lists the accounts locked by failed sign-ins (Đ7.6) that the
// signed-in person may unlock; each unlock posts to the person's unlock
// action and comes back here.
func (s *Server) lockedPage(w http.ResponseWriter, r *http.Request) {
	locked, err := s.Auth.LockedAccounts(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, locale.T("Tài khoản bị khóa", "Locked accounts"), "locked")
	p.Data = locked
	s.render(w, http.StatusOK, "locked", p)
}
