package web

import (
	"net/http"

	"attt/internal/auth"
	"attt/internal/directory"
	"attt/internal/locale"
	"attt/internal/principal"
)

type personData struct {
	Person       *directory.Person
	State        *auth.AccountState
	Grants       []directory.GrantRecord
	History      []directory.Membership
	Offboardings []auth.Offboarding
	Orgs         []directory.Org
	Roles        []principal.Role
	Self         bool
}

// personPage shows one person: status, account state, grants, where they
// worked, and the lifecycle actions (Đ7.4).
func (s *Server) personPage(w http.ResponseWriter, r *http.Request) { s.renderPerson(w, r, nil) }

func (s *Server) renderPerson(w http.ResponseWriter, r *http.Request, failure error) {
	ctx := r.Context()
	id := r.PathValue("id")
	person, err := s.Dir.GetPerson(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := personData{Person: person, Roles: principal.Roles(), Self: principal.From(ctx).PersonID == id}
	if d.State, err = s.Auth.State(ctx, id); err == nil {
		if d.Grants, err = s.Dir.ListGrants(ctx, id); err == nil {
			if d.History, err = s.Dir.History(ctx, id); err == nil {
				d.Orgs, err = s.orgChoices(r)
			}
		}
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	offs, err := s.Auth.Offboardings(ctx, person.OrgID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, o := range offs {
		if o.PersonID == id {
			d.Offboardings = append(d.Offboardings, o)
		}
	}
	p := s.page(r, locale.T("Người dùng", "Person"), "people")
	p.Title = person.FullName
	p.Data = d
	if failure != nil {
		s.renderFailed(w, r, "person", p, failure)
		return
	}
	p.Form = map[string]string{"org_id": person.OrgID}
	s.render(w, http.StatusOK, "person", p)
}

// personEditPage shows the form that changes a person's name, contacts and
// title.
func (s *Server) personEditPage(w http.ResponseWriter, r *http.Request) {
	person, err := s.Dir.GetPerson(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, locale.T("Sửa thông tin người dùng", "Edit person"), "people")
	p.Data = person
	p.Form = map[string]string{"full_name": person.FullName, "email": person.Email, "phone": person.Phone, "title": person.Title}
	s.render(w, http.StatusOK, "person_edit", p)
}

// personUpdate saves the edit form.
func (s *Server) personUpdate(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	in := directory.PersonInput{FullName: r.FormValue("full_name"), Email: r.FormValue("email"), Phone: r.FormValue("phone"), Title: r.FormValue("title")}
	if _, err := s.Dir.UpdatePerson(r.Context(), id, in); err != nil {
		person, gerr := s.Dir.GetPerson(r.Context(), id)
		if gerr != nil {
			s.fail(w, r, err)
			return
		}
		p := s.page(r, locale.T("Sửa thông tin người dùng", "Edit person"), "people")
		p.Data = person
		s.renderFailed(w, r, "person_edit", p, err)
		return
	}
	redirectFlash(w, r, "/people/"+id, "saved")
}
