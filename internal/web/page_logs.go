package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"attt/internal/chart"
	"attt/internal/directory"
	"attt/internal/errs"
	"attt/internal/export"
	"attt/internal/locale"
	"attt/internal/logs"
	"attt/internal/logs/store"
)

// logRoutes registers the central-log pages (S5).
func (s *Server) logRoutes(page func(pattern string, h http.HandlerFunc)) {
	page("GET /logs", s.logsPage)
	page("GET /logs/event/{id}", s.logEventPage)
	for _, f := range []export.Format{export.XLSX, export.CSV} {
		page("GET /logs/export."+string(f), s.logsExport(f))
	}
	page("GET /log-sources", s.logSourcesPage)
	page("POST /log-sources", s.logSourceCreate)
	page("POST /log-sources/{id}/assign", s.logSourceAssign)
	page("POST /log-retention", s.logRetentionSave)
	page("GET /log-alerts", s.logAlertsPage)
	page("POST /log-alerts/{id}", s.logAlertDecide)
	page("GET /log-rules", s.logRulesPage)
	page("POST /log-rules", s.logRuleSave)
	page("POST /log-rules/{id}/delete", s.logRuleDelete)
}

var msgLogsOff = errs.New(errs.Unavailable, locale.T("Chức năng thu thập log chưa chạy.", "Log collection is not running."))

// logFields are the search form's inputs, kept in the export links.
var logFields = []string{"q", "from", "to", "org", "source", "host", "app", "severity", "field"}

type logsData struct {
	Result    store.Result
	Histogram template.HTML
	Orgs      []directory.Org
	Query     string // the search as a query string, for the export links
	Severity  []string
	Sources   []logs.Source
}

// logsPage searches the events of the reader's agencies: free text, time
// range, agency, host, app, severity and one parsed field; a histogram of
// the matches over the range; the newest 200 events.
func (s *Server) logsPage(w http.ResponseWriter, r *http.Request) {
	if s.Logs == nil {
		s.fail(w, r, msgLogsOff)
		return
	}
	p := s.page(r, locale.T("Nhật ký tập trung", "Central logs"), "logs")
	p.Form = map[string]string{}
	keep := url.Values{}
	for _, k := range logFields {
		p.Form[k] = strings.TrimSpace(r.URL.Query().Get(k))
		if p.Form[k] != "" {
			keep.Set(k, p.Form[k])
		}
	}
	orgs, err := s.orgChoices(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sources, err := s.Logs.Sources(r.Context(), false)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := logsData{Orgs: orgs, Sources: sources, Query: keep.Encode(), Severity: severityNames(locale.FromContext(r.Context()))}
	p.Data = d
	f, err := logFormFilter(p.Form, s.Now())
	if err != nil {
		s.renderFailed(w, r, "logs", p, err)
		return
	}
	f.Limit = 200
	if d.Result, err = s.Logs.Search(r.Context(), f); err != nil {
		s.renderFailed(w, r, "logs", p, err)
		return
	}
	buckets, step, err := s.Logs.Histogram(r.Context(), f, 60)
	if err != nil {
		s.renderFailed(w, r, "logs", p, err)
		return
	}
	d.Histogram = logHistogram(buckets, step, locale.FromContext(r.Context()))
	p.Data = d
	s.render(w, http.StatusOK, "logs", p)
}

// logFormFilter reads the form: dates as dd/mm/yyyy or "dd/mm/yyyy hh:mm"
// in Asia/Ho_Chi_Minh, the last 24 hours when both are empty.
func logFormFilter(form map[string]string, now time.Time) (logs.Filter, error) {
	f := logs.Filter{OrgID: form["org"], Text: form["q"]}
	var bad []locale.Text
	for _, k := range []string{"from", "to"} {
		if form[k] == "" {
			continue
		}
		t, whole, ok := parseFormTime(form[k])
		if !ok {
			bad = append(bad, locale.Tf("Thời điểm “%s” không đúng dạng dd/mm/yyyy hoặc dd/mm/yyyy hh:mm.", "The time “%s” is not dd/mm/yyyy or dd/mm/yyyy hh:mm.", form[k]))
			continue
		}
		if k == "to" && whole {
			t = t.AddDate(0, 0, 1)
		}
		if k == "from" {
			f.From = t
		} else {
			f.To = t
		}
	}
	if f.To.IsZero() {
		f.To = now
	}
	if f.From.IsZero() {
		f.From = f.To.Add(-24 * time.Hour)
	}
	if form["source"] != "" {
		f.Sources = []string{form["source"]}
	}
	if form["host"] != "" {
		f.Hosts = []string{form["host"]}
	}
	if form["app"] != "" {
		f.Apps = []string{form["app"]}
	}
	if v := form["severity"]; v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 7 {
			bad = append(bad, locale.T("Mức độ phải từ 0 đến 7.", "Severity must be 0 to 7."))
		}
		for i := 0; i <= n && i <= 7; i++ {
			f.Severities = append(f.Severities, i) // This severity or worse.
		}
	}
	if v := form["field"]; v != "" {
		k, val, ok := strings.Cut(v, "=")
		if !ok || k == "" {
			bad = append(bad, locale.T("Điều kiện trường phải có dạng tên=giá trị, ví dụ ssh.user=root.", "A field condition is name=value, e.g. ssh.user=root."))
		}
		f.Fields = []store.FieldMatch{{Key: strings.TrimSpace(k), Value: strings.TrimSpace(val)}}
	}
	if len(bad) > 0 {
		return f, errs.New(errs.Invalid, locale.T("Điều kiện tìm kiếm chưa hợp lệ.", "The search is not valid."), bad...)
	}
	return f, nil
}

