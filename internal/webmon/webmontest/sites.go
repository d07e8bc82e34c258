package webmontest

import (
	"crypto/x509"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Site is one fixture portal, served by its own loopback server.
type Site struct {
	// Name is the fixture's name: "clean", "timestamp", "defaced",
	// "gambling_subpage", "cloaking", "packed_script", "expiring_cert",
	// "down".
	Name string
	// Org is the agency the portal belongs to.
	Org string
	// URL is the home page, "http://127.0.0.1:port/" ("https://" for
	// ExpiringCert).
	URL string

	org  org
	arts []article
	srv  *httptest.Server
	hits atomic.Int64
}

// Host returns the site's host:port.
func (s *Site) Host() string { u, _ := url.Parse(s.URL); return u.Host }

// Page returns the URL of path on the site.
func (s *Site) Page(path string) string { return strings.TrimSuffix(s.URL, "/") + path }

// Pages lists the pages the site's sitemap names, home first.
func (s *Site) Pages() []string {
	out := []string{s.URL}
	for _, p := range subPages(s.arts) {
		out = append(out, s.Page(p))
	}
	return out
}

// Hits returns how many requests the site has answered.
func (s *Site) Hits() int64 { return s.hits.Load() }

// Server returns the site's test server.
func (s *Site) Server() *httptest.Server { return s.srv }

// Sites are the fixture portals of one test; see the package doc for what
// each one does.
type Sites struct {
	Clean           *Site
	Timestamp       *Site
	Defaced         *Site
	GamblingSubpage *Site
	Cloaking        *Site
	PackedScript    *Site
	ExpiringCert    *Site
	Down            *Site
	// InfectedPage is the URL of GamblingSubpage's page with the hidden
	// betting links.
	InfectedPage string

	tb       testing.TB
	ca       *CA
	defaced  atomic.Bool
	down     atomic.Bool
	realOnce sync.Once
	real     *realistic
}

// Start runs every fixture site until the test ends.
func Start(tb testing.TB) *Sites {
	tb.Helper()
	s := &Sites{tb: tb, ca: NewCA(tb)}
	s.down.Store(true)
	s.Clean = s.start("clean", orgs[0], behavior{})
	s.Timestamp = s.start("timestamp", orgs[1], timestampBehavior())
	s.Defaced = s.start("defaced", orgs[2], behavior{override: s.defacedOverride})
	s.GamblingSubpage = s.start("gambling_subpage", orgs[3], gamblingBehavior())
	s.Cloaking = s.start("cloaking", orgs[4], behavior{override: cloakingOverride})
	s.PackedScript = s.start("packed_script", orgs[5], behavior{inject: packedScript})
	s.ExpiringCert = s.start("expiring_cert", orgs[6], behavior{})
	s.Down = s.start("down", orgs[7], behavior{override: s.downOverride})
	s.InfectedPage = s.GamblingSubpage.Page("/tin-tuc/" + infectedSlug + ".html")
	return s
}

// All lists the fixture sites (not the realistic ones) in a fixed order.
func (s *Sites) All() []*Site {
	return []*Site{s.Clean, s.Timestamp, s.Defaced, s.GamblingSubpage, s.Cloaking, s.PackedScript, s.ExpiringCert, s.Down}
}

// RootCAs returns the pool that verifies ExpiringCert's certificate (and
// any other certificate from CA).
func (s *Sites) RootCAs() *x509.CertPool { return s.ca.Pool() }

// CA returns the test CA behind ExpiringCert, to issue more certificates.
func (s *Sites) CA() *CA { return s.ca }

// Deface turns Defaced's home page into a "Hacked by" page.
func (s *Sites) Deface() { s.defaced.Store(true) }

// Restore puts Defaced's original home page back.
func (s *Sites) Restore() { s.defaced.Store(false) }

// Recover makes Down answer normally.
func (s *Sites) Recover() { s.down.Store(false) }

// GoDown makes Down answer 503 again (its state at Start).
func (s *Sites) GoDown() { s.down.Store(true) }

// start runs one fixture site.
func (s *Sites) start(name string, o org, b behavior) *Site {
	site := &Site{Name: name, Org: o.Name, org: o, arts: articles}
	if b.articles != nil {
		site.arts = b.articles
	}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		site.hits.Add(1)
		serve(site, b, w, r)
	})
	if name == "expiring_cert" {
		now := time.Now()
		// Five more days, plus an hour so whole days left count 5.
		cert := s.ca.Issue(s.tb, now.AddDate(0, 0, -85), now.Add(5*24*time.Hour+time.Hour))
		site.srv = s.ca.StartTLS(s.tb, h, cert)
	} else {
		site.srv = httptest.NewServer(h)
		s.tb.Cleanup(site.srv.Close)
	}
	site.URL = site.srv.URL + "/"
	return site
}

