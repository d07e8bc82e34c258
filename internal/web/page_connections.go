package web

import (
	"net/http"
	"strings"

	"attt/internal/asset"
	"attt/internal/directory"
	"attt/internal/locale"
)

// connectionRoutes registers the pages of connections to the provincial
// data integration centre (Đ9).
func (s *Server) connectionRoutes(page func(pattern string, h http.HandlerFunc)) {
	page("GET /connections", s.connectionsPage)
	page("POST /connections", s.connectionRegister)
	page("GET /connections/{id}", s.connectionPage)
	page("POST /connections/{id}", s.connectionUpdate)
	page("POST /connections/{id}/decision", s.connectionDecide)
}

type connectionsData struct {
	Connections []asset.Connection
	Orgs        []directory.Org
}

func (s *Server) connectionsPage(w http.ResponseWriter, r *http.Request) {
	s.renderConnections(w, r, map[string]string{"org": defaultOrg(r)}, nil)
}

func (s *Server) renderConnections(w http.ResponseWriter, r *http.Request, form map[string]string, failure error) {
	list, err := s.Assets.ListConnections(r.Context(), "", asset.ConnStatus(r.URL.Query().Get("status")))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	orgs, err := s.orgChoices(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, locale.T("Kết nối Trung tâm tích hợp dữ liệu", "Data integration centre connections"), "connections")
	p.Data, p.Form = connectionsData{Connections: list, Orgs: orgs}, form
	if failure != nil {
		s.renderFailed(w, r, "connections", p, failure)
		return
	}
	s.render(w, http.StatusOK, "connections", p)
}

func connectionInput(r *http.Request) asset.ConnectionInput {
	return asset.ConnectionInput{OrgID: r.FormValue("org"), Name: r.FormValue("name"), Purpose: r.FormValue("purpose"),
		Endpoints: strings.Split(r.FormValue("endpoints"), "\n"), DataExchanged: r.FormValue("data_exchanged"), Responsible: r.FormValue("responsible"),
		ResponsibleContact: r.FormValue("responsible_contact"), PolicyAck: r.FormValue("policy_ack") == "1"}
}

func (s *Server) connectionRegister(w http.ResponseWriter, r *http.Request) {
	c, err := s.Assets.RegisterConnection(r.Context(), connectionInput(r))
	if err != nil {
		s.renderConnections(w, r, formEcho(r), err)
		return
	}
	redirectFlash(w, r, "/connections/"+c.ID, "created")
}

func (s *Server) connectionPage(w http.ResponseWriter, r *http.Request) {
	s.renderConnection(w, r, nil, nil)
}

func (s *Server) renderConnection(w http.ResponseWriter, r *http.Request, form map[string]string, failure error) {
	c, err := s.Assets.GetConnection(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if form == nil {
		form = map[string]string{"name": c.Name, "purpose": c.Purpose, "endpoints": strings.Join(c.Endpoints, "\n"), "data_exchanged": c.DataExchanged,
			"responsible": c.Responsible, "responsible_contact": c.ResponsibleContact}
	}
	p := s.page(r, locale.T("Kết nối Trung tâm tích hợp dữ liệu", "Data integration centre connection"), "connections")
	p.Data, p.Form = c, form
	if failure != nil {
		s.renderFailed(w, r, "connection", p, failure)
		return
	}
	s.render(w, http.StatusOK, "connection", p)
}

func (s *Server) connectionUpdate(w http.ResponseWriter, r *http.Request) {
	if _, err := s.Assets.UpdateConnection(r.Context(), r.PathValue("id"), connectionInput(r)); err != nil {
		s.renderConnection(w, r, formEcho(r), err)
		return
	}
	redirectFlash(w, r, "/connections/"+r.PathValue("id"), "saved")
}

func (s *Server) connectionDecide(w http.ResponseWriter, r *http.Request) {
	d := asset.Decision{Action: r.FormValue("action"), Note: r.FormValue("note")}
	if _, err := s.Assets.DecideConnection(r.Context(), r.PathValue("id"), d); err != nil {
		s.renderConnection(w, r, nil, err)
		return
	}
	redirectFlash(w, r, "/connections/"+r.PathValue("id"), "done")
}
