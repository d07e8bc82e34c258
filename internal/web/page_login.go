package web

import (
	"net/http"

	"attt/internal/auth"
	"attt/internal/errs"
	"attt/internal/locale"
	"attt/internal/principal"
	"attt/internal/secret"
)

type loginData struct {
	Next     string
	NeedTOTP bool
	Root     string
}

// preCSRF returns the pre-session CSRF token, setting its cookie when new.
func preCSRF(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(csrfCookie); err == nil && len(c.Value) >= 32 {
		return c.Value
	}
	token := secret.New(32)
	http.SetCookie(w, &http.Cookie{Name: csrfCookie, Value: token, Path: "/", HttpOnly: true, Secure: true, SameSite: http.SameSiteStrictMode})
	return token
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	if principal.From(r.Context()) != nil {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	s.renderLogin(w, r, http.StatusOK, nil, false)
}

func (s *Server) renderLogin(w http.ResponseWriter, r *http.Request, status int, err error, needTOTP bool) {
	p := s.page(r, locale.T("Đăng nhập", "Sign in"), "login")
	p.CSRF = preCSRF(w, r)
	data := loginData{Next: safeNext(r.FormValue("next")), NeedTOTP: needTOTP}
	if root, err := s.Dir.Root(r.Context()); err == nil {
		data.Root = root.Name
	}
	p.Data = data
	if err != nil {
		p.Error = errs.As(err)
		p.Form = map[string]string{"login": r.FormValue("login")}
	}
	s.render(w, status, "login", p)
}

func (s *Server) loginSubmit(w http.ResponseWriter, r *http.Request) {
	req := auth.LoginRequest{Login: r.FormValue("login"), Password: r.FormValue("password"), TOTP: r.FormValue("totp")}
	res, err := s.signIn(w, r, req)
	if err != nil {
		s.renderLogin(w, r, errs.Status(errs.CodeOf(err)), err, errs.Is(err, errs.TOTPRequired))
		return
	}
	clearCookie(w, csrfCookie)
	if res.EnrolTOTP {
		http.Redirect(w, r, "/account/totp", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, safeNext(r.FormValue("next")), http.StatusSeeOther)
}

func (s *Server) logoutSubmit(w http.ResponseWriter, r *http.Request) {
	if err := s.Auth.Logout(r.Context()); err != nil {
		s.fail(w, r, err)
		return
	}
	clearSessionCookie(w)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// switchLanguage sets the language cookie and returns to the page.
func (s *Server) switchLanguage(w http.ResponseWriter, r *http.Request) {
	lang := locale.Parse(r.PathValue("lang"))
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: string(lang), Path: "/", MaxAge: 365 * 24 * 3600, Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, safeNext(r.URL.Query().Get("back")), http.StatusSeeOther)
}
