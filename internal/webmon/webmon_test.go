package webmon_test

import (
	"context"
	"crypto/x509"
	"io"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"attt/internal/db"
	"attt/internal/db/dbtest"
	"attt/internal/errs"
	"attt/internal/incident"
	"attt/internal/testutil/fixture"
	"attt/internal/webmon"
	"attt/internal/webmon/analyze"
	"attt/internal/webmon/fetch"
)

type world struct {
	p   *fixture.Province
	mon *webmon.Service
	inc *incident.Service
}

func newWorld(t *testing.T, d *db.DB, roots *x509.CertPool) *world {
	p := fixture.New(t, d)
	web := webmon.NewNetWeb(fetch.Options{Timeout: 5 * time.Second, RootCAs: roots})
	w := &world{p: p, mon: webmon.New(d, p.Trail, p.Dir, web, webmon.DefaultConfig(), p.Clock.Now),
		inc: incident.New(incident.Deps{DB: d, Trail: p.Trail, Dir: p.Dir, Now: p.Clock.Now}, incident.DefaultConfig())}
	w.mon.UseIncidents(w.inc)
	return w
}

// register adds a monitor of department A as A's officer.
func (w *world) register(t *testing.T, url string, alertAfter int) *webmon.Monitor {
	t.Helper()
	depth := 1
	m, err := w.mon.CreateMonitor(w.p.As(fixture.LoginAOfficer), webmon.MonitorInput{OrgID: w.p.DeptA.ID, URL: url, CrawlDepth: &depth, AlertAfter: alertAfter})
	if err != nil {
		t.Fatalf("register %s: %v", url, err)
	}
	return m
}

func (w *world) check(t *testing.T, m *webmon.Monitor) *webmon.CheckResult {
	t.Helper()
	w.p.Clock.Advance(time.Minute)
	res, err := w.mon.CheckNow(w.p.As(fixture.LoginAOfficer), m.ID)
	if err != nil {
		t.Fatalf("check %s: %v", m.URL, err)
	}
	return res
}

func kinds(fs []webmon.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Kinds...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func has(fs []webmon.Finding, kind string) *webmon.Finding {
	for i := range fs {
		if slices.Contains(fs[i].Kinds, kind) {
			return &fs[i]
		}
	}
	return nil
}

func TestCleanAndTimestampSitesRaiseNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, nil)
		for _, s := range []*site{cleanSite(t), timestampSite(t)} {
			m := w.register(t, s.URL+"/", 3)
			first := w.check(t, m)
			if first.Learned < 2 || len(first.Findings) != 0 {
				t.Fatalf("%s: first check learns the baseline of every page quietly: %+v", s.URL, first)
			}
			for i := 0; i < 2; i++ {
				if res := w.check(t, m); len(res.Findings) != 0 {
					t.Fatalf("%s: check %d raised %v", s.URL, i, kinds(res.Findings))
				}
			}
			if got, _ := w.mon.GetMonitor(w.p.As(fixture.LoginAOfficer), m.ID); got.State != "up" || got.LastStatus != 200 {
				t.Errorf("state %+v", got)
			}
		}
	})
}

func TestDefacementAndLegitimateChange(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, nil)
		s := defaceableSite(t)
		m := w.register(t, s.URL+"/", 3)
		w.check(t, m)

		s.set("news")
		res := w.check(t, m)
		f := has(res.Findings, "content")
		if f == nil || f.Severity != analyze.SeverityReview || f.Evidence.Change == nil || !strings.Contains(f.Evidence.Change.Diff, "nghiệm thu") {
			t.Fatalf("a new article is a change to review with its diff: %+v", res.Findings)
		}
		officer := w.p.As(fixture.LoginAOfficer)
		if _, err := w.mon.AcceptFinding(officer, f.ID, "Bài viết mới hợp lệ"); err != nil {
			t.Fatal(err)
		}
		if res := w.check(t, m); len(res.Findings) != 0 {
			t.Fatalf("after accepting, the new content is the baseline: %v", kinds(res.Findings))
		}

		s.set("defaced")
		res = w.check(t, m)
		f = has(res.Findings, string(analyze.SignDefacement))
		if f == nil || f.Severity != analyze.SeverityCritical || !slices.Contains(f.Kinds, "content") {
			t.Fatalf("a defacement is critical: %+v", res.Findings)
		}
		confirmed, err := w.mon.ConfirmFinding(officer, f.ID, "Xác nhận bị tấn công")
		if err != nil {
			t.Fatal(err)
		}
		// The confirmation opened an incident of the agency, linked both ways.
		inc, err := w.inc.Get(officer, confirmed.IncidentID)
		if err != nil || inc.SourceType != "finding" || inc.SourceID != f.ID || inc.ReportedVia != incident.ViaMonitor || inc.OrgID != w.p.DeptA.ID ||
			!strings.Contains(inc.Description, "Xác nhận bị tấn công") {
			t.Fatalf("confirmed finding's incident: %+v %v", inc, err)
		}
		if n := len(w.p.Audit(auditAction("monitor.finding"))); n != 2 {
			t.Errorf("accept and confirm are audited: %d records", n)
		}
	})
}

