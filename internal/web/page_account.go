package web

import (
	"net/http"

	"attt/internal/auth"
	"attt/internal/directory"
	"attt/internal/errs"
	"attt/internal/locale"
	"attt/internal/principal"
)

type accountData struct {
	Person *directory.Person
	State  *auth.AccountState
	Grants []directory.GrantRecord
	// MinLength is the password length in force (a run-time setting).
	MinLength int
}

// accountPage is the signed-in person's own account: details, roles,
// password change and links to two-factor sign-in and API tokens.
func (s *Server) accountPage(w http.ResponseWriter, r *http.Request) { s.renderAccount(w, r, nil) }

func (s *Server) renderAccount(w http.ResponseWriter, r *http.Request, failure error) {
	ctx := r.Context()
	me := principal.From(ctx)
	d := accountData{MinLength: s.Auth.Config().Policy.MinLength}
	var err error
	if d.Person, err = s.Dir.GetPerson(ctx, me.PersonID); err == nil {
		if d.State, err = s.Auth.State(ctx, me.PersonID); err == nil {
			d.Grants, err = s.Dir.ListGrants(ctx, me.PersonID)
		}
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, locale.T("Tài khoản của tôi", "My account"), "account")
	p.Data = d
	if failure != nil {
		s.renderFailed(w, r, "account", p, failure)
		return
	}
	s.render(w, http.StatusOK, "account", p)
}

// accountPassword changes the signed-in person's password; a refusal lists
// every rule the new password fails.
func (s *Server) accountPassword(w http.ResponseWriter, r *http.Request) {
	next := r.FormValue("password")
	if next != r.FormValue("password2") {
		s.renderAccount(w, r, errs.New(errs.Invalid, locale.T("Hai lần nhập mật khẩu mới không khớp.", "The two new passwords differ.")))
		return
	}
	if err := s.Auth.ChangePassword(r.Context(), r.FormValue("current"), next); err != nil {
		s.renderAccount(w, r, err)
		return
	}
	redirectFlash(w, r, "/account", "password")
}
