package api

import (
	"net/http"
	"time"

	"attt/internal/auth"
	"attt/internal/errs"
	"attt/internal/principal"
)

type loginBody struct {
	Login    string `json:"login"`
	Password string `json:"password"`
	TOTP     string `json:"totp"`
}

type loginAnswer struct {
	Token     string    `json:"token"`
	ExpiresAt time.Time `json:"expires_at"`
	CSRF      string    `json:"csrf_token"`
	EnrolTOTP bool      `json:"enrol_totp,omitempty"`
}

// login: POST /api/v1/login {"login","password","totp"} → {"token"} and a
// session cookie for browsers.
func (a *API) login(w http.ResponseWriter, r *http.Request) {
	var body loginBody
	if err := decode(r, &body); err != nil {
		a.fail(w, r, err)
		return
	}
	res, err := a.Login(w, r, auth.LoginRequest{Login: body.Login, Password: body.Password, TOTP: body.TOTP})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ok(w, loginAnswer{Token: res.Token, ExpiresAt: res.ExpiresAt.UTC(), CSRF: res.CSRF, EnrolTOTP: res.EnrolTOTP})
}

func (a *API) logout(w http.ResponseWriter, r *http.Request) {
	if err := a.Auth.Logout(r.Context()); err != nil {
		a.fail(w, r, err)
		return
	}
	a.EndSession(w)
	ok(w, map[string]bool{"ok": true})
}

type meAnswer struct {
	ID     string      `json:"id"`
	Login  string      `json:"login"`
	Name   string      `json:"full_name"`
	OrgID  string      `json:"org_id"`
	Grants []grantJSON `json:"grants"`
}

type grantJSON struct {
	Role  principal.Role `json:"role"`
	OrgID string         `json:"org_id"`
}

func (a *API) me(w http.ResponseWriter, r *http.Request) {
	p := principal.From(r.Context())
	if p == nil {
		a.fail(w, r, errs.New(errs.Unauthenticated, errs.MsgForbidden))
		return
	}
	ans := meAnswer{ID: p.PersonID, Login: p.Login, Name: p.Name, OrgID: p.OrgID, Grants: []grantJSON{}}
	for _, g := range p.Grants {
		ans.Grants = append(ans.Grants, grantJSON{Role: g.Role, OrgID: g.OrgID})
	}
	ok(w, ans)
}
