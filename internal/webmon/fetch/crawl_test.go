package fetch_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"

	"attt/internal/webmon/analyze"
	"attt/internal/webmon/fetch"
	"attt/internal/webmon/webmontest"
)

var hrefRe = regexp.MustCompile(`href="([^"]*)"`)

// hrefs is a stand-in for analyze's link extractor: every href, as written.
func hrefs(p *analyze.Page) []string {
	var out []string
	for _, m := range hrefRe.FindAllStringSubmatch(string(p.Body), -1) {
		out = append(out, m[1])
	}
	return out
}

// crawlSite is a small portal: links three levels deep, a sitemap index
// named in robots.txt (one child gzipped), a default sitemap, documents and
// off-site links that must be skipped.
func crawlSite(t *testing.T) *httptest.Server {
	t.Helper()
	var srv *httptest.Server
	page := func(links ...string) string {
		var b strings.Builder
		b.WriteString("<html><body>")
		for _, l := range links {
			fmt.Fprintf(&b, `<a href="%s">x</a>`, l)
		}
		b.WriteString("</body></html>")
		return b.String()
	}
	pages := map[string]string{
		"/":                     page("/a", "b", "/a#top", "/files/bao-cao.pdf", "https://chinhphu.gov.vn/", "mailto:x@y.vn", "javascript:void(0)", "/a?"),
		"/a":                    page("/a/deep", "/"),
		"/b":                    page("/"),
		"/a/deep":               page("/a/deeper"),
		"/a/deeper":             page("/a/deepest"),
		"/tin/1.html":           page("/tin/1-lien-quan.html"),
		"/tin/2.html":           page(),
		"/gioi-thieu":           page(),
		"/tin/1-lien-quan.html": page(),
	}
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		base := "http://" + r.Host
		switch r.URL.Path {
		case "/robots.txt":
			fmt.Fprintf(w, "User-agent: *\nDisallow: /a/\nsitemap: %s/sitemap_index.xml\nSitemap: https://other.example/sitemap.xml\n", base)
		case "/sitemap_index.xml":
			fmt.Fprintf(w, `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc> %s/sitemap-news.xml </loc></sitemap><sitemap><loc>%s/sitemap-pages.xml.gz</loc></sitemap>
<sitemap><loc>https://other.example/sm.xml</loc></sitemap></sitemapindex>`, base, base)
		case "/sitemap-news.xml":
			fmt.Fprintf(w, `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>%s/tin/1.html</loc></url>
<url><loc>%s/tin/2.html</loc></url><url><loc>https://other.example/x</loc></url><url><loc>%s/</loc></url></urlset>`, base, base, base)
		case "/sitemap-pages.xml.gz":
			var buf bytes.Buffer
			zw := gzip.NewWriter(&buf)
			fmt.Fprintf(zw, `<urlset><url><loc>%s/gioi-thieu</loc></url></urlset>`, base)
			zw.Close()
			w.Header().Set("Content-Type", "application/gzip")
			_, _ = w.Write(buf.Bytes())
		case "/sitemap.xml":
			fmt.Fprintf(w, `<urlset><url><loc>%s/tin/2.html</loc></url><url><loc>%s/van-ban.docx</loc></url></urlset>`, base, base)
		default:
			body, ok := pages[r.URL.Path]
			if !ok {
				http.NotFound(w, r)
				return
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, body)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestCrawlDepthAndSitemaps(t *testing.T) {
	srv := crawlSite(t)
	f := fetch.New(fetch.Options{})
	ctx := context.Background()
	u := func(paths ...string) []string {
		out := make([]string, len(paths))
		for i, p := range paths {
			out[i] = srv.URL + p
		}
		return out
	}
	sitemaps := u("/tin/1.html", "/tin/2.html", "/gioi-thieu")
	cases := []struct {
		depth, max int
		want       []string
	}{
		{0, 100, append(u("/"), sitemaps...)},
		{1, 100, append(u("/", "/a", "/b"), sitemaps...)},
		{2, 100, append(append(u("/", "/a", "/b"), sitemaps...), u("/a/deep", "/tin/1-lien-quan.html")...)},
		{3, 100, append(append(u("/", "/a", "/b"), sitemaps...), u("/a/deep", "/tin/1-lien-quan.html", "/a/deeper")...)},
		{3, 3, u("/", "/a", "/b")},
		{3, 0, u("/")},
	}
	for _, c := range cases {
		got := f.Crawl(ctx, srv.URL+"/", c.depth, c.max, hrefs)
		if !slices.Equal(got, c.want) {
			t.Errorf("depth %d max %d:\n got %v\nwant %v", c.depth, c.max, got, c.want)
		}
	}
	// Root without a slash stays as given and is not listed twice.
	if got := f.Crawl(ctx, srv.URL, 0, 100, nil); got[0] != srv.URL || len(got) != 4 {
		t.Errorf("root without slash: %v", got)
	}
}

func TestCrawlFollowsRootRedirectHost(t *testing.T) {
	target := crawlSite(t)
	alias := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target.URL+r.URL.Path, http.StatusMovedPermanently)
	}))
	t.Cleanup(alias.Close)
	got := fetch.New(fetch.Options{}).Crawl(context.Background(), alias.URL+"/", 1, 100, hrefs)
	if got[0] != alias.URL+"/" || !slices.Contains(got, target.URL+"/a") || slices.Contains(got, target.URL+"/") {
		t.Errorf("crawl through redirect: %v", got)
	}
}

func TestCrawlFindsGamblingSubpage(t *testing.T) {
	sites := webmontest.Start(t)
	f := fetch.New(fetch.Options{})
	for _, depth := range []int{0, 1} {
		got := f.Crawl(context.Background(), sites.GamblingSubpage.URL, depth, 50, hrefs)
		if !slices.Contains(got, sites.InfectedPage) {
			t.Errorf("depth %d: infected page not covered: %v", depth, got)
		}
		for _, p := range sites.GamblingSubpage.Pages() {
			if !slices.Contains(got, p) {
				t.Errorf("depth %d: %s missing", depth, p)
			}
		}
		for _, p := range got {
			if !strings.HasPrefix(p, sites.GamblingSubpage.URL) {
				t.Errorf("off-site page %s", p)
			}
		}
	}
	// Via links alone (no sitemap at depth ≥ 1 would be needed) the home
	// page leads to it too.
	p := f.Fetch(context.Background(), sites.GamblingSubpage.URL, analyze.Browser)
	path := strings.TrimPrefix(sites.InfectedPage, strings.TrimSuffix(sites.GamblingSubpage.URL, "/"))
	if !slices.Contains(hrefs(p), path) {
		t.Error("home page does not link the infected page")
	}
}

func TestCrawlBadRoot(t *testing.T) {
	got := fetch.New(fetch.Options{}).Crawl(context.Background(), "::not a url", 2, 10, hrefs)
	if !slices.Equal(got, []string{"::not a url"}) {
		t.Errorf("bad root: %v", got)
	}
}
