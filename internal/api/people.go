package api

import (
	"net/http"
	"time"

	"attt/internal/auth"
	"attt/internal/directory"
	"attt/internal/locale"
)

// listPeople: GET /api/v1/people?org=&status=&q= — people in the caller's
// scope, by name.
func (a *API) listPeople(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	status := directory.Status(q.Get("status"))
	switch status {
	case "", directory.StatusPending, directory.StatusActive, directory.StatusSuspended, directory.StatusOffboarded:
	default:
		a.fail(w, r, paramErr("status", locale.T("cần pending, active, suspended hoặc offboarded", "expected pending, active, suspended or offboarded")))
		return
	}
	limit, offset, err := pageParams(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	people, err := a.Dir.ListPeople(r.Context(), directory.PersonFilter{OrgID: q.Get("org"), Status: status, Text: q.Get("q"), Limit: limit, Offset: offset})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	list(w, people)
}

// linkJSON is a one-time link: the URL path of the page where its holder
// sets their own password. It is shown once; hand it over out of band.
type linkJSON struct {
	URL       string       `json:"url"`
	Purpose   auth.Purpose `json:"purpose"`
	ExpiresAt time.Time    `json:"expires_at"`
}

type newPersonAnswer struct {
	Person *directory.Person `json:"person"`
	Link   *linkJSON         `json:"link"`
}

// createPerson: POST /api/v1/people creates a pending account (no password:
// there is no default password anywhere) and answers it with its one-time
// activation link.
func (a *API) createPerson(w http.ResponseWriter, r *http.Request) {
	var in directory.PersonInput
	if err := decode(r, &in); err != nil {
		a.fail(w, r, err)
		return
	}
	p, err := a.Auth.CreateAccount(r.Context(), in, "")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	link, err := a.link(r, p.ID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	created(w, newPersonAnswer{Person: p, Link: link})
}

func (a *API) link(r *http.Request, personID string) (*linkJSON, error) {
	token, exp, err := a.Auth.IssueLink(r.Context(), personID)
	if err != nil {
		return nil, err
	}
	purpose := auth.PurposeReset
	if l, err := a.Auth.LookupLink(r.Context(), token); err == nil {
		purpose = l.Purpose
	}
	return &linkJSON{URL: "/link/" + token, Purpose: purpose, ExpiresAt: exp.UTC()}, nil
}

// issueLink: POST /api/v1/people/{id}/link — a new one-time link:
// activation for a pending account, password reset for an active one.
func (a *API) issueLink(w http.ResponseWriter, r *http.Request) {
	if err := decodeOptional(r, &struct{}{}); err != nil {
		a.fail(w, r, err)
		return
	}
	link, err := a.link(r, r.PathValue("id"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ok(w, link)
}

func (a *API) getPerson(w http.ResponseWriter, r *http.Request) {
	p, err := a.Dir.GetPerson(r.Context(), r.PathValue("id"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ok(w, p)
}

// personPatch is PATCH /api/v1/people/{id}: absent fields keep their
// value. Login, agency (see /transfer) and roles (see /grants) are not
// edited here.
type personPatch struct {
	FullName *string `json:"full_name"`
	Email    *string `json:"email"`
	Phone    *string `json:"phone"`
	Title    *string `json:"title"`
}

func (a *API) updatePerson(w http.ResponseWriter, r *http.Request) {
	var p personPatch
	if err := decode(r, &p); err != nil {
		a.fail(w, r, err)
		return
	}
	cur, err := a.Dir.GetPerson(r.Context(), r.PathValue("id"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	in := directory.PersonInput{FullName: cur.FullName, Email: cur.Email, Phone: cur.Phone, Title: cur.Title}
	set(&in.FullName, p.FullName)
	set(&in.Email, p.Email)
	set(&in.Phone, p.Phone)
	set(&in.Title, p.Title)
	after, err := a.Dir.UpdatePerson(r.Context(), cur.ID, in)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ok(w, after)
}

// accountState: GET /api/v1/people/{id}/account — password, second factor,
// lockout and last sign-in of the account.
func (a *API) accountState(w http.ResponseWriter, r *http.Request) {
	st, err := a.Auth.State(r.Context(), r.PathValue("id"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ok(w, st)
}

// personHistory: GET /api/v1/people/{id}/history — the agencies the person
// has belonged to, newest first.
func (a *API) personHistory(w http.ResponseWriter, r *http.Request) {
	h, err := a.Dir.History(r.Context(), r.PathValue("id"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	list(w, h)
}

type suspendBody struct {
	Reason string `json:"reason"`
}

func (a *API) suspendPerson(w http.ResponseWriter, r *http.Request) {
	var b suspendBody
	if err := decodeOptional(r, &b); err != nil {
		a.fail(w, r, err)
		return
	}
	id := r.PathValue("id")
	if err := a.Auth.Suspend(r.Context(), id, b.Reason); err != nil {
		a.fail(w, r, err)
		return
	}
	a.getPerson(w, r)
}

func (a *API) reactivatePerson(w http.ResponseWriter, r *http.Request) {
	if err := decodeOptional(r, &struct{}{}); err != nil {
		a.fail(w, r, err)
		return
	}
	if err := a.Auth.Reactivate(r.Context(), r.PathValue("id")); err != nil {
		a.fail(w, r, err)
		return
	}
	a.getPerson(w, r)
}

// unlockPerson: POST /api/v1/people/{id}/unlock lifts a lockout (Đ7.6) and
// answers the account's state.
func (a *API) unlockPerson(w http.ResponseWriter, r *http.Request) {
	if err := decodeOptional(r, &struct{}{}); err != nil {
		a.fail(w, r, err)
		return
	}
	if err := a.Auth.Unlock(r.Context(), r.PathValue("id")); err != nil {
		a.fail(w, r, err)
		return
	}
	a.accountState(w, r)
}

type transferBody struct {
	OrgID string `json:"org_id"`
}

func (a *API) transferPerson(w http.ResponseWriter, r *http.Request) {
	var b transferBody
	if err := decodeRequired(r, &b, "org_id", &b.OrgID); err != nil {
		a.fail(w, r, err)
		return
	}
	p, err := a.Dir.Transfer(r.Context(), r.PathValue("id"), b.OrgID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ok(w, p)
}

// offboardPerson: POST /api/v1/people/{id}/offboard {"reason","note","extra"}
// is the one guided action of Đ7.4; it answers the recovery checklist.
func (a *API) offboardPerson(w http.ResponseWriter, r *http.Request) {
	var in auth.OffboardInput
	if err := decode(r, &in); err != nil {
		a.fail(w, r, err)
		return
	}
	off, err := a.Auth.Offboard(r.Context(), r.PathValue("id"), in)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	created(w, off)
}

// disableTOTP: DELETE /api/v1/people/{id}/totp turns two-factor sign-in off
// (a lost phone) and answers the account's state.
func (a *API) disableTOTP(w http.ResponseWriter, r *http.Request) {
	if err := a.Auth.DisableTOTP(r.Context(), r.PathValue("id")); err != nil {
		a.fail(w, r, err)
		return
	}
	a.accountState(w, r)
}

func (a *API) importPeople(w http.ResponseWriter, r *http.Request) {
	a.importFile(w, r, a.Dir.ImportPeople)
}
