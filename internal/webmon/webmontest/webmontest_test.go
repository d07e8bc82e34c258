package webmontest_test

import (
	"bytes"
	"crypto/tls"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"attt/internal/webmon/webmontest"
)

// get fetches u with optional headers and returns status and body.
func get(t *testing.T, c *http.Client, u string, hdr ...string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, string(b)
}

func clientFor(s *webmontest.Sites) *http.Client {
	return &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: s.RootCAs()}}}
}

func TestEverySiteServesAPortal(t *testing.T) {
	s := webmontest.Start(t)
	s.Recover()
	c := clientFor(s)
	hosts := map[string]bool{}
	for _, site := range s.All() {
		hosts[site.Host()] = true
		for _, u := range site.Pages() {
			code, body := get(t, c, u)
			if code != http.StatusOK {
				t.Errorf("%s %s: status %d", site.Name, u, code)
			}
			if !strings.Contains(body, "Cổng thông tin điện tử "+site.Org) {
				t.Errorf("%s %s: no portal footer", site.Name, u)
			}
		}
		code, body := get(t, c, site.Page("/sitemap.xml"))
		if code != 200 || !strings.Contains(body, "<sitemapindex") {
			t.Errorf("%s: sitemap index %d", site.Name, code)
		}
		_, body = get(t, c, site.Page("/robots.txt"))
		if !strings.Contains(body, "Sitemap: "+site.Page("/sitemap.xml")) {
			t.Errorf("%s: robots.txt %q", site.Name, body)
		}
		if code, _ := get(t, c, site.Page("/khong-co.html")); code != http.StatusNotFound {
			t.Errorf("%s: missing page status %d", site.Name, code)
		}
	}
	if len(hosts) != len(s.All()) {
		t.Errorf("sites share hosts: %v", hosts)
	}
}

func TestCleanIsStableTimestampIsNot(t *testing.T) {
	s := webmontest.Start(t)
	c := clientFor(s)
	_, a := get(t, c, s.Clean.URL)
	_, b := get(t, c, s.Clean.URL)
	if a != b {
		t.Error("clean site changed between requests")
	}
	_, a = get(t, c, s.Timestamp.URL)
	_, b = get(t, c, s.Timestamp.URL)
	if a == b {
		t.Error("timestamp site did not change")
	}
	if !strings.Contains(a, "Tổng lượt truy cập: 1.234.") || !strings.Contains(a, ", ngày ") {
		t.Errorf("timestamp site lacks counter or date")
	}
}

func TestDefaceAndRestore(t *testing.T) {
	s := webmontest.Start(t)
	c := clientFor(s)
	if _, body := get(t, c, s.Defaced.URL); strings.Contains(body, "Hacked by") {
		t.Fatal("defaced before Deface")
	}
	s.Deface()
	if _, body := get(t, c, s.Defaced.URL); !strings.Contains(body, "<title>Hacked by") {
		t.Fatal("not defaced after Deface")
	}
	if _, body := get(t, c, s.Defaced.Page("/gioi-thieu/")); strings.Contains(body, "Hacked by") {
		t.Error("sub-page defaced too")
	}
	s.Restore()
	if _, body := get(t, c, s.Defaced.URL); strings.Contains(body, "Hacked by") {
		t.Fatal("still defaced after Restore")
	}
}

func TestGamblingOnlyOnSubpage(t *testing.T) {
	s := webmontest.Start(t)
	c := clientFor(s)
	_, home := get(t, c, s.GamblingSubpage.URL)
	if strings.Contains(home, "nha-cai-uy-tin") {
		t.Error("home page carries the spam")
	}
	path := strings.TrimPrefix(s.InfectedPage, strings.TrimSuffix(s.GamblingSubpage.URL, "/"))
	if !strings.Contains(home, `href="`+path+`"`) {
		t.Errorf("home page does not link %s", path)
	}
	if _, list := get(t, c, s.GamblingSubpage.Page("/tin-tuc/")); strings.Contains(list, path) {
		t.Error("news list links the infected page")
	}
	if _, sm := get(t, c, s.GamblingSubpage.Page("/sitemap-news.xml")); !strings.Contains(sm, s.InfectedPage) {
		t.Error("sitemap lacks the infected page")
	}
	_, sub := get(t, c, s.InfectedPage)
	for _, want := range []string{`<div style="display:none">`, "https://nha-cai-uy-tin.bet/", "nổ hũ", "tài xỉu"} {
		if !strings.Contains(sub, want) {
			t.Errorf("infected page lacks %q", want)
		}
	}
}

