package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"attt/internal/audit"
	"attt/internal/directory"
	"attt/internal/errs"
	"attt/internal/locale"
)

// auditPageSize is how many records one page of the trail shows.
const auditPageSize = 100

type auditData struct {
	Records []audit.Record
	Orgs    []directory.Org
	// More is the next page's address, "" on the last page.
	More string
}

var auditFields = []string{"from", "to", "action", "actor", "q", "org"}

// auditPage searches the audit trail (Đ7.8) within the reader's scope.
// Dates are typed dd/mm/yyyy and read in Asia/Ho_Chi_Minh.
func (s *Server) auditPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := s.page(r, locale.T("Nhật ký hệ thống", "Audit trail"), "audit")
	p.Form = map[string]string{}
	for _, k := range auditFields {
		p.Form[k] = strings.TrimSpace(q.Get(k))
	}
	orgs, err := s.orgChoices(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := auditData{Orgs: orgs}
	p.Data = d
	f, err := auditFilter(p.Form)
	if err != nil {
		s.renderFailed(w, r, "audit", p, err)
		return
	}
	f.BeforeSeq, _ = strconv.ParseInt(q.Get("before"), 10, 64)
	if d.Records, err = s.Trail.Search(r.Context(), f); err != nil {
		s.fail(w, r, err)
		return
	}
	if len(d.Records) == f.Limit {
		next := url.Values{}
		for _, k := range auditFields {
			if v := p.Form[k]; v != "" {
				next.Set(k, v)
			}
		}
		next.Set("before", strconv.FormatInt(d.Records[len(d.Records)-1].Seq, 10))
		d.More = "/audit?" + next.Encode()
	}
	p.Data = d
	s.render(w, http.StatusOK, "audit", p)
}

// auditFilter reads the search form; "to" includes the whole day named.
func auditFilter(form map[string]string) (audit.Filter, error) {
	f := audit.Filter{Action: form["action"], Actor: strings.ToLower(form["actor"]), Text: form["q"], OrgID: form["org"], Limit: auditPageSize}
	var bad []locale.Text
	for _, k := range []string{"from", "to"} {
		if form[k] == "" {
			continue
		}
		day, err := time.ParseInLocation("2/1/2006", form[k], locale.Zone)
		if err != nil {
			bad = append(bad, locale.Tf("Ngày “%s” không đúng dạng dd/mm/yyyy.", "The date “%s” is not in the form dd/mm/yyyy.", form[k]))
			continue
		}
		if k == "from" {
			f.From = day
		} else {
			f.To = day.AddDate(0, 0, 1)
		}
	}
	if len(bad) > 0 {
		return f, errs.New(errs.Invalid, locale.T("Điều kiện tìm kiếm chưa hợp lệ.", "The search is not valid."), bad...)
	}
	return f, nil
}

// auditRecordPage shows one record with its before/after JSON.
func (s *Server) auditRecordPage(w http.ResponseWriter, r *http.Request) {
	seq, err := strconv.ParseInt(r.PathValue("seq"), 10, 64)
	if err != nil || seq <= 0 {
		s.fail(w, r, errs.New(errs.NotFound, errs.MsgNotFound))
		return
	}
	rec, err := s.Trail.Get(r.Context(), seq)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, locale.T("Bản ghi nhật ký", "Audit record"), "audit")
	p.Data = *rec
	s.render(w, http.StatusOK, "audit_record", p)
}