// behavior is what makes a fixture site differ from a clean portal.
type behavior struct {
	clock   func() string
	counter func() string
	// inject is HTML added to every page before </body>.
	inject string
	// extra is HTML added to the body of one article, by slug.
	extra map[string]string
	// articles replace the standard news.
	articles []article
	// override answers a request instead of the portal when it returns
	// true.
	override func(w http.ResponseWriter, r *http.Request) bool
}

// subPages are the paths of every fixture portal besides "/".
func subPages(arts []article) []string {
	out := []string{"/gioi-thieu/", "/tin-tuc/", "/van-ban/", "/lien-he/"}
	for _, a := range arts {
		out = append(out, "/tin-tuc/"+a.Slug+".html")
	}
	return out
}

// serve answers one request to a fixture portal.
func serve(site *Site, b behavior, w http.ResponseWriter, r *http.Request) {
	if b.override != nil && b.override(w, r) {
		return
	}
	o, arts := site.org, site.arts
	p := page{Clock: staticClock, Counter: staticCounter, Inject: b.inject}
	if b.clock != nil {
		p.Clock = b.clock()
	}
	if b.counter != nil {
		p.Counter = b.counter()
	}
	switch path := r.URL.Path; {
	case path == "/" || path == "/index.html":
		p.Title = "Trang chủ - " + o.Name
		p.Main = homeMain(o, arts)
	case path == "/gioi-thieu/":
		p.Title, p.Main = "Giới thiệu - "+o.Name, aboutMain(o)
	case path == "/tin-tuc/":
		p.Title, p.Main = "Tin tức - Sự kiện - "+o.Name, newsList(o, arts, false)
	case path == "/van-ban/":
		p.Title, p.Main = "Văn bản pháp quy - "+o.Name, docsMain(o)
	case path == "/lien-he/":
		p.Title, p.Main = "Liên hệ - "+o.Name, contactMain(o)
	case strings.HasPrefix(path, "/tin-tuc/") && strings.HasSuffix(path, ".html"):
		slug := strings.TrimSuffix(strings.TrimPrefix(path, "/tin-tuc/"), ".html")
		a, ok := findArticle(arts, slug)
		if !ok {
			notFound(o, w)
			return
		}
		p.Title, p.Main = a.Title+" - "+o.Name, articleMain(o, a, b.extra[slug])
	case path == "/robots.txt":
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintf(w, "User-agent: *\nDisallow: /admin/\nDisallow: /tim-kiem/\n\nSitemap: %s/sitemap.xml\n", base(r))
		return
	case path == "/sitemap.xml":
		writeXML(w, sitemapIndex(base(r), "/sitemap-pages.xml", "/sitemap-news.xml"))
		return
	case path == "/sitemap-pages.xml":
		writeXML(w, urlset(base(r), "/", "/gioi-thieu/", "/tin-tuc/", "/van-ban/", "/lien-he/"))
		return
	case path == "/sitemap-news.xml":
		var paths []string
		for _, a := range arts {
			paths = append(paths, "/tin-tuc/"+a.Slug+".html")
		}
		writeXML(w, urlset(base(r), paths...))
		return
	default:
		notFound(o, w)
		return
	}
	writeHTML(w, http.StatusOK, renderPortal(o, p))
}

func findArticle(arts []article, slug string) (article, bool) {
	for _, a := range arts {
		if a.Slug == slug {
			return a, true
		}
	}
	return article{}, false
}

func notFound(o org, w http.ResponseWriter) {
	writeHTML(w, http.StatusNotFound, renderPortal(o, page{Title: "Không tìm thấy trang", Clock: staticClock, Counter: staticCounter,
		Main: `<h2>404 - Không tìm thấy trang</h2><p>Trang bạn yêu cầu không tồn tại hoặc đã bị xóa.</p>`}))
}

// base is the scheme and host a request was made to.
func base(r *http.Request) string {
	if r.TLS != nil {
		return "https://" + r.Host
	}
	return "http://" + r.Host
}

func writeXML(w http.ResponseWriter, body string) {
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	_, _ = w.Write([]byte(body))
}

func urlset(base string, paths ...string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
	for _, p := range paths {
		fmt.Fprintf(&b, "\n  <url><loc>%s%s</loc><lastmod>2025-11-20</lastmod><changefreq>daily</changefreq></url>", base, p)
	}
	b.WriteString("\n</urlset>\n")
	return b.String()
}

func sitemapIndex(base string, paths ...string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
	for _, p := range paths {
		fmt.Fprintf(&b, "\n  <sitemap><loc>%s%s</loc></sitemap>", base, p)
	}
	b.WriteString("\n</sitemapindex>\n")
	return b.String()
}
