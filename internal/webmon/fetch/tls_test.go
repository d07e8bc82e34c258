package fetch_test

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"attt/internal/webmon/analyze"
	"attt/internal/webmon/fetch"
	"attt/internal/webmon/webmontest"
)

func hello(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "<html>xin chào</html>") }

func TestTLSInfoExpiringFixture(t *testing.T) {
	sites := webmontest.Start(t)
	f := fetch.New(fetch.Options{RootCAs: sites.RootCAs()})
	p, info := f.FetchTLS(context.Background(), sites.ExpiringCert.URL, analyze.Browser)
	if p.Err != "" || p.Status != 200 || info == nil {
		t.Fatalf("fetch: %+v, info %+v", p, info)
	}
	if !info.Verified || info.Error != "" {
		t.Errorf("not verified: %s", info.Error)
	}
	if info.DaysLeft != 5 || info.Expired() {
		t.Errorf("days left %d", info.DaysLeft)
	}
	if info.Host != "127.0.0.1" || !strings.Contains(info.Issuer, "attt Test Root CA") || !strings.Contains(info.Subject, "CN=127.0.0.1") {
		t.Errorf("info %+v", info)
	}
	if time.Until(info.NotAfter) < 5*24*time.Hour || info.NotBefore.After(time.Now()) {
		t.Errorf("dates %s – %s", info.NotBefore, info.NotAfter)
	}
	if info.Version == "" {
		t.Error("no TLS version")
	}
	// Fetch keeps the same information for Certificate.
	p2 := f.Fetch(context.Background(), sites.ExpiringCert.URL, analyze.Mobile)
	if c := f.Certificate(p2); c == nil || c.DaysLeft != 5 || !c.Verified {
		t.Errorf("Certificate: %+v", c)
	}
	// Other variants and pages carry theirs too.
	for v, pv := range f.FetchVariants(context.Background(), sites.ExpiringCert.URL) {
		if c := f.Certificate(pv); c == nil || c.NotAfter != info.NotAfter {
			t.Errorf("%s: %+v", v, c)
		}
	}
}

func TestTLSInfoUnverifiedStillFetched(t *testing.T) {
	ca := webmontest.NewCA(t)
	now := time.Now()
	expired := ca.StartTLS(t, http.HandlerFunc(hello), ca.Issue(t, now.AddDate(0, -3, 0), now.Add(-36*time.Hour)))
	wrongHost := ca.StartTLS(t, http.HandlerFunc(hello), ca.Issue(t, now.Add(-time.Hour), now.AddDate(0, 0, 365), "portal.example.gov.vn"))
	good := ca.StartTLS(t, http.HandlerFunc(hello), ca.Issue(t, now.Add(-time.Hour), now.AddDate(0, 0, 90)))

	trusting := fetch.New(fetch.Options{RootCAs: ca.Pool()})
	system := fetch.New(fetch.Options{})
	cases := []struct {
		name     string
		f        *fetch.Fetcher
		url      string
		verified bool
		errHas   string
		days     int
	}{
		{"good", trusting, good.URL, true, "", 90},
		{"unknown authority", system, good.URL, false, "unknown authority", 90},
		{"expired", trusting, expired.URL, false, "expired", -2},
		{"wrong host", trusting, wrongHost.URL, false, "127.0.0.1", 364},
	}
	for _, c := range cases {
		p, info := c.f.FetchTLS(context.Background(), c.url, analyze.Browser)
		if p.Err != "" || p.Status != 200 || string(p.Body) != "<html>xin chào</html>" {
			t.Errorf("%s: page %+v", c.name, p)
			continue
		}
		if info == nil {
			t.Errorf("%s: no TLS info", c.name)
			continue
		}
		if info.Verified != c.verified || !strings.Contains(info.Error, c.errHas) {
			t.Errorf("%s: verified %v error %q", c.name, info.Verified, info.Error)
		}
		if info.DaysLeft != c.days && info.DaysLeft != c.days-1 {
			t.Errorf("%s: days left %d, want %d", c.name, info.DaysLeft, c.days)
		}
	}
	if _, info := trusting.FetchTLS(context.Background(), expired.URL, analyze.Browser); !info.Expired() {
		t.Error("expired certificate not Expired()")
	}
}

func TestTLSInfoFromTheFetchConnection(t *testing.T) {
	ca := webmontest.NewCA(t)
	var conns atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(hello))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{ca.Issue(t, time.Now().Add(-time.Hour), time.Now().AddDate(0, 0, 30))}}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	f := fetch.New(fetch.Options{RootCAs: ca.Pool()})
	p := f.Fetch(context.Background(), srv.URL, analyze.Browser)
	if c := f.Certificate(p); c == nil || !c.Verified {
		t.Fatalf("certificate %+v", c)
	}
	if n := conns.Load(); n != 1 {
		t.Errorf("%d connections for one fetch", n)
	}
}

func TestCertificateNilForPlainAndFailures(t *testing.T) {
	plain := serve(t, hello)
	f := fetch.New(fetch.Options{})
	if c := f.Certificate(f.Fetch(context.Background(), plain.URL, analyze.Browser)); c != nil {
		t.Errorf("plain HTTP has certificate %+v", c)
	}
	if c := f.Certificate(f.Fetch(context.Background(), "http://%zz", analyze.Browser)); c != nil {
		t.Error("failed fetch has a certificate")
	}
	if f.Certificate(nil) != nil || f.Certificate(&analyze.Page{}) != nil {
		t.Error("foreign page has a certificate")
	}
}

func TestTLSAfterRedirectToHTTPS(t *testing.T) {
	ca := webmontest.NewCA(t)
	secure := ca.StartTLS(t, http.HandlerFunc(hello), ca.Issue(t, time.Now().Add(-time.Hour), time.Now().AddDate(0, 0, 30)))
	plain := serve(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, secure.URL+"/", http.StatusMovedPermanently)
	})
	f := fetch.New(fetch.Options{RootCAs: ca.Pool()})
	p := f.Fetch(context.Background(), plain.URL, analyze.Browser)
	if p.FinalURL != secure.URL+"/" {
		t.Fatalf("final %s", p.FinalURL)
	}
	if c := f.Certificate(p); c == nil || !c.Verified || c.Host != "127.0.0.1" {
		t.Errorf("certificate after redirect %+v", c)
	}
}
