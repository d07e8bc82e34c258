package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"attt/internal/asset"
	"attt/internal/directory"
	"attt/internal/directory/importfile"
	"attt/internal/export"
	"attt/internal/locale"
)

// assetRoutes registers the pages of assets and technical controls (S4).
func (s *Server) assetRoutes(page func(pattern string, h http.HandlerFunc)) {
	page("GET /assets", s.assetsPage)
	page("GET /assets/coverage", s.coveragePage)
	page("GET /assets/new", s.assetNewPage)
	page("POST /assets", s.assetCreate)
	page("GET /assets/import", s.importPage(importfile.KindAssets))
	page("POST /assets/import", s.importSubmit(importfile.KindAssets))
	for _, f := range []export.Format{export.XLSX, export.CSV} {
		page("GET /assets/export."+string(f), s.assetsExport(f))
	}
	page("GET /assets/{id}", s.assetPage)
	page("GET /assets/{id}/edit", s.assetEditPage)
	page("POST /assets/{id}", s.assetUpdate)
	page("POST /assets/{id}/retired", s.assetRetired)
	page("POST /assets/{id}/controls/{control}", s.assetDeclare)
	s.softwareRoutes(page)
	s.agentRoutes(page)
	s.connectionRoutes(page)
}

// assetFilter reads the filters of /assets and its downloads.
func assetFilter(q url.Values) asset.Filter {
	return asset.Filter{OrgID: q.Get("org"), Kind: asset.Kind(q.Get("kind")), Text: strings.TrimSpace(q.Get("q")),
		Control: asset.ControlKind(q.Get("control")), Status: asset.Status(q.Get("status")), Seen: q.Get("seen"),
		Retired: q.Get("retired") == "1", Secret: q.Get("secret") == "1", Limit: 2000}
}

type assetsData struct {
	Assets   []asset.Asset
	Orgs     []directory.Org
	Kinds    []asset.Kind
	Controls []asset.ControlKind
	// Showing names the filter a coverage link set, e.g. "Antivirus:
	// failing", "" without one.
	Showing string
	Query   string
}

// assetsPage lists the inventory; the coverage dashboard links here with
// control/status or seen filters.
func (s *Server) assetsPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := assetFilter(q)
	list, err := s.Assets.List(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	orgs, err := s.orgChoices(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, locale.T("Tài sản công nghệ thông tin", "IT assets"), "assets")
	d := assetsData{Assets: list, Orgs: orgs, Kinds: asset.Kinds(), Controls: asset.ControlKinds(), Query: r.URL.RawQuery}
	switch {
	case f.Control != "" && f.Status != "":
		d.Showing = p.T(f.Control.Label()) + ": " + p.T(f.Status.Label())
	case f.Seen == "never":
		d.Showing = p.Tr("Máy chưa từng có tác tử báo cáo", "Computers never seen by an agent")
	case f.Seen == "stale", f.Seen == "unseen":
		d.Showing = p.Tr("Máy có tác tử ngừng báo cáo", "Computers whose agent stopped reporting")
	case f.Secret:
		d.Showing = p.Tr("Máy soạn thảo tài liệu mật", "Secret-document computers")
	}
	p.Form = map[string]string{"org": f.OrgID, "kind": string(f.Kind), "q": f.Text, "control": string(f.Control), "status": string(f.Status),
		"seen": f.Seen, "retired": q.Get("retired"), "secret": q.Get("secret")}
	p.Data = d
	s.render(w, http.StatusOK, "assets", p)
}

func (s *Server) assetsExport(format export.Format) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		file, err := export.Assets(r.Context(), s.Assets, assetFilter(r.URL.Query()), format)
		s.sendExport(w, r, file, err)
	}
}

type assetFormData struct {
	Asset          *asset.Asset
	Orgs           []directory.Org
	Kinds          []asset.Kind
	Criticalities  []asset.Criticality
	SecurityLevels []int
}

func (s *Server) assetNewPage(w http.ResponseWriter, r *http.Request) {
	s.renderAssetForm(w, r, nil, map[string]string{"org": r.URL.Query().Get("org"), "kind": "server", "criticality": "medium"}, nil)
}

func (s *Server) assetEditPage(w http.ResponseWriter, r *http.Request) {
	a, err := s.Assets.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	form := map[string]string{"org": a.OrgID, "kind": string(a.Kind), "name": a.Name, "owner": a.Owner, "location": a.Location,
		"criticality": string(a.Criticality), "addresses": strings.Join(a.Addresses, "\n"), "hostnames": strings.Join(a.Hostnames, "\n"),
		"security_level": strconv.Itoa(a.SecurityLevel), "level_decision": a.LevelDecision, "level_approved_by": a.LevelApprovedBy,
		"backup_every_hours": strconv.Itoa(a.BackupEveryHours), "notes": a.Notes}
	if !a.LevelApprovedAt.IsZero() {
		form["level_approved_at"] = a.LevelApprovedAt.In(locale.Zone).Format("2006-01-02")
	}
	if a.SecretMachine {
		form["secret_machine"] = "1"
	}
	s.renderAssetForm(w, r, a, form, nil)
}

