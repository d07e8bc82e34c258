package web

import (
	"net/http"
	"strconv"

	"attt/internal/asset"
	"attt/internal/directory"
	"attt/internal/errs"
	"attt/internal/locale"
)

// agentRoutes registers the endpoint agent pages: enrolment tokens, the
// agents, and the upload of offline report files.
func (s *Server) agentRoutes(page func(pattern string, h http.HandlerFunc)) {
	page("GET /agents", s.agentsPage)
	page("POST /agents/enrolments", s.enrolmentCreate)
	page("POST /agents/enrolments/{id}/revoke", s.enrolmentRevoke)
	page("POST /agents/{id}/revoke", s.agentRevoke)
	page("POST /agents/offline-report", s.offlineUpload)
}

type agentsData struct {
	Orgs       []directory.Org
	Enrolments []asset.Enrolment
	Agents     []asset.Agent
	// Issued is a token just created, shown this once.
	Issued *asset.Enrolment
	Server string
}

func (s *Server) agentsPage(w http.ResponseWriter, r *http.Request) { s.renderAgents(w, r, nil, nil) }

func (s *Server) renderAgents(w http.ResponseWriter, r *http.Request, issued *asset.Enrolment, failure error) {
	ctx := r.Context()
	es, err := s.Assets.ListEnrolments(ctx, "")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	gs, err := s.Assets.ListAgents(ctx, "")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	orgs, err := s.orgChoices(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, locale.T("Tác tử thu thập thông tin máy", "Endpoint agents"), "agents")
	p.Data = agentsData{Orgs: orgs, Enrolments: es, Agents: gs, Issued: issued, Server: s.Cfg.URL()}
	if failure != nil {
		s.renderFailed(w, r, "agents", p, failure)
		return
	}
	s.render(w, http.StatusOK, "agents", p)
}

// enrolmentCreate issues a token and shows it once on the page (no
// redirect: it is never shown again).
func (s *Server) enrolmentCreate(w http.ResponseWriter, r *http.Request) {
	days, _ := strconv.Atoi(r.FormValue("days"))
	e, err := s.Assets.CreateEnrolment(r.Context(), asset.EnrolmentInput{OrgID: r.FormValue("org"), Label: r.FormValue("label"),
		Offline: r.FormValue("offline") == "1", Days: days})
	s.renderAgents(w, r, e, err)
}

func (s *Server) enrolmentRevoke(w http.ResponseWriter, r *http.Request) {
	if err := s.Assets.RevokeEnrolment(r.Context(), r.PathValue("id")); err != nil {
		s.fail(w, r, err)
		return
	}
	redirectFlash(w, r, "/agents", "done")
}

func (s *Server) agentRevoke(w http.ResponseWriter, r *http.Request) {
	if err := s.Assets.RevokeAgent(r.Context(), r.PathValue("id")); err != nil {
		s.fail(w, r, err)
		return
	}
	redirectFlash(w, r, "/agents", "done")
}

// offlineUpload applies the signed report file of the off-network computer.
func (s *Server) offlineUpload(w http.ResponseWriter, r *http.Request) {
	file, _, err := r.FormFile("file")
	if err != nil {
		s.renderAgents(w, r, nil, errs.Wrap(errs.Invalid, locale.T("Hãy chọn tệp báo cáo để tải lên.", "Choose the report file to upload."), err))
		return
	}
	defer file.Close()
	id, err := s.Assets.UploadOffline(r.Context(), file)
	if err != nil {
		s.renderAgents(w, r, nil, err)
		return
	}
	redirectFlash(w, r, "/assets/"+id, "saved")
}