func TestCloakingByVariant(t *testing.T) {
	s := webmontest.Start(t)
	c := clientFor(s)
	_, normal := get(t, c, s.Cloaking.URL, "User-Agent", "Mozilla/5.0 Chrome/142.0")
	_, bot := get(t, c, s.Cloaking.URL, "User-Agent", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")
	_, ref := get(t, c, s.Cloaking.URL, "Referer", "https://www.google.com/search?q=syt")
	if strings.Contains(normal, "nhà cái") || strings.Contains(normal, "nhacai88") {
		t.Error("normal visitor sees spam")
	}
	if !strings.Contains(strings.ToLower(bot), "nhà cái uy tín") {
		t.Error("Googlebot does not see spam")
	}
	if !strings.Contains(ref, `http-equiv="refresh" content="0;url=https://nhacai88.bet/`) || !strings.Contains(ref, "location.replace") {
		t.Errorf("Google visitor not redirected: %s", ref)
	}
}

func TestPackedScript(t *testing.T) {
	s := webmontest.Start(t)
	if _, body := get(t, clientFor(s), s.PackedScript.URL); !strings.Contains(body, "eval(function(p,a,c,k,e,r){") {
		t.Error("no packed script")
	}
	if _, body := get(t, clientFor(s), s.Clean.URL); strings.Contains(body, "eval(") {
		t.Error("clean site has eval")
	}
}

func TestExpiringCert(t *testing.T) {
	s := webmontest.Start(t)
	if !strings.HasPrefix(s.ExpiringCert.URL, "https://") {
		t.Fatalf("URL %s", s.ExpiringCert.URL)
	}
	res, err := clientFor(s).Get(s.ExpiringCert.URL)
	if err != nil {
		t.Fatalf("verifying with RootCAs: %v", err)
	}
	res.Body.Close()
	left := time.Until(res.TLS.PeerCertificates[0].NotAfter)
	if left < 5*24*time.Hour || left > 6*24*time.Hour {
		t.Errorf("certificate has %s left", left)
	}
	if _, err := http.Get(s.ExpiringCert.URL); err == nil {
		t.Error("verified against system roots")
	}
}

func TestDownRecovers(t *testing.T) {
	s := webmontest.Start(t)
	c := clientFor(s)
	if code, _ := get(t, c, s.Down.URL); code != http.StatusServiceUnavailable {
		t.Fatalf("down answers %d", code)
	}
	s.Recover()
	if code, _ := get(t, c, s.Down.URL); code != http.StatusOK {
		t.Fatalf("recovered answers %d", code)
	}
	s.GoDown()
	if code, _ := get(t, c, s.Down.Page("/tin-tuc/")); code != http.StatusServiceUnavailable {
		t.Fatalf("down again answers %d", code)
	}
	if s.Down.Hits() != 3 {
		t.Errorf("hits %d", s.Down.Hits())
	}
}

func TestRealistic(t *testing.T) {
	s := webmontest.Start(t)
	urls := s.Realistic(40)
	if again := s.Realistic(40); again[39] != urls[39] {
		t.Error("Realistic not stable")
	}
	c := clientFor(s)
	seen := map[string]bool{}
	sizes := map[int]bool{}
	for _, u := range urls {
		if seen[u] {
			t.Fatalf("duplicate %s", u)
		}
		seen[u] = true
		code, body := get(t, c, u)
		if code != 200 || len(body) < 60<<10 || len(body) > 120<<10 {
			t.Errorf("%s: status %d, %d bytes", u, code, len(body))
		}
		sizes[len(body)/4096] = true
		if !strings.Contains(body, "Cổng thông tin điện tử") || !strings.Contains(body, "Tin tức - Sự kiện") {
			t.Errorf("%s: not a portal", u)
		}
	}
	if len(sizes) < 5 {
		t.Errorf("page sizes barely vary: %v", sizes)
	}
	_, a := get(t, c, urls[3])
	_, b := get(t, c, urls[3])
	_, other := get(t, c, urls[4])
	if a != b || a == other {
		t.Error("realistic pages not stable or not distinct")
	}
	code, sub := get(t, c, urls[3]+"bai-viet-3-1.html")
	if code != 200 || len(sub) < 60<<10 {
		t.Errorf("sub-page %d, %d bytes", code, len(sub))
	}
	if code, _ := get(t, c, urls[3]+"style.css"); code != http.StatusNotFound {
		t.Errorf("non-page path %d", code)
	}
}

func TestCAIssues(t *testing.T) {
	ca := webmontest.NewCA(t)
	cert := ca.Issue(t, time.Now().Add(-time.Hour), time.Now().Add(time.Hour), "portal.example.gov.vn")
	if _, err := cert.Leaf.Verify(x509Opts(ca, "portal.example.gov.vn")); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(cert.Leaf.RawIssuer, cert.Leaf.RawSubject) {
		t.Error("self-signed leaf")
	}
}
