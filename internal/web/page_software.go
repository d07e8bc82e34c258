package web

import (
	"net/http"
	"net/url"

	"attt/internal/asset"
	"attt/internal/directory"
	"attt/internal/locale"
	"attt/internal/principal"
)

// softwareRoutes registers the approved-software lists and the findings
// of unapproved software (Đ6.2.f).
func (s *Server) softwareRoutes(page func(pattern string, h http.HandlerFunc)) {
	page("GET /software", s.softwarePage)
	page("POST /software/approvals", s.approvalAdd)
	page("POST /software/approvals/{id}/delete", s.approvalRemove)
	page("POST /software/findings/{id}", s.softwareResolve)
}

type softwareData struct {
	Org       *directory.Org
	Orgs      []directory.Org
	Approvals []asset.Approval
	Findings  []asset.Finding
	Status    string
}

// defaultOrg is the organisation a page shows without ?org=: the
// signed-in person's own.
func defaultOrg(r *http.Request) string {
	if org := r.URL.Query().Get("org"); org != "" {
		return org
	}
	if p := principal.From(r.Context()); p != nil {
		return p.OrgID
	}
	return ""
}

// softwarePage shows the list in force for an organisation (its own
// patterns and the province default) and its findings.
func (s *Server) softwarePage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	orgID := defaultOrg(r)
	org, err := s.Dir.GetOrg(ctx, orgID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	list, err := s.Assets.Approvals(ctx, orgID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	status := r.URL.Query().Get("status")
	fs, err := s.Assets.ListFindings(ctx, asset.FindingFilter{OrgID: orgID, Status: asset.FindingStatus(status), Limit: 1000})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	orgs, err := s.orgChoices(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, locale.T("Phần mềm được phép cài đặt", "Approved software"), "software")
	p.Form = map[string]string{"org": orgID, "status": status}
	p.Data = softwareData{Org: org, Orgs: orgs, Approvals: list, Findings: fs, Status: status}
	s.render(w, http.StatusOK, "software", p)
}

func softwareBack(orgID string) string { return "/software?" + url.Values{"org": {orgID}}.Encode() }

func (s *Server) approvalAdd(w http.ResponseWriter, r *http.Request) {
	in := asset.ApprovalInput{OrgID: r.FormValue("org"), Name: r.FormValue("name"), Publisher: r.FormValue("publisher"),
		Version: r.FormValue("version"), Source: r.FormValue("source"), Note: r.FormValue("note")}
	if _, err := s.Assets.AddApproval(r.Context(), in); err != nil {
		s.fail(w, r, err)
		return
	}
	redirectFlash(w, r, softwareBack(in.OrgID), "saved")
}

func (s *Server) approvalRemove(w http.ResponseWriter, r *http.Request) {
	if err := s.Assets.RemoveApproval(r.Context(), r.PathValue("id")); err != nil {
		s.fail(w, r, err)
		return
	}
	redirectFlash(w, r, softwareBack(r.FormValue("org")), "deleted")
}

// softwareResolve applies approve / remove / except to a finding.
func (s *Server) softwareResolve(w http.ResponseWriter, r *http.Request) {
	res := asset.Resolution{Action: r.FormValue("action"), Reason: r.FormValue("reason"), Expires: formDate(r.FormValue("expires"))}
	f, err := s.Assets.ResolveFinding(r.Context(), r.PathValue("id"), res)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	back := softwareBack(f.OrgID)
	if r.FormValue("back") == "asset" {
		back = "/assets/" + f.AssetID
	}
	redirectFlash(w, r, back, "done")
}
