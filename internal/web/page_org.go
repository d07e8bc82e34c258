package web

import (
	"net/http"
	"strings"

	"attt/internal/directory"
	"attt/internal/locale"
)

type orgData struct {
	Org     *directory.Org
	Parent  *directory.Org
	Officer *directory.Person
	Units   []directory.Org
	People  []directory.Person
	// Candidates may be designated security officer.
	Candidates []directory.Person
	// Parents are where the organisation may move.
	Parents []directory.Org
}

// orgPage shows one organisation: contacts, security officer, units and
// people, with the forms that change it.
func (s *Server) orgPage(w http.ResponseWriter, r *http.Request) { s.renderOrg(w, r, nil) }

func (s *Server) renderOrg(w http.ResponseWriter, r *http.Request, failure error) {
	ctx := r.Context()
	org, err := s.Dir.GetOrg(ctx, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := orgData{Org: org}
	if org.ParentID != "" {
		d.Parent, _ = s.Dir.GetOrg(ctx, org.ParentID) // outside the reader's scope: not shown
	}
	units, err := s.Dir.ListOrgs(ctx, directory.OrgFilter{Under: org.ID, IncludeRetired: true})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, u := range units {
		if u.ParentID == org.ID {
			d.Units = append(d.Units, u)
		}
	}
	if d.People, err = s.Dir.ListPeople(ctx, directory.PersonFilter{OrgID: org.ID, Limit: 1000}); err != nil {
		s.fail(w, r, err)
		return
	}
	for i, p := range d.People {
		if p.ID == org.OfficerID {
			d.Officer = &d.People[i]
		}
		if p.Status == directory.StatusActive || p.Status == directory.StatusPending {
			d.Candidates = append(d.Candidates, p)
		}
	}
	if d.Officer == nil && org.OfficerID != "" {
		d.Officer, _ = s.Dir.GetPerson(ctx, org.OfficerID)
	}
	all, err := s.orgChoices(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, o := range all {
		if !strings.HasPrefix(o.Path, org.Path) {
			d.Parents = append(d.Parents, o)
		}
	}
	p := s.page(r, locale.T("Đơn vị", "Organisation"), "orgs")
	p.Title = org.Name
	p.Data = d
	if failure != nil {
		s.renderFailed(w, r, "org", p, failure)
		return
	}
	p.Form = map[string]string{"parent_id": org.ParentID, "person_id": org.OfficerID}
	s.render(w, http.StatusOK, "org", p)
}

// orgMove puts the organisation and its units under another parent.
func (s *Server) orgMove(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if _, err := s.Dir.MoveOrg(r.Context(), id, r.FormValue("parent_id")); err != nil {
		s.renderOrg(w, r, err)
		return
	}
	redirectFlash(w, r, "/orgs/"+id, "moved")
}

// orgSetActive deactivates or reactivates the organisation.
func (s *Server) orgSetActive(w http.ResponseWriter, r *http.Request) {
	id, active := r.PathValue("id"), r.FormValue("active") == "1"
	if _, err := s.Dir.SetOrgActive(r.Context(), id, active); err != nil {
		s.renderOrg(w, r, err)
		return
	}
	flash := "deactivated"
	if active {
		flash = "activated"
	}
	redirectFlash(w, r, "/orgs/"+id, flash)
}

// orgDesignate names the organisation's security officer (Đ6.1.b).
func (s *Server) orgDesignate(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := s.Dir.DesignateOfficer(r.Context(), id, r.FormValue("person_id")); err != nil {
		s.renderOrg(w, r, err)
		return
	}
	redirectFlash(w, r, "/orgs/"+id, "officer")
}
