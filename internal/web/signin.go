package web

import (
	"net/http"
	"time"

	"attt/internal/auth"
	"attt/internal/errs"
	"attt/internal/web/guard"
)

// signIn is the one sign-in path of the UI and the API: the per-address
// throttle first (so one address cannot lock out many accounts), then the
// accounts service, whose answer is the same for every kind of failure.
func (s *Server) signIn(w http.ResponseWriter, r *http.Request, req auth.LoginRequest) (*auth.LoginResult, error) {
	ip := s.ip.Of(r)
	key := guard.Key(ip)
	now := s.Now()
	if until, blocked := s.throttle.BlockedUntil(key, now); blocked {
		return nil, guard.LoginBlockedError(until.Sub(now))
	}
	req.IP, req.UserAgent = s.clientIP(r), r.UserAgent()
	if c, err := r.Cookie(deviceCookie); err == nil {
		req.Device = c.Value
	}
	res, err := s.Auth.Login(r.Context(), req)
	switch {
	case err == nil:
		s.throttle.Succeeded(key, req.Login)
		s.setSessionCookie(w, res.Token, res.ExpiresAt)
		if res.Device != "" {
			http.SetCookie(w, &http.Cookie{Name: deviceCookie, Value: res.Device, Path: "/", MaxAge: 180 * 24 * 3600,
				HttpOnly: true, Secure: true, SameSite: http.SameSiteStrictMode})
		}
	case errs.Is(err, errs.Unauthenticated):
		s.throttle.Failed(key, req.Login, now)
	}
	return res, err
}

// setSessionCookie hands the browser its session: HttpOnly, Secure,
// SameSite=Lax, ending with the session's absolute timeout.
func (s *Server) setSessionCookie(w http.ResponseWriter, token string, expires time.Time) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", Expires: expires,
		HttpOnly: true, Secure: true, SameSite: http.SameSiteLaxMode})
}

func clearSessionCookie(w http.ResponseWriter) { clearCookie(w, sessionCookie) }
