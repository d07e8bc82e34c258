package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"attt/internal/chart"
	"attt/internal/directory"
	"attt/internal/errs"
	"attt/internal/incident"
	"attt/internal/locale"
	"attt/internal/web/respond"
)

type incidentSummaryData struct {
	Summary    *incident.Summary
	Orgs       []directory.Org
	Years      []int
	ByAgency   template.HTML
	ByCategory template.HTML
	// Mau05 is the query of the Mẫu 05 downloads; empty when the period
	// is a free from–to range, which Mẫu 05 does not cover.
	Mau05 template.URL
}

// Category names an incident type.
func (incidentSummaryData) Category(c incident.Category) locale.Text { return c.Label() }

// summaryPeriod reads the period of the summary: from–to days when given,
// else a year and its half (0 is the whole year).
func summaryPeriod(q url.Values, now time.Time) (from, to time.Time, p incident.Period, err error) {
	p.Year = now.In(locale.Zone).Year()
	if y, e := strconv.Atoi(q.Get("year")); e == nil {
		p.Year = y
	}
	p.Half, _ = strconv.Atoi(q.Get("half"))
	if p.Year < 2000 || p.Year > 2200 || p.Half < 0 || p.Half > 2 {
		return from, to, p, errs.New(errs.Invalid, locale.T("Kỳ báo cáo không hợp lệ.", "The reporting period is not valid."))
	}
	if q.Get("from") == "" && q.Get("to") == "" {
		from, to = incident.Bounds(p)
		return from, to, p, nil
	}
	if from, err = parseDay(q.Get("from")); err != nil {
		return from, to, p, err
	}
	if to, err = parseDay(q.Get("to")); err != nil {
		return from, to, p, err
	}
	if to.IsZero() {
		to = now
	} else {
		to = to.AddDate(0, 0, 1)
	}
	if !to.After(from) {
		return from, to, p, errs.New(errs.Invalid, locale.T("Ngày kết thúc phải sau ngày bắt đầu.", "The end date must be after the start date."))
	}
	return from, to, p, nil
}

// summaryOrg is the organisation summarised: the one chosen, else the
// first the person may read (the top of their scope).
func summaryOrg(q url.Values, orgs []directory.Org) string {
	if id := q.Get("org"); id != "" {
		return id
	}
	if len(orgs) > 0 {
		return orgs[0].ID
	}
	return ""
}

// incidentSummaryPage shows a period's figures per agency and per type,
// with the Mẫu 05 downloads.
func (s *Server) incidentSummaryPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := s.page(r, locale.T("Tổng hợp sự cố", "Incident summary"), "incidents")
	orgs, err := s.orgChoices(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	now := s.Now()
	d := incidentSummaryData{Orgs: orgs}
	for y := now.In(locale.Zone).Year(); y >= now.In(locale.Zone).Year()-5; y-- {
		d.Years = append(d.Years, y)
	}
	org := summaryOrg(q, orgs)
	from, to, period, err := summaryPeriod(q, now)
	p.Form = map[string]string{"org": org, "year": strconv.Itoa(period.Year), "half": strconv.Itoa(period.Half), "from": q.Get("from"), "to": q.Get("to")}
	p.Data = d
	if err == nil && org == "" {
		err = errs.New(errs.Forbidden, errs.MsgForbidden)
	}
	if err == nil {
		d.Summary, err = s.Incidents.Summarise(r.Context(), org, from, to)
	}
	if err != nil {
		s.renderFailed(w, r, "incident_summary", p, err)
		return
	}
	if q.Get("from") == "" && q.Get("to") == "" {
		d.Mau05 = template.URL(url.Values{"org": {org}, "year": {p.Form["year"]}, "half": {p.Form["half"]}}.Encode())
	}
	d.ByAgency, d.ByCategory = summaryCharts(d.Summary, p.Lang)
	p.Data = d
	s.render(w, http.StatusOK, "incident_summary", p)
}

// summaryCharts draws the counts per agency and per type.
func summaryCharts(sum *incident.Summary, lang locale.Lang) (byAgency, byCategory template.HTML) {
	agencies := chart.Bars{Title: locale.T("Số sự cố theo đơn vị", "Incidents per agency").In(lang), Height: 200, Counts: true}
	for _, a := range sum.ByAgency {
		agencies.Bars = append(agencies.Bars, chart.Bar{Value: float64(a.Total), Label: shortLabel(a.OrgName),
			Title: fmt.Sprintf("%s: %d", a.OrgName, a.Total)})
	}
	types := chart.Bars{Title: locale.T("Số sự cố theo loại (Thông tư 20/2017/TT-BTTTT)", "Incidents per type (Circular 20/2017)").In(lang), Height: 200, Counts: true}
	for _, c := range sum.ByCategory {
		name := c.Category.Label().In(lang)
		types.Bars = append(types.Bars, chart.Bar{Value: float64(c.Total), Label: shortLabel(name), Title: fmt.Sprintf("%s: %d", name, c.Total)})
	}
	return agencies.SVG(), types.SVG()
}

// shortLabel shortens a label under a chart's axis; the bar's tooltip
// has it whole.
func shortLabel(s string) string {
	r := []rune(s)
	if len(r) <= 14 {
		return s
	}
	return string(r[:13]) + "…"
}

// incidentMau05 downloads Mẫu 05 of a period as PDF or XLSX.
func (s *Server) incidentMau05(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	orgs, err := s.orgChoices(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	_, _, period, err := summaryPeriod(q, s.Now())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out, err := s.Incidents.RenderReport05(r.Context(), summaryOrg(q, orgs), period, r.PathValue("format"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	respond.Download(w, out.Name, out.ContentType, out.Body)
}