func (s *Server) renderAssetForm(w http.ResponseWriter, r *http.Request, a *asset.Asset, form map[string]string, err error) {
	orgs, oerr := s.orgChoices(r)
	if oerr != nil {
		s.fail(w, r, oerr)
		return
	}
	title := locale.T("Thêm tài sản", "Add an asset")
	if a != nil {
		title = locale.T("Sửa tài sản", "Edit asset")
	}
	p := s.page(r, title, "assets")
	p.Data = assetFormData{Asset: a, Orgs: orgs, Kinds: asset.Kinds(), Criticalities: asset.Criticalities(), SecurityLevels: []int{1, 2, 3, 4, 5}}
	p.Form = form
	if err != nil {
		s.renderFailed(w, r, "asset_form", p, err)
		return
	}
	s.render(w, http.StatusOK, "asset_form", p)
}

// formDate reads an <input type=date> value as a day in Asia/Ho_Chi_Minh.
func formDate(v string) time.Time {
	t, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(v), locale.Zone)
	if err != nil {
		return time.Time{}
	}
	return t
}

func assetInput(r *http.Request) asset.Input {
	in := asset.Input{OrgID: r.FormValue("org"), Kind: asset.Kind(r.FormValue("kind")), Name: r.FormValue("name"), Owner: r.FormValue("owner"),
		Location: r.FormValue("location"), Criticality: asset.Criticality(r.FormValue("criticality")),
		Addresses: strings.Fields(strings.ReplaceAll(r.FormValue("addresses"), ",", " ")), Hostnames: strings.Fields(strings.ReplaceAll(r.FormValue("hostnames"), ",", " ")),
		LevelDecision: r.FormValue("level_decision"), LevelApprovedBy: r.FormValue("level_approved_by"), LevelApprovedAt: formDate(r.FormValue("level_approved_at")),
		SecretMachine: r.FormValue("secret_machine") == "1", Notes: r.FormValue("notes")}
	in.SecurityLevel, _ = strconv.Atoi(r.FormValue("security_level"))
	if v := strings.TrimSpace(r.FormValue("backup_every_hours")); v != "" {
		if n, err := strconv.Atoi(v); err == nil {
			in.BackupEveryHours = n
		} else {
			in.BackupEveryHours = -1 // refused by the service with its message
		}
	}
	return in
}

func (s *Server) assetCreate(w http.ResponseWriter, r *http.Request) {
	a, err := s.Assets.Create(r.Context(), assetInput(r))
	if err != nil {
		s.renderAssetForm(w, r, nil, formEcho(r), err)
		return
	}
	redirectFlash(w, r, "/assets/"+a.ID, "created")
}

func (s *Server) assetUpdate(w http.ResponseWriter, r *http.Request) {
	a, err := s.Assets.Update(r.Context(), r.PathValue("id"), assetInput(r))
	if err != nil {
		cur, _ := s.Assets.Get(r.Context(), r.PathValue("id"))
		s.renderAssetForm(w, r, cur, formEcho(r), err)
		return
	}
	redirectFlash(w, r, "/assets/"+a.ID, "saved")
}

func (s *Server) assetRetired(w http.ResponseWriter, r *http.Request) {
	if _, err := s.Assets.SetRetired(r.Context(), r.PathValue("id"), r.FormValue("retired") == "1"); err != nil {
		s.fail(w, r, err)
		return
	}
	redirectFlash(w, r, "/assets/"+r.PathValue("id"), "saved")
}

type assetData struct {
	Asset    *asset.Asset
	Controls []asset.Control
	Software []asset.Software
	Findings []asset.Finding
}

// assetPage shows one asset: its details, each control with its date,
// source and evidence (and a form to declare it), and what the agent
// reported.
func (s *Server) assetPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	a, err := s.Assets.Get(ctx, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cs, err := s.Assets.Controls(ctx, a.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sw, err := s.Assets.SoftwareOf(ctx, a.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	fs, err := s.Assets.ListFindings(ctx, asset.FindingFilter{AssetID: a.ID, Status: "all", Limit: 500})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, locale.T("Tài sản", "Asset"), "assets")
	p.Data = assetData{Asset: a, Controls: cs, Software: sw, Findings: fs}
	s.render(w, http.StatusOK, "asset", p)
}

// assetDeclare records a person's declaration of one control.
func (s *Server) assetDeclare(w http.ResponseWriter, r *http.Request) {
	in := asset.ControlInput{Kind: asset.ControlKind(r.PathValue("control")), Done: r.FormValue("done") == "1", Running: r.FormValue("running") == "1",
		Networked: r.FormValue("networked") == "1", Product: r.FormValue("product"), SignaturesAt: formDate(r.FormValue("signatures_at")),
		LastBackupAt: formDate(r.FormValue("last_backup_at")), LastRestoreAt: formDate(r.FormValue("last_restore_at")), Evidence: r.FormValue("evidence")}
	if _, err := s.Assets.Declare(r.Context(), r.PathValue("id"), in); err != nil {
		s.fail(w, r, err)
		return
	}
	redirectFlash(w, r, "/assets/"+r.PathValue("id"), "saved")
}
