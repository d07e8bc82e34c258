package api

import (
	"net/http"
	"time"

	"attt/internal/errs"
	"attt/internal/locale"
)

// totpIssuer names attt in authenticator apps.
const totpIssuer = "attt"

type passwordBody struct {
	Current string `json:"current"`
	New     string `json:"new"`
}

// changePassword: POST /api/v1/me/password {"current","new"}. The caller's
// other sessions end; the answer names each failed password rule.
func (a *API) changePassword(w http.ResponseWriter, r *http.Request) {
	var b passwordBody
	if err := decode(r, &b); err != nil {
		a.fail(w, r, err)
		return
	}
	if err := a.Auth.ChangePassword(r.Context(), b.Current, b.New); err != nil {
		a.fail(w, r, err)
		return
	}
	done(w)
}

// beginTOTP: POST /api/v1/me/totp — a new secret to load into an
// authenticator app; it takes effect at /me/totp/confirm.
func (a *API) beginTOTP(w http.ResponseWriter, r *http.Request) {
	if err := decodeOptional(r, &struct{}{}); err != nil {
		a.fail(w, r, err)
		return
	}
	enr, err := a.Auth.BeginTOTP(r.Context(), totpIssuer)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ok(w, enr)
}

type totpBody struct {
	Code string `json:"code"`
}

func (a *API) confirmTOTP(w http.ResponseWriter, r *http.Request) {
	var b totpBody
	if err := decodeRequired(r, &b, "code", &b.Code); err != nil {
		a.fail(w, r, err)
		return
	}
	if err := a.Auth.ConfirmTOTP(r.Context(), b.Code); err != nil {
		a.fail(w, r, err)
		return
	}
	done(w)
}

// listTokens: GET /api/v1/me/tokens — the caller's API tokens, without
// their secrets.
func (a *API) listTokens(w http.ResponseWriter, r *http.Request) {
	ts, err := a.Auth.ListTokens(r.Context())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	list(w, ts)
}

type tokenBody struct {
	Name string `json:"name"`
	Days int    `json:"days"`
}

// createToken: POST /api/v1/me/tokens {"name","days"} — a token acting with
// the caller's grants; its secret is in this answer only.
func (a *API) createToken(w http.ResponseWriter, r *http.Request) {
	var b tokenBody
	if err := decode(r, &b); err != nil {
		a.fail(w, r, err)
		return
	}
	maxDays := int(a.Auth.Config().TokenMaxTTL / (24 * time.Hour))
	if b.Days < 0 || b.Days > maxDays {
		a.fail(w, r, errs.New(errs.Invalid, locale.Tf("Thời hạn mã truy cập là 1–%d ngày (0: mặc định 90 ngày).",
			"A token lasts 1–%d days (0: the default, 90 days).", maxDays)))
		return
	}
	t, err := a.Auth.CreateToken(r.Context(), b.Name, time.Duration(b.Days)*24*time.Hour)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	created(w, t)
}

// revokeToken: DELETE /api/v1/me/tokens/{id} ends one of the caller's tokens.
func (a *API) revokeToken(w http.ResponseWriter, r *http.Request) {
	if err := a.Auth.RevokeToken(r.Context(), r.PathValue("id")); err != nil {
		a.fail(w, r, err)
		return
	}
	done(w)
}
