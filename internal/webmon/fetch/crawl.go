package fetch

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strings"
	"sync"

	"attt/internal/webmon/analyze"
)

// Crawl bounds: a sitemap index may nest, and a hostile one may be huge.
const (
	maxSitemapDocs    = 16
	maxSitemapNesting = 2
)

// skipExt are file types that are not pages: documents and media linked
// from portals are not monitored as pages.
var skipExt = map[string]bool{
	".pdf": true, ".doc": true, ".docx": true, ".xls": true, ".xlsx": true, ".ppt": true, ".pptx": true,
	".odt": true, ".ods": true, ".rtf": true, ".txt": true, ".csv": true, ".xml": true, ".json": true,
	".zip": true, ".rar": true, ".7z": true, ".gz": true, ".tar": true, ".exe": true, ".msi": true, ".apk": true,
	".jpg": true, ".jpeg": true, ".png": true, ".gif": true, ".webp": true, ".svg": true, ".ico": true, ".bmp": true,
	".mp3": true, ".mp4": true, ".avi": true, ".mov": true, ".wmv": true, ".flv": true, ".webm": true,
	".css": true, ".js": true, ".woff": true, ".woff2": true, ".ttf": true,
}

// Crawl lists the pages a monitor of root covers, at most limit (limit < 1
// means root only), root first: then the pages linked from root, the pages
// of the sitemaps (/sitemap.xml, robots.txt "Sitemap:" lines, sitemap
// index files, gzipped or not), then pages linked from those, level by
// level, to depth link hops from root. Only pages on root's host (or the
// host root redirects to) are kept; fragments are dropped, duplicates and
// documents (.pdf, images …) skipped. links extracts the absolute or
// relative links of a fetched page (analyze does that); nil follows no
// links. Pages are fetched as the browser variant, within the per-host
// bound. robots.txt Disallow rules are not obeyed: the site's owner asked
// for the monitoring, and spam hides precisely where crawlers are told not
// to look.
func (f *Fetcher) Crawl(ctx context.Context, root string, depth, limit int, links func(page *analyze.Page) []string) []string {
	ru, err := url.Parse(root)
	if err != nil || ru.Host == "" {
		return []string{root}
	}
	c := &crawl{max: max(limit, 1), hosts: map[string]bool{strings.ToLower(ru.Host): true}, seen: map[string]bool{}}
	c.seen[normalize(ru)] = true
	c.out = []string{root}

	var level []string
	if depth > 0 && links != nil {
		p := f.Fetch(ctx, root, analyze.Browser)
		if fu, err := url.Parse(p.FinalURL); err == nil && p.Err == "" {
			c.hosts[strings.ToLower(fu.Host)] = true // http → https, example.gov.vn → www.
			c.seen[normalize(fu)] = true
		}
		level = c.addLinks(p, links)
	}
	for _, u := range f.sitemapPages(ctx, ru, c.hosts) {
		if c.full() {
			break
		}
		if nu, ok := c.add(u, ru); ok {
			level = append(level, nu)
		}
	}
	for d := 2; d <= depth && links != nil && len(level) > 0 && !c.full(); d++ {
		var next []string
		// A batch at a time, so a full list stops the fetching.
		for i := 0; i < len(level) && !c.full() && ctx.Err() == nil; i += f.opts.PerHost {
			for _, p := range f.fetchAll(ctx, level[i:min(i+f.opts.PerHost, len(level))]) {
				next = append(next, c.addLinks(p, links)...)
			}
		}
		level = next
	}
	return c.out
}

// crawl is the state of one Crawl.
type crawl struct {
	max   int
	hosts map[string]bool
	seen  map[string]bool
	out   []string
}

func (c *crawl) full() bool { return len(c.out) >= c.max }

// add records u (resolved against base) if it is a new page of the site,
// and returns its normal form.
func (c *crawl) add(u string, base *url.URL) (string, bool) {
	if c.full() {
		return "", false
	}
	pu, err := base.Parse(strings.TrimSpace(u))
	if err != nil || (pu.Scheme != "http" && pu.Scheme != "https") || !c.hosts[strings.ToLower(pu.Host)] ||
		skipExt[strings.ToLower(path.Ext(pu.Path))] {
		return "", false
	}
	n := normalize(pu)
	if c.seen[n] {
		return "", false
	}
	c.seen[n] = true
	c.out = append(c.out, n)
	return n, true
}

// addLinks adds the links of a fetched HTML page and returns the new ones.
func (c *crawl) addLinks(p *analyze.Page, links func(*analyze.Page) []string) []string {
	if p.Err != "" || p.Status >= 400 || !isHTML(p.ContentType) {
		return nil
	}
	base, err := url.Parse(p.FinalURL)
	if err != nil {
		return nil
	}
	var added []string
	for _, l := range links(p) {
		if n, ok := c.add(l, base); ok {
			added = append(added, n)
		}
	}
	return added
}

