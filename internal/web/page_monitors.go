package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"attt/internal/chart"
	"attt/internal/directory"
	"attt/internal/directory/importfile"
	"attt/internal/locale"
	"attt/internal/webmon"
)

// monitorRoutes registers the website-monitoring pages (S6).
func (s *Server) monitorRoutes(page func(pattern string, h http.HandlerFunc)) {
	page("GET /monitors", s.monitorsPage)
	page("GET /monitors/new", s.monitorNewPage)
	page("GET /monitors/import", s.importPage(importfile.KindMonitors))
	page("POST /monitors/import", s.importSubmit(importfile.KindMonitors))
	page("GET /monitors/terms", s.monitorTermsPage)
	page("POST /monitors/terms", s.monitorTermsSave)
	page("POST /monitors", s.monitorCreate)
	page("GET /monitors/{id}", s.monitorPage)
	page("POST /monitors/{id}", s.monitorUpdate)
	page("POST /monitors/{id}/check", s.monitorCheck)
	page("POST /monitors/{id}/enabled", s.monitorEnabled)
	page("GET /findings", s.findingsPage)
	page("GET /findings/{id}", s.findingPage)
	page("POST /findings/{id}/accept", s.findingAccept)
	page("POST /findings/{id}/confirm", s.findingConfirm)
}

type monitorsData struct {
	Monitors []webmon.Monitor
	Orgs     []directory.Org
	Now      time.Time
}

// monitorsPage shows the current state of every site in scope.
func (s *Server) monitorsPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := webmon.MonitorFilter{OrgID: q.Get("org"), State: q.Get("state"), Text: strings.TrimSpace(q.Get("q")), Problems: q.Get("problems") == "1", Limit: 1000}
	ms, err := s.Monitors.ListMonitors(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	orgs, err := s.orgChoices(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, locale.T("Giám sát trang thông tin điện tử", "Website monitoring"), "monitors")
	p.Form = map[string]string{"org": f.OrgID, "state": f.State, "q": f.Text, "problems": q.Get("problems")}
	p.Data = monitorsData{Monitors: ms, Orgs: orgs, Now: s.Now()}
	s.render(w, http.StatusOK, "monitors", p)
}

type monitorFormData struct {
	Orgs    []directory.Org
	Monitor *webmon.Monitor
}

func (s *Server) monitorNewPage(w http.ResponseWriter, r *http.Request) {
	s.renderMonitorForm(w, r, nil, map[string]string{"org": r.URL.Query().Get("org"), "interval": "5m", "crawl_depth": "1", "max_pages": "20", "alert_after": "3"}, nil)
}

func (s *Server) renderMonitorForm(w http.ResponseWriter, r *http.Request, m *webmon.Monitor, form map[string]string, err error) {
	orgs, oerr := s.orgChoices(r)
	if oerr != nil {
		s.fail(w, r, oerr)
		return
	}
	p := s.page(r, locale.T("Đăng ký giám sát trang", "Register a site"), "monitors")
	p.Data, p.Form = monitorFormData{Orgs: orgs, Monitor: m}, form
	if err != nil {
		s.renderFailed(w, r, "monitor_form", p, err)
		return
	}
	s.render(w, http.StatusOK, "monitor_form", p)
}

// monitorInput reads the monitor form.
func monitorInput(r *http.Request) webmon.MonitorInput {
	in := webmon.MonitorInput{OrgID: r.FormValue("org"), Name: r.FormValue("name"), URL: r.FormValue("url"),
		AllowedDomains: strings.Split(r.FormValue("allowed_domains"), "\n"), IgnoreSelectors: strings.Split(r.FormValue("ignore_selectors"), "\n"),
		IgnorePatterns: strings.Split(r.FormValue("ignore_patterns"), "\n")}
	if d, err := time.ParseDuration(strings.TrimSpace(r.FormValue("interval"))); err == nil {
		in.Interval = webmon.Duration(d)
	} else if r.FormValue("interval") != "" {
		in.Interval = -1 // refused by the service with its message
	}
	if n, err := strconv.Atoi(r.FormValue("crawl_depth")); err == nil {
		in.CrawlDepth = &n
	}
	in.MaxPages, _ = strconv.Atoi(r.FormValue("max_pages"))
	in.AlertAfter, _ = strconv.Atoi(r.FormValue("alert_after"))
	return in
}

func (s *Server) monitorCreate(w http.ResponseWriter, r *http.Request) {
	m, err := s.Monitors.CreateMonitor(r.Context(), monitorInput(r))
	if err != nil {
		s.renderMonitorForm(w, r, nil, formEcho(r), err)
		return
	}
	redirectFlash(w, r, "/monitors/"+m.ID, "created")
}

func (s *Server) monitorUpdate(w http.ResponseWriter, r *http.Request) {
	m, err := s.Monitors.UpdateMonitor(r.Context(), r.PathValue("id"), monitorInput(r))
	if err != nil {
		cur, _ := s.Monitors.GetMonitor(r.Context(), r.PathValue("id"))
		s.renderMonitorForm(w, r, cur, formEcho(r), err)
		return
	}
	redirectFlash(w, r, "/monitors/"+m.ID, "saved")
}

type monitorData struct {
	Monitor  *webmon.Monitor
	Orgs     []directory.Org
	Findings []webmon.Finding
	Uptime   any
	Response any
	CertDays int
	Form     map[string]string
}

