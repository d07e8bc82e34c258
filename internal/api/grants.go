package api

import (
	"net/http"

	"attt/internal/directory"
	"attt/internal/principal"
)

// listGrants: GET /api/v1/people/{id}/grants — the roles a person holds,
// each on an organisation subtree.
func (a *API) listGrants(w http.ResponseWriter, r *http.Request) {
	gs, err := a.Dir.ListGrants(r.Context(), r.PathValue("id"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	list(w, gs)
}

type grantBody struct {
	PersonID string         `json:"person_id"`
	OrgID    string         `json:"org_id"`
	Role     principal.Role `json:"role"`
}

// createGrant: POST /api/v1/grants {"person_id","org_id","role"} gives the
// role on the organisation's subtree and answers the new grant.
func (a *API) createGrant(w http.ResponseWriter, r *http.Request) {
	var b grantBody
	if err := decodeRequired(r, &b, "person_id", &b.PersonID); err != nil {
		a.fail(w, r, err)
		return
	}
	if err := required("org_id", b.OrgID); err != nil {
		a.fail(w, r, err)
		return
	}
	if err := required("role", string(b.Role)); err != nil {
		a.fail(w, r, err)
		return
	}
	if err := a.Dir.Grant(r.Context(), b.PersonID, b.OrgID, b.Role); err != nil {
		a.fail(w, r, err)
		return
	}
	gs, err := a.Dir.ListGrants(r.Context(), b.PersonID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	for _, g := range gs {
		if g.OrgID == b.OrgID && g.Role == b.Role {
			created(w, g)
			return
		}
	}
	created(w, directory.GrantRecord{PersonID: b.PersonID, OrgID: b.OrgID, Role: b.Role})
}

// revokeGrant: DELETE /api/v1/grants/{id}.
func (a *API) revokeGrant(w http.ResponseWriter, r *http.Request) {
	if err := a.Dir.Revoke(r.Context(), r.PathValue("id")); err != nil {
		a.fail(w, r, err)
		return
	}
	done(w)
}
