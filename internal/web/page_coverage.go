package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"

	"attt/internal/asset"
	"attt/internal/chart"
	"attt/internal/directory"
	"attt/internal/locale"
)

// coverageLink is the list behind a coverage number.
func coverageLink(orgID string, control asset.ControlKind, status asset.Status) string {
	v := url.Values{"org": {orgID}, "control": {string(control)}, "status": {string(status)}}
	return "/assets?" + v.Encode()
}

func seenLink(orgID, seen string) string {
	return "/assets?" + url.Values{"org": {orgID}, "seen": {seen}}.Encode()
}

type coverageData struct {
	Report *asset.CoverageReport
	Orgs   []directory.Org
	Charts []coverageChartData
}

type coverageChartData struct {
	Title string
	SVG   template.HTML
}

// coveragePage is the dashboard of technical controls: a table per agency
// and stacked bars per control, every number a link to its list.
func (s *Server) coveragePage(w http.ResponseWriter, r *http.Request) {
	rep, err := s.Assets.Coverage(r.Context(), r.URL.Query().Get("org"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	orgs, err := s.orgChoices(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, locale.T("Độ bao phủ biện pháp kỹ thuật", "Coverage of technical controls"), "coverage")
	d := coverageData{Report: rep, Orgs: orgs}
	for _, k := range []asset.ControlKind{asset.CtlAntivirus, asset.CtlBackup, asset.CtlSoftware, asset.CtlPassword} {
		d.Charts = append(d.Charts, coverageChartData{Title: p.T(k.Label()), SVG: coverageChart(p, rep, k)})
	}
	p.Form = map[string]string{"org": rep.Total.OrgID}
	p.Data = d
	s.render(w, http.StatusOK, "coverage", p)
}

// coverageChart draws one control: a bar per agency split into OK, needs
// attention, failing and unknown, each part linking to its assets.
func coverageChart(p *Page, rep *asset.CoverageReport, k asset.ControlKind) template.HTML {
	c := chart.Stacked{Title: p.T(k.Label())}
	for i, f := range append([]asset.Figures{rep.Total}, rep.Agencies...) {
		row := chart.Row{Label: f.OrgName, Href: "/assets/coverage?org=" + url.QueryEscape(f.OrgID)}
		if i == 0 {
			row.Label = p.Tr("Toàn bộ", "All") + ": " + f.OrgName
		}
		counts := f.Control(k)
		for _, seg := range []struct {
			st    asset.Status
			class string
		}{{asset.StatusOK, "ok"}, {asset.StatusWarning, "warn"}, {asset.StatusFailing, "bad"}, {asset.StatusUnknown, "unknown"}} {
			n := counts.Of(seg.st)
			row.Segments = append(row.Segments, chart.Segment{Value: n, Class: seg.class, Href: coverageLink(f.OrgID, k, seg.st),
				Title: fmt.Sprintf("%s — %s: %d", f.OrgName, p.T(seg.st.Label()), n)})
		}
		c.Rows = append(c.Rows, row)
	}
	return c.SVG()
}