// monitorPage shows one site: state, certificate, DNS, history charts,
// open findings, and its settings.
func (s *Server) monitorPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	m, err := s.Monitors.GetMonitor(ctx, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	fs, err := s.Monitors.ListFindings(ctx, webmon.FindingFilter{MonitorID: m.ID, Status: "all", Limit: 50})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	days, err := s.Monitors.History(ctx, m.ID, 30)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	hours, err := s.Monitors.History(ctx, m.ID, 2)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	lang := locale.FromContext(ctx)
	uptime := chart.Bars{Title: locale.T("Tỷ lệ hoạt động theo ngày (30 ngày)", "Daily uptime (30 days)").In(lang), Unit: "%", Max: 100}
	for _, pt := range days {
		cls := ""
		if pt.Uptime() < 99 {
			cls = "bad"
		}
		uptime.Bars = append(uptime.Bars, chart.Bar{Value: pt.Uptime(), Label: pt.Start.In(locale.Zone).Format("02/01"), Class: cls,
			Title: fmt.Sprintf("%s: %.1f%% (%d/%d)", locale.Date(pt.Start), pt.Uptime(), pt.Ups, pt.Checks)})
	}
	response := chart.Bars{Title: locale.T("Thời gian phản hồi trung bình theo giờ (48 giờ)", "Average response time per hour (48 hours)").In(lang), Unit: " ms"}
	for _, pt := range hours {
		response.Bars = append(response.Bars, chart.Bar{Value: float64(pt.AvgMS), Label: pt.Start.In(locale.Zone).Format("15h"),
			Title: fmt.Sprintf("%s: %d ms (max %d ms)", locale.DateTime(pt.Start), pt.AvgMS, pt.MaxMS)})
	}
	orgs, err := s.orgChoices(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, locale.T("Trang được giám sát", "Monitored site"), "monitors")
	p.Data = monitorData{Monitor: m, Orgs: orgs, Findings: fs, Uptime: uptime.SVG(), Response: response.SVG(), CertDays: m.CertDaysLeft(s.Now())}
	p.Form = map[string]string{"org": m.OrgID, "name": m.Name, "url": m.URL, "interval": time.Duration(m.Interval).String(),
		"crawl_depth": strconv.Itoa(m.CrawlDepth), "max_pages": strconv.Itoa(m.MaxPages), "alert_after": strconv.Itoa(m.AlertAfter),
		"allowed_domains": strings.Join(m.AllowedDomains, "\n"), "ignore_selectors": strings.Join(m.IgnoreSelectors, "\n"),
		"ignore_patterns": strings.Join(m.IgnorePatterns, "\n")}
	s.render(w, http.StatusOK, "monitor", p)
}

// monitorCheck runs a check now and shows the site with its findings.
func (s *Server) monitorCheck(w http.ResponseWriter, r *http.Request) {
	if _, err := s.Monitors.CheckNow(r.Context(), r.PathValue("id")); err != nil {
		s.fail(w, r, err)
		return
	}
	redirectFlash(w, r, "/monitors/"+r.PathValue("id"), "checked")
}

func (s *Server) monitorEnabled(w http.ResponseWriter, r *http.Request) {
	if _, err := s.Monitors.SetMonitorEnabled(r.Context(), r.PathValue("id"), r.FormValue("enabled") == "1"); err != nil {
		s.fail(w, r, err)
		return
	}
	redirectFlash(w, r, "/monitors/"+r.PathValue("id"), "saved")
}

// findingsPage lists open findings (or all with ?status=all).
func (s *Server) findingsPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	fs, err := s.Monitors.ListFindings(r.Context(), webmon.FindingFilter{OrgID: q.Get("org"), Status: webmon.FindingStatus(q.Get("status")), Limit: 500})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, locale.T("Phát hiện bất thường", "Findings"), "monitors")
	p.Form = map[string]string{"status": q.Get("status")}
	p.Data = fs
	s.render(w, http.StatusOK, "findings", p)
}

// findingPage shows a finding's evidence: diff, signs, variants side by side.
func (s *Server) findingPage(w http.ResponseWriter, r *http.Request) {
	f, err := s.Monitors.GetFinding(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, locale.T("Phát hiện", "Finding"), "monitors")
	p.Data = f
	s.render(w, http.StatusOK, "finding", p)
}

func (s *Server) findingAccept(w http.ResponseWriter, r *http.Request) {
	s.findingClose(w, r, s.Monitors.AcceptFinding)
}

func (s *Server) findingConfirm(w http.ResponseWriter, r *http.Request) {
	s.findingClose(w, r, s.Monitors.ConfirmFinding)
}

func (s *Server) findingClose(w http.ResponseWriter, r *http.Request, do func(ctx context.Context, id, note string) (*webmon.Finding, error)) {
	f, err := do(r.Context(), r.PathValue("id"), r.FormValue("note"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	redirectFlash(w, r, "/findings/"+f.ID, "done")
}

// monitorTermsPage shows the spam vocabulary, editable by province-wide
// monitor managers.
func (s *Server) monitorTermsPage(w http.ResponseWriter, r *http.Request) {
	terms, err := s.Monitors.Terms(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, locale.T("Từ khóa cờ bạc, cá cược", "Gambling and betting terms"), "monitors")
	p.Form = map[string]string{"terms": strings.Join(terms, "\n")}
	p.Data = len(terms)
	s.render(w, http.StatusOK, "monitor_terms", p)
}

func (s *Server) monitorTermsSave(w http.ResponseWriter, r *http.Request) {
	if _, err := s.Monitors.SetTerms(r.Context(), strings.Split(r.FormValue("terms"), "\n")); err != nil {
		p := s.page(r, locale.T("Từ khóa cờ bạc, cá cược", "Gambling and betting terms"), "monitors")
		p.Data = 0
		s.renderFailed(w, r, "monitor_terms", p, err)
		return
	}
	redirectFlash(w, r, "/monitors/terms", "saved")
}
