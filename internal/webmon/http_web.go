package webmon

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/xml"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"attt/internal/webmon/analyze"
)

// HTTPWeb is the real network: one shared transport for thousands of
// sites, a request profile per variant, a body cap, and the certificate of
// every HTTPS answer kept with the page.
type HTTPWeb struct {
	client   *http.Client
	resolver *net.Resolver
	maxBody  int64
	roots    *x509.CertPool
	certs    sync.Map // host → *Cert of its latest HTTPS answer
}

var _ Web = (*HTTPWeb)(nil)

// HTTPWebOptions tune HTTPWeb.
type HTTPWebOptions struct {
	Timeout time.Duration
	MaxBody int64
	// RootCAs verify certificates (nil: the system's).
	RootCAs *x509.CertPool
}

// NewHTTPWeb returns the real network side of checks.
func NewHTTPWeb(o HTTPWebOptions) *HTTPWeb {
	if o.Timeout == 0 {
		o.Timeout = 15 * time.Second
	}
	if o.MaxBody == 0 {
		o.MaxBody = 2 << 20
	}
	tr := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:          2048,
		MaxIdleConnsPerHost:   8,
		MaxConnsPerHost:       16,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   5 * time.Second,
		ResponseHeaderTimeout: 10 * time.Second,
		ForceAttemptHTTP2:     true,
		// The certificate is judged, not trusted blindly: verification runs
		// after the handshake so an expired certificate is still reported
		// with its dates instead of only "TLS error".
		TLSClientConfig: &tls.Config{InsecureSkipVerify: true, MinVersion: tls.VersionTLS10}, //nolint:gosec // verified in certOf
	}
	w := &HTTPWeb{maxBody: o.MaxBody, resolver: net.DefaultResolver}
	w.client = &http.Client{Transport: tr, Timeout: o.Timeout, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if len(via) >= 10 {
			return errors.New("too_many_redirects")
		}
		return nil
	}}
	w.roots = o.RootCAs
	return w
}

