package api

import (
	"net/http"
)

// listOffboardings: GET /api/v1/offboardings?org= — departures in the
// caller's scope with their device checklists (Đ7.4), newest first.
func (a *API) listOffboardings(w http.ResponseWriter, r *http.Request) {
	offs, err := a.Auth.Offboardings(r.Context(), r.URL.Query().Get("org"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	list(w, offs)
}

type recoverBody struct {
	Note string `json:"note"`
}

// recoverItem: POST /api/v1/offboarding-items/{id}/recover {"note"} ticks
// off one device of a checklist.
func (a *API) recoverItem(w http.ResponseWriter, r *http.Request) {
	var b recoverBody
	if err := decodeOptional(r, &b); err != nil {
		a.fail(w, r, err)
		return
	}
	if err := a.Auth.RecoverItem(r.Context(), r.PathValue("id"), b.Note); err != nil {
		a.fail(w, r, err)
		return
	}
	done(w)
}

// lockedAccounts: GET /api/v1/locked-accounts — accounts locked by failed
// sign-ins (Đ7.6) that the caller may unlock.
func (a *API) lockedAccounts(w http.ResponseWriter, r *http.Request) {
	locked, err := a.Auth.LockedAccounts(r.Context())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	list(w, locked)
}