func TestInjectedSpamScriptsAndCloaking(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, nil)
		gambling := w.register(t, gamblingSubpageSite(t).URL+"/", 3)
		res := w.check(t, gambling)
		f := has(res.Findings, string(analyze.SignGambling))
		if f == nil || !strings.HasSuffix(f.PageURL, "/tin-tuc") || !slices.Contains(f.Kinds, string(analyze.SignHiddenLink)) {
			t.Errorf("hidden gambling links on a sub-page: %+v", res.Findings)
		}

		packed := w.register(t, packedScriptSite(t).URL+"/", 3)
		if res := w.check(t, packed); has(res.Findings, string(analyze.SignPackedScript)) == nil {
			t.Errorf("packed script: %v", kinds(res.Findings))
		}

		cloak := w.register(t, cloakingSite(t).URL+"/", 3)
		w.check(t, cloak)
		res = w.check(t, cloak)
		f = has(res.Findings, string(analyze.SignCloaking))
		if f == nil {
			t.Fatalf("cloaking for Googlebot and Google visitors: %v", kinds(res.Findings))
		}
		if g := f.Evidence.Variants[analyze.Googlebot]; !strings.Contains(strings.ToLower(g.Title), "nhà cái") {
			t.Errorf("the evidence shows what Googlebot saw: %+v", f.Evidence.Variants)
		}
	})
}

func TestAvailabilityAndCertificate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		tlsSite, roots := expiringTLSSite(t)
		w := newWorld(t, d, roots)
		s := downSite(t)
		m := w.register(t, s.URL+"/", 2)
		w.check(t, m)
		s.set("down")
		if res := w.check(t, m); has(res.Findings, "down") != nil {
			t.Fatal("one failure is not an outage yet (alert after 2)")
		}
		res := w.check(t, m)
		if has(res.Findings, "down") == nil || res.Monitor.State != "down" {
			t.Fatalf("two failures in a row: %+v %s", res.Findings, res.Monitor.State)
		}
		s.set("")
		w.check(t, m)
		res = w.check(t, m)
		if res.Monitor.State != "up" {
			t.Fatalf("back up after successes: %s", res.Monitor.State)
		}
		open, _ := w.mon.ListFindings(w.p.As(fixture.LoginAOfficer), webmon.FindingFilter{MonitorID: m.ID})
		if has(open, "down") != nil {
			t.Error("the outage finding resolves itself when the site is back")
		}
		hist, err := w.mon.History(w.p.As(fixture.LoginAOfficer), m.ID, 1)
		if err != nil || len(hist) == 0 || hist[0].Checks != 5 || hist[0].Ups != 3 {
			t.Errorf("history: %+v %v", hist, err)
		}

		// Certificates are judged against the real clock.
		w.p.Clock.Set(time.Now())
		c := w.register(t, tlsSite.URL+"/", 3)
		res = w.check(t, c)
		if f := has(res.Findings, "cert_expiring"); f == nil || res.Monitor.CertDaysLeft(w.p.Clock.Now()) > 6 || res.Monitor.CertError != "" {
			t.Errorf("certificate expiring in 5 days: %+v %+v", res.Findings, res.Monitor)
		}
		// Without the test CA the same certificate does not verify.
		strict := webmon.New(d, w.p.Trail, w.p.Dir, webmon.NewNetWeb(fetch.Options{}), webmon.DefaultConfig(), w.p.Clock.Now)
		res, err = strict.CheckNow(w.p.As(fixture.LoginAOfficer), c.ID)
		if err != nil || has(res.Findings, "cert_invalid") == nil || res.Monitor.CertError == "" {
			t.Errorf("an untrusted certificate: %+v %v", res, err)
		}
	})
}

func TestMonitorScope(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, nil)
		m := w.register(t, cleanSite(t).URL+"/", 3)
		other := w.p.As(fixture.LoginBOfficer)
		if _, err := w.mon.GetMonitor(other, m.ID); !errs.Is(err, errs.Forbidden) {
			t.Errorf("B's officer reads A's monitor: %v", err)
		}
		if _, err := w.mon.CheckNow(other, m.ID); !errs.Is(err, errs.Forbidden) {
			t.Errorf("B's officer checks A's monitor: %v", err)
		}
		if _, err := w.mon.CreateMonitor(other, webmon.MonitorInput{OrgID: w.p.DeptA.ID, URL: "https://a.example.gov.vn/"}); !errs.Is(err, errs.Forbidden) {
			t.Errorf("B's officer registers a site for A: %v", err)
		}
		if list, err := w.mon.ListMonitors(other, webmon.MonitorFilter{}); err != nil || len(list) != 0 {
			t.Errorf("B's officer lists %d monitors, %v", len(list), err)
		}
		if list, err := w.mon.ListMonitors(w.p.As(fixture.LoginAuthority), webmon.MonitorFilter{}); err != nil || len(list) != 1 {
			t.Errorf("the authority sees province-wide: %d, %v", len(list), err)
		}
		if _, err := w.mon.CreateMonitor(w.p.As(fixture.LoginAStaff), webmon.MonitorInput{OrgID: w.p.DeptA.ID, URL: "https://a.example.gov.vn/"}); !errs.Is(err, errs.Forbidden) {
			t.Errorf("staff registers a site: %v", err)
		}
	})
}