// fetchAll fetches a batch of urls as the browser at once (the per-host
// bound still applies), keeping their order.
func (f *Fetcher) fetchAll(ctx context.Context, urls []string) []*analyze.Page {
	pages := make([]*analyze.Page, len(urls))
	var wg sync.WaitGroup
	for i, u := range urls {
		wg.Go(func() { pages[i] = f.Fetch(ctx, u, analyze.Browser) })
	}
	wg.Wait()
	return pages
}

// normalize is the form pages are deduplicated and returned in: lower-case
// scheme and host, "/" for an empty path, no fragment nor empty query.
func normalize(u *url.URL) string {
	n := *u
	n.Scheme = strings.ToLower(n.Scheme)
	n.Host = strings.ToLower(n.Host)
	n.Fragment, n.RawFragment = "", ""
	n.ForceQuery = false // "/a?" is "/a"
	if n.Path == "" && n.Opaque == "" {
		n.Path = "/"
	}
	return n.String()
}

func isHTML(contentType string) bool {
	ct := strings.ToLower(contentType)
	return ct == "" || strings.Contains(ct, "html")
}

// sitemapPages reads the site's sitemaps: those robots.txt names (on the
// site's own hosts) and /sitemap.xml, following index files.
func (f *Fetcher) sitemapPages(ctx context.Context, root *url.URL, hosts map[string]bool) []string {
	queue := f.robotsSitemaps(ctx, root, hosts)
	def := root.ResolveReference(&url.URL{Path: "/sitemap.xml"}).String()
	if !slices.Contains(queue, def) {
		queue = append(queue, def)
	}
	type item struct {
		url   string
		level int
	}
	var items []item
	for _, q := range queue {
		items = append(items, item{q, 0})
	}
	done := map[string]bool{}
	var pages []string
	for len(items) > 0 && len(done) < maxSitemapDocs {
		it := items[0]
		items = items[1:]
		if done[it.url] {
			continue
		}
		done[it.url] = true
		locs, children := f.sitemap(ctx, it.url)
		pages = append(pages, locs...)
		if it.level < maxSitemapNesting {
			// An index's children come next, so pages keep the order the
			// site lists them in.
			var kids []item
			for _, ch := range children {
				if cu, err := url.Parse(ch); err == nil && hosts[strings.ToLower(cu.Host)] {
					kids = append(kids, item{ch, it.level + 1})
				}
			}
			items = append(kids, items...)
		}
	}
	return pages
}

// robotsSitemaps returns the "Sitemap:" lines of robots.txt on the site's
// hosts.
func (f *Fetcher) robotsSitemaps(ctx context.Context, root *url.URL, hosts map[string]bool) []string {
	p := f.Fetch(ctx, root.ResolveReference(&url.URL{Path: "/robots.txt"}).String(), analyze.Browser)
	if p.Err != "" || p.Status != http.StatusOK {
		return nil
	}
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(p.Body))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		k, v, ok := strings.Cut(line, ":")
		if !ok || !strings.EqualFold(strings.TrimSpace(k), "sitemap") {
			continue
		}
		u, err := root.Parse(strings.TrimSpace(v))
		if err == nil && hosts[strings.ToLower(u.Host)] && !slices.Contains(out, u.String()) {
			out = append(out, u.String())
		}
	}
	return out
}

// sitemap fetches one sitemap document and returns its page locations and,
// for an index, its child sitemaps.
func (f *Fetcher) sitemap(ctx context.Context, u string) (pages, children []string) {
	p := f.Fetch(ctx, u, analyze.Browser)
	if p.Err != "" || p.Status != http.StatusOK {
		return nil, nil
	}
	body := p.Body
	if len(body) > 2 && body[0] == 0x1f && body[1] == 0x8b { // sitemap.xml.gz
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return nil, nil
		}
		body, _ = io.ReadAll(io.LimitReader(zr, f.opts.MaxBody))
	}
	var doc struct {
		URLs     []string `xml:"url>loc"`
		Sitemaps []string `xml:"sitemap>loc"`
	}
	dec := xml.NewDecoder(bytes.NewReader(body))
	dec.Strict = false
	if err := dec.Decode(&doc); err != nil && len(doc.URLs) == 0 && len(doc.Sitemaps) == 0 {
		return nil, nil
	}
	for i := range doc.URLs {
		doc.URLs[i] = strings.TrimSpace(doc.URLs[i])
	}
	for i := range doc.Sitemaps {
		doc.Sitemaps[i] = strings.TrimSpace(doc.Sitemaps[i])
	}
	return doc.URLs, doc.Sitemaps
}