// profiles are the request headers of each variant.
var profiles = map[analyze.Variant]http.Header{
	analyze.Browser: {"User-Agent": {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"},
		"Accept": {"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}, "Accept-Language": {"vi-VN,vi;q=0.9,en;q=0.8"}},
	analyze.Googlebot: {"User-Agent": {"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"},
		"Accept": {"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}},
	analyze.Mobile: {"User-Agent": {"Mozilla/5.0 (Linux; Android 14; SM-A556E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36"},
		"Accept": {"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}, "Accept-Language": {"vi-VN,vi;q=0.9"}},
	analyze.GoogleReferrer: {"User-Agent": {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"},
		"Accept": {"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}, "Accept-Language": {"vi-VN,vi;q=0.9,en;q=0.8"},
		"Referer": {"https://www.google.com/search?q=c%E1%BB%95ng+th%C3%B4ng+tin+%C4%91i%E1%BB%87n+t%E1%BB%AD"}},
}

// Fetch fetches raw as variant v.
func (w *HTTPWeb) Fetch(ctx context.Context, raw string, v analyze.Variant) *analyze.Page {
	p := &analyze.Page{URL: raw, FinalURL: raw}
	start := time.Now()
	defer func() { p.Duration = time.Since(start) }()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, raw, nil)
	if err != nil {
		p.Err = "url"
		return p
	}
	for k, vs := range profiles[v] {
		req.Header[k] = vs
	}
	res, err := w.client.Do(req)
	if err != nil {
		p.Err = reason(err)
		return p
	}
	defer res.Body.Close()
	p.Status, p.FinalURL, p.ContentType = res.StatusCode, res.Request.URL.String(), res.Header.Get("Content-Type")
	p.Body, err = io.ReadAll(io.LimitReader(res.Body, w.maxBody))
	if err != nil {
		p.Err = "body"
	}
	if res.TLS != nil {
		host := res.Request.URL.Hostname()
		w.certs.Store(host, w.certOf(res.TLS, host))
	}
	return p
}

// FetchVariants fetches every variant, two at a time.
func (w *HTTPWeb) FetchVariants(ctx context.Context, raw string) map[analyze.Variant]*analyze.Page {
	out := make(map[analyze.Variant]*analyze.Page, 4)
	var mu sync.Mutex
	var wg sync.WaitGroup
	sem := make(chan struct{}, 2)
	for _, v := range analyze.Variants() {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			p := w.Fetch(ctx, raw, v)
			mu.Lock()
			out[v] = p
			mu.Unlock()
		}()
	}
	wg.Wait()
	return out
}

// Certificate returns the certificate of the HTTPS host that served p last.
func (w *HTTPWeb) Certificate(p *analyze.Page) *Cert {
	if p == nil || p.Err != "" || !strings.HasPrefix(p.FinalURL, "https://") {
		return nil
	}
	c, ok := w.certs.Load(hostOf(p.FinalURL))
	if !ok {
		return nil
	}
	return c.(*Cert)
}

func (w *HTTPWeb) certOf(st *tls.ConnectionState, host string) *Cert {
	if len(st.PeerCertificates) == 0 {
		return &Cert{Error: "no certificate"}
	}
	leaf := st.PeerCertificates[0]
	c := &Cert{NotAfter: leaf.NotAfter.UTC(), Issuer: leaf.Issuer.CommonName}
	inter := x509.NewCertPool()
	for _, ic := range st.PeerCertificates[1:] {
		inter.AddCert(ic)
	}
	if _, err := leaf.Verify(x509.VerifyOptions{DNSName: host, Roots: w.roots, Intermediates: inter}); err != nil {
		c.Error = err.Error()
	}
	return c
}

// LookupDNS returns the host's A and NS records; IP addresses and
// single-label hosts have none.
func (w *HTTPWeb) LookupDNS(ctx context.Context, host string) (DNSRecord, error) {
	var r DNSRecord
	if host == "" || net.ParseIP(host) != nil || !strings.Contains(host, ".") {
		return r, nil
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	ips, err := w.resolver.LookupHost(ctx, host)
	if err != nil {
		return r, err
	}
	r.A = sortedUnique(ips)
	for name := host; strings.Count(name, ".") >= 1; name = name[strings.Index(name, ".")+1:] {
		if ns, err := w.resolver.LookupNS(ctx, name); err == nil && len(ns) > 0 {
			for _, n := range ns {
				r.NS = append(r.NS, strings.TrimSuffix(n.Host, "."))
			}
			break
		}
	}
	r.NS = sortedUnique(r.NS)
	return r, nil
}

// Crawl lists root, the sitemap's pages and internal links found to depth,
// all on root's host, at most max.
func (w *HTTPWeb) Crawl(ctx context.Context, root string, depth, max int, links func(*analyze.Page) []string) []string {
	base, err := url.Parse(root)
	if err != nil {
		return []string{root}
	}
	seen := map[string]bool{root: true}
	out := []string{root}
	add := func(u string) bool {
		pu, err := url.Parse(u)
		if err != nil || pu.Host != base.Host || (pu.Scheme != "http" && pu.Scheme != "https") || len(out) >= max {
			return false
		}
		pu.Fragment = ""
		u = pu.String()
		if seen[u] {
			return false
		}
		seen[u] = true
		out = append(out, u)
		return true
	}
	for _, u := range w.sitemap(ctx, base.ResolveReference(&url.URL{Path: "/sitemap.xml"}).String(), 2) {
		add(u)
	}
	frontier := []string{root}
	for d := 0; d < depth && len(frontier) > 0 && len(out) < max; d++ {
		var next []string
		for _, u := range frontier {
			p := w.Fetch(ctx, u, analyze.Browser)
			if p.Err != "" || p.Status >= 400 {
				continue
			}
			for _, l := range links(p) {
				if add(l) {
					next = append(next, l)
				}
			}
		}
		frontier = next
	}
	return out
}

// sitemap reads a sitemap or sitemap index (to nesting levels).
func (w *HTTPWeb) sitemap(ctx context.Context, u string, nesting int) []string {
	p := w.Fetch(ctx, u, analyze.Browser)
	if p.Err != "" || p.Status != http.StatusOK || !bytes.Contains(p.Body, []byte("<loc")) {
		return nil
	}
	var doc struct {
		URLs     []string `xml:"url>loc"`
		Sitemaps []string `xml:"sitemap>loc"`
	}
	if err := xml.Unmarshal(p.Body, &doc); err != nil {
		return nil
	}
	out := doc.URLs
	if nesting > 0 {
		for _, sm := range doc.Sitemaps {
			out = append(out, w.sitemap(ctx, strings.TrimSpace(sm), nesting-1)...)
		}
	}
	for i := range out {
		out[i] = strings.TrimSpace(out[i])
	}
	return out
}

// reason names why a fetch failed, in a short stable code.
func reason(err error) string {
	var dnsErr *net.DNSError
	var opErr *net.OpError
	var tlsErr tls.RecordHeaderError
	switch {
	case strings.Contains(err.Error(), "too_many_redirects"):
		return "too_many_redirects"
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded) || strings.Contains(err.Error(), "Timeout"):
		return "timeout"
	case errors.As(err, &dnsErr):
		return "dns"
	case errors.As(err, &tlsErr) || strings.Contains(err.Error(), "tls:"):
		return "tls"
	case errors.As(err, &opErr):
		return "connect"
	}
	return "connect"
}

func sortedUnique(in []string) []string {
	out := slices.Clone(in)
	slices.Sort(out)
	return slices.Compact(out)
}
