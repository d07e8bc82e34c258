package web

import (
	"net/http"

	"attt/internal/auth"
	"attt/internal/errs"
	"attt/internal/locale"
)

type linkData struct {
	Link  *auth.Link
	Token string
	Setup bool
	// MinLength is the password length in force (a run-time setting).
	MinLength int
}

// linkPage shows the form behind a one-time link: set your own password
// (and, for the first administrator, your name and login).
func (s *Server) linkPage(w http.ResponseWriter, r *http.Request) {
	s.renderLink(w, r, http.StatusOK, nil)
}

func (s *Server) renderLink(w http.ResponseWriter, r *http.Request, status int, err error) {
	token := r.PathValue("token")
	link, lerr := s.Auth.LookupLink(r.Context(), token)
	p := s.page(r, locale.T("Đặt mật khẩu", "Set your password"), "login")
	p.CSRF = preCSRF(w, r)
	if lerr != nil {
		p.Error = errs.As(lerr)
		s.render(w, errs.Status(p.Error.Code), "link", p)
		return
	}
	p.Data = linkData{Link: link, Token: token, Setup: link.Purpose == auth.PurposeSetup, MinLength: s.Auth.Config().Policy.MinLength}
	if err != nil {
		p.Error = errs.As(err)
		p.Form = map[string]string{"login": r.FormValue("login"), "full_name": r.FormValue("full_name"), "email": r.FormValue("email")}
	}
	s.render(w, status, "link", p)
}

func (s *Server) linkSubmit(w http.ResponseWriter, r *http.Request) {
	in := auth.SetupInput{Login: r.FormValue("login"), FullName: r.FormValue("full_name"), Email: r.FormValue("email"), Password: r.FormValue("password")}
	if in.Password != r.FormValue("password2") {
		s.renderLink(w, r, http.StatusBadRequest, errs.New(errs.Invalid, locale.T("Hai lần nhập mật khẩu không khớp.", "The two passwords differ.")))
		return
	}
	if _, err := s.Auth.UseLink(r.Context(), r.PathValue("token"), in); err != nil {
		s.renderLink(w, r, errs.Status(errs.CodeOf(err)), err)
		return
	}
	redirectFlash(w, r, "/login", "password_set")
}
