package web

import (
	"fmt"
	"html/template"
	"image/color"
	"net/http"
	"strings"

	"github.com/boombuler/barcode/qr"

	"attt/internal/auth"
	"attt/internal/locale"
	"attt/internal/principal"
)

// totpIssuer names attt in authenticator apps.
const totpIssuer = "attt"

type totpData struct {
	Enabled bool
	// Required is set when the session may do nothing else before enrolling.
	Required   bool
	Enrolment  *auth.TOTPEnrolment
	QR         template.HTML
	CanDisable bool
}

// accountTOTPPage shows two-factor sign-in: on or off, and the button that
// starts enrolment.
func (s *Server) accountTOTPPage(w http.ResponseWriter, r *http.Request) {
	s.renderTOTP(w, r, nil, nil)
}

func (s *Server) renderTOTP(w http.ResponseWriter, r *http.Request, enrol *auth.TOTPEnrolment, failure error) {
	me := principal.From(r.Context())
	enabled, err := s.Auth.TOTPEnabled(r.Context(), me.PersonID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := totpData{Enabled: enabled, Enrolment: enrol}
	if sess := sessionFrom(r.Context()); sess != nil {
		d.Required = sess.EnrolTOTP
	}
	roles := s.Auth.Config().TOTPRoles
	d.CanDisable = enabled && !(len(roles) > 0 && me.HasRole(roles...))
	if enrol != nil {
		d.QR = qrSVG(enrol.URL)
	}
	p := s.page(r, locale.T("Xác thực hai yếu tố", "Two-factor sign-in"), "account")
	p.Data = d
	if failure != nil {
		s.renderFailed(w, r, "account_totp", p, failure)
		return
	}
	s.render(w, http.StatusOK, "account_totp", p)
}

// accountTOTPSubmit runs the two steps of enrolment on one address (the
// only one an enrol-only session may post to): begin makes a new secret and
// shows it; confirm checks a code from the app and turns TOTP on.
func (s *Server) accountTOTPSubmit(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if r.FormValue("step") != "confirm" {
		enrol, err := s.Auth.BeginTOTP(ctx, totpIssuer)
		if err != nil {
			s.renderTOTP(w, r, nil, err)
			return
		}
		s.renderTOTP(w, r, enrol, nil)
		return
	}
	if err := s.Auth.ConfirmTOTP(ctx, strings.TrimSpace(r.FormValue("code"))); err != nil {
		// The secret awaits confirmation still: show it again with the error.
		s.renderTOTP(w, r, &auth.TOTPEnrolment{Secret: r.FormValue("secret"), URL: r.FormValue("url")}, err)
		return
	}
	redirectFlash(w, r, "/account", "totp_on")
}

// accountTOTPDisable turns the signed-in person's two-factor sign-in off,
// when their role allows it.
func (s *Server) accountTOTPDisable(w http.ResponseWriter, r *http.Request) {
	me := principal.From(r.Context())
	if err := s.Auth.DisableTOTP(r.Context(), me.PersonID); err != nil {
		s.renderTOTP(w, r, nil, err)
		return
	}
	redirectFlash(w, r, "/account", "totp_off")
}

// qrSVG draws text as a QR code in SVG, server-side (the CSP allows no
// script), "" when it does not fit.
func qrSVG(text string) template.HTML {
	if !strings.HasPrefix(text, "otpauth://") {
		return ""
	}
	code, err := qr.Encode(text, qr.M, qr.Auto)
	if err != nil {
		return ""
	}
	const quiet = 4
	n := code.Bounds().Dx()
	var path strings.Builder
	for y := range n {
		for x := range n {
			if code.At(x, y) == color.Black {
				fmt.Fprintf(&path, "M%d %dh1v1h-1z", x+quiet, y+quiet)
			}
		}
	}
	size := n + 2*quiet
	return template.HTML(fmt.Sprintf(`<svg class="qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-label="QR"><rect width="100%%" height="100%%" fill="#fff"/><path d="%s" fill="#000" shape-rendering="crispEdges"/></svg>`,
		size, size, size*5, size*5, path.String())) //nolint:gosec // built only from numbers
}
