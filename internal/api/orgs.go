package api

import (
	"net/http"

	"attt/internal/directory"
)

// listOrgs: GET /api/v1/orgs?q=&under=&all= — the organisations in the
// caller's scope, in tree order; all=true includes deactivated ones.
func (a *API) listOrgs(w http.ResponseWriter, r *http.Request) {
	all, err := boolParam(r, "all")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	limit, offset, err := pageParams(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	orgs, err := a.Dir.ListOrgs(r.Context(), directory.OrgFilter{Under: q.Get("under"), Text: q.Get("q"), IncludeRetired: all, Limit: limit, Offset: offset})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	list(w, orgs)
}

// createOrg: POST /api/v1/orgs {"code","name","type","parent_id",…}.
func (a *API) createOrg(w http.ResponseWriter, r *http.Request) {
	var in directory.OrgInput
	if err := decode(r, &in); err != nil {
		a.fail(w, r, err)
		return
	}
	org, err := a.Dir.CreateOrg(r.Context(), in)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	created(w, org)
}

func (a *API) getOrg(w http.ResponseWriter, r *http.Request) {
	org, err := a.Dir.GetOrg(r.Context(), r.PathValue("id"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ok(w, org)
}

// orgPatch is PATCH /api/v1/orgs/{id}: absent fields keep their value. The
// parent changes only through /move, so a parent_id here is refused.
type orgPatch struct {
	Code    *string            `json:"code"`
	Name    *string            `json:"name"`
	Type    *directory.OrgType `json:"type"`
	Email   *string            `json:"email"`
	Phone   *string            `json:"phone"`
	Address *string            `json:"address"`
}

func (a *API) updateOrg(w http.ResponseWriter, r *http.Request) {
	var p orgPatch
	if err := decode(r, &p); err != nil {
		a.fail(w, r, err)
		return
	}
	cur, err := a.Dir.GetOrg(r.Context(), r.PathValue("id"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	in := directory.OrgInput{Code: cur.Code, Name: cur.Name, Type: cur.Type, ParentID: cur.ParentID, Email: cur.Email, Phone: cur.Phone, Address: cur.Address}
	set(&in.Code, p.Code)
	set(&in.Name, p.Name)
	set(&in.Type, p.Type)
	set(&in.Email, p.Email)
	set(&in.Phone, p.Phone)
	set(&in.Address, p.Address)
	org, err := a.Dir.UpdateOrg(r.Context(), cur.ID, in)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ok(w, org)
}

// set copies a patch field that is present.
func set[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

type moveBody struct {
	ParentID string `json:"parent_id"`
}

func (a *API) moveOrg(w http.ResponseWriter, r *http.Request) {
	var b moveBody
	if err := decodeRequired(r, &b, "parent_id", &b.ParentID); err != nil {
		a.fail(w, r, err)
		return
	}
	org, err := a.Dir.MoveOrg(r.Context(), r.PathValue("id"), b.ParentID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ok(w, org)
}

func (a *API) deactivateOrg(w http.ResponseWriter, r *http.Request) { a.setOrgActive(w, r, false) }
func (a *API) activateOrg(w http.ResponseWriter, r *http.Request)   { a.setOrgActive(w, r, true) }

func (a *API) setOrgActive(w http.ResponseWriter, r *http.Request, active bool) {
	if err := decodeOptional(r, &struct{}{}); err != nil {
		a.fail(w, r, err)
		return
	}
	org, err := a.Dir.SetOrgActive(r.Context(), r.PathValue("id"), active)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ok(w, org)
}

type officerBody struct {
	PersonID string `json:"person_id"`
}

// designateOfficer: PUT /api/v1/orgs/{id}/officer {"person_id"} names the
// agency's security officer (Đ6.1.b) and answers the organisation.
func (a *API) designateOfficer(w http.ResponseWriter, r *http.Request) {
	var b officerBody
	if err := decodeRequired(r, &b, "person_id", &b.PersonID); err != nil {
		a.fail(w, r, err)
		return
	}
	id := r.PathValue("id")
	if err := a.Dir.DesignateOfficer(r.Context(), id, b.PersonID); err != nil {
		a.fail(w, r, err)
		return
	}
	a.getOrg(w, r)
}

// orgsWithoutOfficer: GET /api/v1/orgs/without-officer — active agencies in
// scope with no active designated security officer (Đ6.1.b).
func (a *API) orgsWithoutOfficer(w http.ResponseWriter, r *http.Request) {
	orgs, err := a.Dir.OrgsWithoutOfficer(r.Context())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	list(w, orgs)
}

func (a *API) importOrgs(w http.ResponseWriter, r *http.Request) {
	a.importFile(w, r, a.Dir.ImportOrgs)
}