// parseFormTime reads dd/mm/yyyy (whole true) or dd/mm/yyyy hh:mm.
func parseFormTime(v string) (t time.Time, whole bool, ok bool) {
	if t, err := time.ParseInLocation("2/1/2006 15:04", v, locale.Zone); err == nil {
		return t, false, true
	}
	t, err := time.ParseInLocation("2/1/2006", v, locale.Zone)
	return t, true, err == nil
}

// logHistogram draws the counts over time as an SVG bar chart.
func logHistogram(buckets []store.Bucket, step time.Duration, lang locale.Lang) template.HTML {
	c := chart.Bars{Title: locale.T("Số sự kiện theo thời gian", "Events over time").In(lang)}
	layout := "15:04"
	if step >= 24*time.Hour {
		layout = "02/01"
	}
	for _, b := range buckets {
		c.Bars = append(c.Bars, chart.Bar{Value: float64(b.Count), Label: b.Start.In(locale.Zone).Format(layout),
			Title: fmt.Sprintf("%s: %d", locale.DateTime(b.Start), b.Count)})
	}
	return c.SVG()
}

func severityNames(lang locale.Lang) []string {
	names := []locale.Text{locale.T("0 khẩn cấp", "0 emergency"), locale.T("1 báo động", "1 alert"), locale.T("2 nghiêm trọng", "2 critical"),
		locale.T("3 lỗi", "3 error"), locale.T("4 cảnh báo", "4 warning"), locale.T("5 chú ý", "5 notice"), locale.T("6 thông tin", "6 info"), locale.T("7 gỡ lỗi", "7 debug")}
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = n.In(lang)
	}
	return out
}

// logEventPage shows one event with its fields and raw line.
func (s *Server) logEventPage(w http.ResponseWriter, r *http.Request) {
	if s.Logs == nil {
		s.fail(w, r, msgLogsOff)
		return
	}
	e, err := s.Logs.Event(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, locale.T("Sự kiện log", "Log event"), "logs")
	p.Data = e
	s.render(w, http.StatusOK, "log_event", p)
}

// logsExport downloads the events of the search of /logs.
func (s *Server) logsExport(format export.Format) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.Logs == nil {
			s.fail(w, r, msgLogsOff)
			return
		}
		form := map[string]string{}
		for _, k := range logFields {
			form[k] = strings.TrimSpace(r.URL.Query().Get(k))
		}
		f, err := logFormFilter(form, s.Now())
		if err != nil {
			s.fail(w, r, err)
			return
		}
		file, err := s.Logs.Export(r.Context(), f, format)
		s.sendExport(w, r, file, err)
	}
}
