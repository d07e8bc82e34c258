package web

import (
	"net/http"
	"strings"
	"time"

	"attt/internal/directory"
	"attt/internal/locale"
	"attt/internal/principal"
)

type peopleData struct {
	People   []directory.Person
	Orgs     []directory.Org
	Statuses []directory.Status
	Pager    pager
}

// peoplePageSize is how many people one page of the list shows.
const peoplePageSize = 100

func statuses() []directory.Status {
	return []directory.Status{directory.StatusPending, directory.StatusActive, directory.StatusSuspended, directory.StatusOffboarded}
}

// peoplePage lists the people in scope, filtered by organisation subtree,
// status and text.
func (s *Server) peoplePage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := directory.PersonFilter{OrgID: q.Get("org"), Status: directory.Status(q.Get("status")), Text: strings.TrimSpace(q.Get("q")),
		Limit: peoplePageSize, Offset: offsetParam(r)}
	people, err := s.Dir.ListPeople(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	total, err := s.Dir.CountPeople(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	orgs, err := s.orgChoices(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, locale.T("Người dùng", "People"), "people")
	p.Form = map[string]string{"org": f.OrgID, "status": string(f.Status), "q": f.Text}
	p.Data = peopleData{People: people, Orgs: orgs, Statuses: statuses(), Pager: newPager(r, f.Offset, peoplePageSize, len(people), total)}
	s.render(w, http.StatusOK, "people", p)
}

type personFormData struct {
	Orgs  []directory.Org
	Roles []principal.Role
}

// personNewPage shows the form that creates an account.
func (s *Server) personNewPage(w http.ResponseWriter, r *http.Request) {
	s.renderPersonForm(w, r, map[string]string{"org_id": r.URL.Query().Get("org")}, nil)
}

func (s *Server) renderPersonForm(w http.ResponseWriter, r *http.Request, form map[string]string, err error) {
	orgs, oerr := s.orgChoices(r)
	if oerr != nil {
		s.fail(w, r, oerr)
		return
	}
	p := s.page(r, locale.T("Thêm người dùng", "New person"), "people")
	p.Data, p.Form = personFormData{Orgs: orgs, Roles: grantableRoles()}, form
	if err != nil {
		s.renderFailed(w, r, "person_form", p, err)
		return
	}
	s.render(w, http.StatusOK, "person_form", p)
}

// personCreate creates a pending account and shows its one-time activation
// link for the officer to hand over: nobody ever gets a default password.
func (s *Server) personCreate(w http.ResponseWriter, r *http.Request) {
	in := directory.PersonInput{Login: r.FormValue("login"), FullName: r.FormValue("full_name"), Email: r.FormValue("email"),
		Phone: r.FormValue("phone"), Title: r.FormValue("title"), OrgID: r.FormValue("org_id"), Roles: rolesOf(r)}
	person, err := s.Dir.CreatePerson(r.Context(), in)
	if err != nil {
		s.renderPersonForm(w, r, formEcho(r), err)
		return
	}
	s.issueLink(w, r, person, true)
}

type linkIssuedData struct {
	Person  *directory.Person
	Created bool
	URL     string
	Expires time.Time
}

// issueLink issues a one-time activation or reset link for person and
// shows it once; it is never put in a URL of attt itself, so it does not
// linger in histories or logs.
func (s *Server) issueLink(w http.ResponseWriter, r *http.Request, person *directory.Person, created bool) {
	p := s.page(r, locale.T("Đường dẫn kích hoạt", "Activation link"), "people")
	d := linkIssuedData{Person: person, Created: created}
	token, exp, err := s.Auth.IssueLink(r.Context(), person.ID)
	if err == nil {
		d.URL, d.Expires = s.Cfg.URL()+"/link/"+token, exp
	}
	p.Data = d
	if err != nil {
		s.renderFailed(w, r, "person_link", p, err)
		return
	}
	s.render(w, http.StatusOK, "person_link", p)
}
