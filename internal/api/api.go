// Package api is attt's JSON API under /api/v1: the same services as the
// web UI, for machines and scripts. Routes lists every route; the OpenAPI
// document served at /api/v1/openapi.json describes each one, and a test
// fails when one is missing. The web package mounts these routes behind its
// rate limits, authentication and CSRF middleware.
package api

import (
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"time"

	"attt/internal/audit"
	"attt/internal/auth"
	"attt/internal/directory"
	"attt/internal/errs"
	"attt/internal/locale"
	"attt/internal/web/respond"
)

// Deps are what the API calls. Login, OpenSession and EndSession come from
// the web layer so that browser and API sign-ins share one path (throttle,
// cookies).
type Deps struct {
	Dir         *directory.Service
	Auth        *auth.Service
	Trail       *audit.Trail
	Log         *slog.Logger
	Login       func(w http.ResponseWriter, r *http.Request, req auth.LoginRequest) (*auth.LoginResult, error)
	OpenSession func(w http.ResponseWriter, token string, expires time.Time)
	EndSession  func(w http.ResponseWriter)
}

// Route is one API endpoint.
type Route struct {
	Method  string
	Path    string
	Handler http.HandlerFunc
	// Public routes need no signed-in principal.
	Public bool
	// Login routes get the sign-in rate limit.
	Login bool
}

// API holds the handlers.
type API struct{ Deps }

// New returns the API.
func New(d Deps) *API { return &API{Deps: d} }

// ErrNoRoute answers paths under /api/ that match no route.
var ErrNoRoute = errs.New(errs.NotFound, locale.T("Không có API này.", "No such API route."))

// Routes lists every route of the API.
func (a *API) Routes() []Route {
	return []Route{
		{Method: "GET", Path: "/api/v1/openapi.json", Handler: a.openAPI, Public: true},
		{Method: "POST", Path: "/api/v1/login", Handler: a.login, Public: true, Login: true},
		{Method: "POST", Path: "/api/v1/logout", Handler: a.logout},
		{Method: "GET", Path: "/api/v1/me", Handler: a.me},
	}
}

// decode reads a JSON body strictly: unknown fields and trailing data are
// errors, and the message says what is wrong in the reader's language.
func decode(r *http.Request, v any) error {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return errs.New(errs.TooLarge, locale.T("Nội dung yêu cầu quá lớn.", "The request body is too large."))
		}
		return errs.Wrap(errs.Invalid, locale.T("Nội dung JSON không hợp lệ.", "The JSON body is not valid."), err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return errs.New(errs.Invalid, locale.T("Nội dung JSON không hợp lệ: có dữ liệu thừa sau đối tượng.", "The JSON body is not valid: data after the object."))
	}
	return nil
}

func (a *API) fail(w http.ResponseWriter, r *http.Request, err error) {
	respond.Error(w, r, a.Log, err)
}

func ok(w http.ResponseWriter, v any) { respond.JSON(w, http.StatusOK, v) }