// TestTermsAreData: the province edits the spam vocabulary; checks use it
// at once; only those who manage monitors province-wide may change it.
func TestTermsAreData(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, nil)
		s := newSite(t, standard(news+`<p><a href="https://cotuong-vip.club/">Chơi cờ tướng ăn tiền online</a></p>`, news))
		m := w.register(t, s.URL+"/", 3)
		if res := w.check(t, m); has(res.Findings, string(analyze.SignGambling)) != nil {
			t.Fatalf("not in the shipped list yet: %v", kinds(res.Findings))
		}
		if _, err := w.mon.SetTerms(w.p.As(fixture.LoginAOfficer), []string{"cờ tướng ăn tiền"}); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("an agency officer edits the province's list: %v", err)
		}
		terms, err := w.mon.Terms(w.p.As(fixture.LoginAOfficer))
		if err != nil || len(terms) < 20 {
			t.Fatalf("the shipped list: %d %v", len(terms), err)
		}
		if _, err := w.mon.SetTerms(w.p.As(fixture.LoginAuthority), append(terms, "Cờ tướng  ăn tiền")); err != nil {
			t.Fatal(err)
		}
		if res := w.check(t, m); has(res.Findings, string(analyze.SignGambling)) == nil {
			t.Fatalf("an added term is used by the next check: %v", kinds(res.Findings))
		}
		if n := len(w.p.Audit(auditAction("monitor.terms"))); n != 1 {
			t.Errorf("editing the list is audited: %d", n)
		}
	})
}

// TestImportMonitors: a file with a bad row registers nothing and names the
// row; the corrected file registers every site.
func TestImportMonitors(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, nil)
		officer := w.p.As(fixture.LoginAOfficer)
		bad := "Mã đơn vị,Địa chỉ trang,Tên trang,Chu kỳ kiểm tra\n" +
			"STC,https://stc.hungyen.gov.vn/,Cổng Sở Tài chính,5m\n" +
			"SYT,https://soyte.hungyen.gov.vn/,Cổng Sở Y tế,5m\n" +
			"STC,ftp://sai.vn/,Sai,5m\n"
		_, err := w.mon.ImportMonitors(officer, "trang.csv", strings.NewReader(bad))
		if !errs.Is(err, errs.Invalid) {
			t.Fatalf("bad file: %v", err)
		}
		details := ""
		for _, dt := range errs.As(err).Details {
			details += dt.VI + "\n"
		}
		if !strings.Contains(details, "Dòng 3") || !strings.Contains(details, "Dòng 4") || strings.Contains(details, "Dòng 2") {
			t.Errorf("lines 3 (another agency) and 4 (bad URL) are named:\n%s", details)
		}
		if list, _ := w.mon.ListMonitors(officer, webmon.MonitorFilter{}); len(list) != 0 {
			t.Fatal("nothing is registered from a file with problems")
		}
		good := "Mã đơn vị,Địa chỉ trang,Tên trang,Chu kỳ kiểm tra,Độ sâu quét\n" +
			"STC,https://stc.hungyen.gov.vn/,Cổng Sở Tài chính,5m,1\n" +
			"STC-TTTH,https://ttth.stc.hungyen.gov.vn/,,10m,0\n"
		res, err := w.mon.ImportMonitors(officer, "trang.csv", strings.NewReader(good))
		if err != nil || res.Created != 2 {
			t.Fatalf("good file: %+v %v", res, err)
		}
	})
}

// TestSchedulerChecksDueMonitors: the background loop checks a due monitor
// once, and not again before its interval.
func TestSchedulerChecksDueMonitors(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, nil)
		m := w.register(t, cleanSite(t).URL+"/", 3)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { w.mon.Run(ctx, slog.New(slog.NewTextHandler(io.Discard, nil))); close(done) }()
		deadline := time.Now().Add(10 * time.Second)
		var got *webmon.Monitor
		for time.Now().Before(deadline) {
			got, _ = w.mon.GetMonitor(w.p.As(fixture.LoginAOfficer), m.ID)
			if !got.LastCheckAt.IsZero() {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		cancel()
		<-done
		if got.LastCheckAt.IsZero() || got.State != "up" {
			t.Fatalf("the scheduler did not check the due monitor: %+v", got)
		}
		if !got.NextCheckAt.After(w.p.Clock.Now()) {
			t.Errorf("the next check is one interval later: %v", got.NextCheckAt)
		}
	})
}
