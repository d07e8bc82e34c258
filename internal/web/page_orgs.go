package web

import (
	"net/http"
	"strings"

	"attt/internal/directory"
	"attt/internal/locale"
)

type orgsData struct {
	Orgs []directory.Org
	// NoOfficer marks the active agencies without an active, designated
	// security officer (Đ6.1.b).
	NoOfficer map[string]bool
}

// orgsPage lists the organisation tree in scope, indented by depth.
func (s *Server) orgsPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := directory.OrgFilter{Text: strings.TrimSpace(q.Get("q")), IncludeRetired: q.Get("retired") == "1"}
	orgs, err := s.Dir.ListOrgs(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	flagged, err := s.Dir.OrgsWithoutOfficer(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := orgsData{Orgs: orgs, NoOfficer: map[string]bool{}}
	for _, o := range flagged {
		d.NoOfficer[o.ID] = true
	}
	p := s.page(r, locale.T("Đơn vị", "Organisations"), "orgs")
	p.Form = map[string]string{"q": f.Text, "retired": q.Get("retired")}
	p.Data = d
	s.render(w, http.StatusOK, "orgs", p)
}

type orgFormData struct {
	Org     *directory.Org // nil when creating
	Parents []directory.Org
	Types   []directory.OrgType
}

// orgNewPage shows the form that creates an organisation.
func (s *Server) orgNewPage(w http.ResponseWriter, r *http.Request) {
	s.renderOrgForm(w, r, nil, map[string]string{"parent_id": r.URL.Query().Get("parent"), "type": string(directory.TypeDepartment)}, nil)
}

// orgEditPage shows the form that renames an organisation or changes its
// type, code and contacts.
func (s *Server) orgEditPage(w http.ResponseWriter, r *http.Request) {
	org, err := s.Dir.GetOrg(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderOrgForm(w, r, org, map[string]string{"code": org.Code, "name": org.Name, "type": string(org.Type),
		"email": org.Email, "phone": org.Phone, "address": org.Address}, nil)
}

func (s *Server) renderOrgForm(w http.ResponseWriter, r *http.Request, org *directory.Org, form map[string]string, err error) {
	title := locale.T("Thêm đơn vị", "New organisation")
	if org != nil {
		title = locale.T("Sửa thông tin đơn vị", "Edit organisation")
	}
	p := s.page(r, title, "orgs")
	d := orgFormData{Org: org, Types: directory.OrgTypes()}
	if org == nil {
		var lerr error
		if d.Parents, lerr = s.orgChoices(r); lerr != nil {
			s.fail(w, r, lerr)
			return
		}
	}
	p.Data, p.Form = d, form
	if err != nil {
		s.renderFailed(w, r, "org_form", p, err)
		return
	}
	s.render(w, http.StatusOK, "org_form", p)
}

func orgInput(r *http.Request) directory.OrgInput {
	return directory.OrgInput{Code: r.FormValue("code"), Name: r.FormValue("name"), Type: directory.OrgType(r.FormValue("type")),
		ParentID: r.FormValue("parent_id"), Email: strings.TrimSpace(r.FormValue("email")),
		Phone: strings.TrimSpace(r.FormValue("phone")), Address: strings.TrimSpace(r.FormValue("address"))}
}

// orgCreate creates an organisation under the chosen parent.
func (s *Server) orgCreate(w http.ResponseWriter, r *http.Request) {
	org, err := s.Dir.CreateOrg(r.Context(), orgInput(r))
	if err != nil {
		s.renderOrgForm(w, r, nil, formEcho(r), err)
		return
	}
	redirectFlash(w, r, "/orgs/"+org.ID, "created")
}

// orgUpdate saves the edit form.
func (s *Server) orgUpdate(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if _, err := s.Dir.UpdateOrg(r.Context(), id, orgInput(r)); err != nil {
		org, gerr := s.Dir.GetOrg(r.Context(), id)
		if gerr != nil {
			s.fail(w, r, err)
			return
		}
		s.renderOrgForm(w, r, org, formEcho(r), err)
		return
	}
	redirectFlash(w, r, "/orgs/"+id, "saved")
}
