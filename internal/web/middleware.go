package web

import (
	"context"
	"crypto/subtle"
	"errors"
	"net/http"
	"strings"

	"attt/internal/auth"
	"attt/internal/errs"
	"attt/internal/locale"
	"attt/internal/principal"
	"attt/internal/web/guard"
)

const (
	sessionCookie = "attt_session"
	csrfCookie    = "attt_csrf"
	langCookie    = "attt_lang"
	deviceCookie  = "attt_device"
	csrfField     = "csrf"
	csrfHeader    = "X-CSRF-Token"
)

type sessionKey struct{}

// sessionFrom returns the browser session of the request, nil for bearer
// tokens and anonymous requests.
func sessionFrom(ctx context.Context) *auth.Session {
	s, _ := ctx.Value(sessionKey{}).(*auth.Session)
	return s
}

// secure sets the security headers of every answer.
func (s *Server) secure(next http.Handler) http.Handler {
	csp := "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
		"form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
	hsts := strings.HasPrefix(s.Cfg.URL(), "https://")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
		if hsts {
			h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}

// language puts the reader's language in the context: the cookie set by the
// language switch, else (API only) Accept-Language, else Vietnamese.
func (s *Server) language(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Pages are Vietnamese unless the reader chose English with the
		// switch (a civil servant's browser set to English still gets the
		// official language); API clients ask with Accept-Language.
		lang := locale.VI
		if c, err := r.Cookie(langCookie); err == nil {
			lang = locale.Parse(c.Value)
		} else if al := r.Header.Get("Accept-Language"); al != "" && isAPI(r) {
			lang = locale.Parse(al)
		}
		next.ServeHTTP(w, r.WithContext(locale.WithLang(r.Context(), lang)))
	})
}

// authenticate attaches the principal of a session cookie or bearer token,
// when there is a valid one. It never refuses: routes that need a person use
// needUser.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, fromCookie := bearer(r), false
		if token == "" {
			if c, err := r.Cookie(sessionCookie); err == nil {
				token, fromCookie = c.Value, true
			}
		}
		if token != "" {
			p, sess, err := s.Auth.Authenticate(r.Context(), token, s.clientIP(r), r.UserAgent())
			if err == nil {
				ctx := principal.With(r.Context(), p)
				if fromCookie && sess != nil {
					ctx = context.WithValue(ctx, sessionKey{}, sess)
				}
				r = r.WithContext(ctx)
			} else if fromCookie {
				clearCookie(w, sessionCookie)
			}
		}
		next.ServeHTTP(w, r)
	})
}

func bearer(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "Bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}

// csrf refuses unsafe requests of browsers that do not carry the form token:
// the session's token when signed in, else the pre-session cookie's
// (double submit). Bearer-token clients are not browsers and are exempt.
func (s *Server) csrf(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			next.ServeHTTP(w, r)
			return
		}
		if sessionFrom(r.Context()) == nil && (bearer(r) != "" || (isAPI(r) && isJSON(r))) {
			// Not a browser session: a bearer token, or an anonymous JSON
			// call (sign-in), which no other site can send without a CORS
			// preflight that attt never grants.
			next.ServeHTTP(w, r)
			return
		}
		want := ""
		if sess := sessionFrom(r.Context()); sess != nil {
			want = sess.CSRF
		} else if c, err := r.Cookie(csrfCookie); err == nil {
			want = c.Value
		}
		got := r.Header.Get(csrfHeader)
		if got == "" {
			var err error
			if got, err = formValue(r, csrfField); err != nil {
				var tooBig *http.MaxBytesError
				if errors.As(err, &tooBig) {
					s.fail(w, r, guard.TooLargeError(tooBig.Limit))
					return
				}
			}
		}
		if want == "" || subtle.ConstantTimeCompare([]byte(want), []byte(got)) != 1 || !sameOrigin(r) {
			s.fail(w, r, errs.New(errs.Forbidden, locale.T("Biểu mẫu đã hết hạn hoặc không hợp lệ. Hãy tải lại trang và thử lại.",
				"The form has expired or is not valid. Reload the page and try again.")))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// formValue reads a form field; the error is the body's, e.g. too large.
func formValue(r *http.Request, name string) (string, error) {
	var err error
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		// Small parts stay in memory; the route's body limit bounds the rest.
		err = r.ParseMultipartForm(1 << 20)
	} else {
		err = r.ParseForm()
	}
	return r.FormValue(name), err
}

// sameOrigin refuses cross-site unsafe requests when the browser says so.
// Sec-Fetch-Site is set by the browser itself and cannot be forged by a
// page; "same-origin" settles it, because under Referrer-Policy:
// no-referrer Chromium sends "Origin: null" even for a same-origin form.
func sameOrigin(r *http.Request) bool {
	switch r.Header.Get("Sec-Fetch-Site") {
	case "same-origin":
		return true
	case "", "none":
	default:
		return false
	}
	origin := r.Header.Get("Origin")
	if origin == "" || origin == "null" {
		return origin == ""
	}
	return strings.TrimPrefix(strings.TrimPrefix(origin, "https://"), "http://") == r.Host
}

// needUser sends anonymous browsers to the sign-in page and refuses
// anonymous API calls; a session that must first enrol a second factor is
// kept on the enrolment page.
func (s *Server) needUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		me := principal.From(r.Context())
		if me == nil {
			if isAPI(r) {
				s.fail(w, r, errs.New(errs.Unauthenticated, locale.T("Vui lòng đăng nhập.", "Please sign in.")))
				return
			}
			http.Redirect(w, r, "/login?next="+safeNext(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		if sess := sessionFrom(r.Context()); sess != nil && sess.EnrolTOTP && !enrolAllowed(r.URL.Path) {
			if isAPI(r) {
				s.fail(w, r, errs.New(errs.Forbidden, locale.T("Vai trò của bạn bắt buộc xác thực hai yếu tố: hãy đăng ký trước.",
					"Your role requires two-factor sign-in: enrol first.")))
				return
			}
			http.Redirect(w, r, "/account/totp", http.StatusSeeOther)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			s.dash.forget(me.PersonID) // their own change shows on their dashboard at once
		}
		next.ServeHTTP(w, r)
	})
}

func enrolAllowed(path string) bool {
	switch path {
	case "/account/totp", "/logout", "/api/v1/logout", "/api/v1/me", "/api/v1/me/totp", "/api/v1/me/totp/confirm":
		return true
	}
	return false
}

func isJSON(r *http.Request) bool {
	ct := strings.ToLower(strings.TrimSpace(strings.SplitN(r.Header.Get("Content-Type"), ";", 2)[0]))
	return ct == "application/json"
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// safeNext keeps redirect targets on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}

// limit applies a rate-limit class, answering in the route's format.
func (s *Server) limit(lim *guard.Limiter, next http.Handler) http.Handler {
	return guard.Middleware(lim, s.ip, func(w http.ResponseWriter, r *http.Request, err error) {
		s.metrics.limited.Inc()
		s.fail(w, r, err)
	}, next)
}

func (s *Server) clientIP(r *http.Request) string {
	a := s.ip.Of(r)
	if !a.IsValid() {
		return ""
	}
	return a.String()
}

func clearCookie(w http.ResponseWriter, name string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: true, SameSite: http.SameSiteLaxMode})
}
