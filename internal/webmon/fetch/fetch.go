// Package fetch is the network side of website monitoring (S6, Đ6.2.f,
// Đ8.1.b): it fetches a page as each cloaking variant (browser, Googlebot,
// phone, visitor from Google) through one shared transport tuned for
// thousands of sites, reads the certificate from the connection that served
// the page, looks up DNS and lists the pages a monitor covers (sitemaps and
// internal links). It keeps no state of its own and never touches the
// database; failures are data (Page.Err), not Go errors, because "the site
// is down" is a finding.
package fetch

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"attt/internal/webmon/analyze"
)

// Options tune a Fetcher. The zero value is a sensible production setup.
type Options struct {
	// Timeout bounds one request from dial to the last body byte
	// (default 15s).
	Timeout time.Duration
	// DialTimeout bounds the TCP connect (default 5s).
	DialTimeout time.Duration
	// TLSHandshakeTimeout bounds the TLS handshake (default 5s).
	TLSHandshakeTimeout time.Duration
	// ResponseHeaderTimeout bounds the wait for the status line after the
	// request is sent (default 10s).
	ResponseHeaderTimeout time.Duration
	// MaxBody is how many (decompressed) body bytes are kept; the rest is
	// dropped, not an error (default 2 MiB).
	MaxBody int64
	// MaxRedirects is how many HTTP redirects are followed (default 10).
	MaxRedirects int
	// PerHost is how many requests may run at once against one host:port,
	// across every caller of this Fetcher, so a check never hammers a site
	// (default 4).
	PerHost int
	// MaxConnsPerHost caps the transport's connections to one host
	// (default 2×PerHost); idle ones kept per host are fewer, because
	// thousands of sites share the pool.
	MaxConnsPerHost int
	// RootCAs verify certificates (nil: the system roots). Verification
	// never fails a fetch: its result is in TLSInfo.
	RootCAs *x509.CertPool
	// CheckIP is asked before every connection with the address actually
	// dialled (after DNS, so rebinding cannot dodge it); a non-nil error
	// refuses the connection with reason "blocked". Nil means
	// DefaultCheckIP; PublicOnly refuses internal networks too.
	CheckIP func(netip.Addr) error
	// Proxy chooses a proxy per request (nil: connect directly). With a
	// proxy, CheckIP sees the proxy's address, not the site's.
	Proxy func(*http.Request) (*url.URL, error)
	// Resolver answers LookupDNS (nil: net.DefaultResolver).
	Resolver *net.Resolver
	// DNSTimeout bounds LookupDNS (default 5s).
	DNSTimeout time.Duration
	// Now is the clock for certificate expiry (nil: time.Now).
	Now func() time.Time
}

func (o Options) withDefaults() Options {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&o.Timeout, 15*time.Second)
	def(&o.DialTimeout, 5*time.Second)
	def(&o.TLSHandshakeTimeout, 5*time.Second)
	def(&o.ResponseHeaderTimeout, 10*time.Second)
	def(&o.DNSTimeout, 5*time.Second)
	if o.MaxBody <= 0 {
		o.MaxBody = 2 << 20
	}
	if o.MaxRedirects <= 0 {
		o.MaxRedirects = 10
	}
	if o.PerHost <= 0 {
		o.PerHost = 4
	}
	if o.MaxConnsPerHost <= 0 {
		o.MaxConnsPerHost = 2 * o.PerHost
	}
	if o.CheckIP == nil {
		o.CheckIP = DefaultCheckIP
	}
	if o.Resolver == nil {
		o.Resolver = net.DefaultResolver
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// Fetcher fetches pages for checks. It is safe for concurrent use; make one
// per process and share it, so connections are pooled across monitors.
type Fetcher struct {
	opts   Options
	client *http.Client
	hosts  gates
	certs  certMemo
}

// errTooManyRedirects stops a redirect chain longer than MaxRedirects.
var errTooManyRedirects = errors.New("fetch: too many redirects")

// New returns a Fetcher with one shared transport.
func New(o Options) *Fetcher {
	o = o.withDefaults()
	dialer := &net.Dialer{
		Timeout:        o.DialTimeout,
		KeepAlive:      30 * time.Second,
		ControlContext: controlFor(o.CheckIP),
	}
	tr := &http.Transport{
		Proxy:                  o.Proxy,
		DialContext:            dialer.DialContext,
		ForceAttemptHTTP2:      true, // a custom dialer and TLS config turn it off otherwise
		MaxIdleConns:           4096,
		MaxIdleConnsPerHost:    2,
		MaxConnsPerHost:        o.MaxConnsPerHost,
		IdleConnTimeout:        60 * time.Second,
		TLSHandshakeTimeout:    o.TLSHandshakeTimeout,
		ResponseHeaderTimeout:  o.ResponseHeaderTimeout,
		ExpectContinueTimeout:  time.Second,
		MaxResponseHeaderBytes: 64 << 10,
		DisableCompression:     false,
		// The certificate is judged, not trusted: it is verified after
		// the handshake (tls.go) so an expired or mis-issued certificate is
		// reported with its dates while the page is still checked for
		// defacement — an attacker does not get to hide behind a bad
		// certificate.
		TLSClientConfig: &tls.Config{InsecureSkipVerify: true, MinVersion: tls.VersionTLS10}, //nolint:gosec // verified in tlsInfo
	}
	f := &Fetcher{opts: o}
	f.hosts.init(o.PerHost)
	f.certs.init()
	f.client = &http.Client{
		Transport: tr,
		Timeout:   o.Timeout,
		// No Jar: cookies are never carried from one check to the next.
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > o.MaxRedirects {
				return errTooManyRedirects
			}
			return nil
		},
	}
	return f
}

// Close drops the pooled idle connections.
func (f *Fetcher) Close() { f.client.CloseIdleConnections() }

// Fetch fetches rawURL as variant v. It never fails with a Go error: a
// failed fetch has Status 0 and a reason code in Err (see ReasonText). The
// certificate of an HTTPS answer is kept for Certificate.
func (f *Fetcher) Fetch(ctx context.Context, rawURL string, v analyze.Variant) *analyze.Page {
	p, info := f.FetchTLS(ctx, rawURL, v)
	if info != nil {
		f.certs.put(p, info)
	}
	return p
}

// FetchTLS is Fetch that also returns the certificate of the connection
// that served the page (nil for plain HTTP or a failed fetch), for callers
// that want it without the Certificate lookup.
func (f *Fetcher) FetchTLS(ctx context.Context, rawURL string, v analyze.Variant) (*analyze.Page, *TLSInfo) {
	p := &analyze.Page{URL: rawURL, FinalURL: rawURL}
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		p.Err = ReasonURL
		return p, nil
	}
	release, err := f.hosts.acquire(ctx, strings.ToLower(u.Host))
	if err != nil {
		p.Err = reason(err)
		return p, nil
	}
	defer release()
	// The clock starts after the per-host queue: response time is the
	// site's, not ours.
	start := time.Now()
	defer func() { p.Duration = time.Since(start) }()

	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		p.Err = ReasonURL
		return p, nil
	}
	setProfile(req, v)
	res, err := f.client.Do(req)
	if err != nil {
		p.Err = reason(err)
		return p, nil
	}
	defer res.Body.Close()
	p.FinalURL = res.Request.URL.String()
	p.ContentType = res.Header.Get("Content-Type")
	body, err := readCapped(res.Body, res.ContentLength, f.opts.MaxBody)
	p.Body = body
	if err != nil {
		p.Err = bodyReason(err)
		return p, nil
	}
	p.Status = res.StatusCode
	var info *TLSInfo
	if res.TLS != nil {
		info = f.tlsInfo(res.TLS, res.Request.URL.Hostname())
	}
	return p, info
}

// readCapped reads at most limit bytes of r; reaching the limit is not an
// error. The buffer is sized from Content-Length when the server sent one,
// to avoid regrowing it for every page.
func readCapped(r io.Reader, contentLength, limit int64) ([]byte, error) {
	var buf bytes.Buffer
	if contentLength > 0 {
		buf.Grow(int(min(contentLength, limit)) + bytes.MinRead)
	}
	_, err := buf.ReadFrom(io.LimitReader(r, limit))
	return buf.Bytes(), err
}

// String describes the fetcher's limits, for logs.
func (f *Fetcher) String() string {
	return fmt.Sprintf("fetch(timeout=%s maxBody=%d perHost=%d redirects=%d)",
		f.opts.Timeout, f.opts.MaxBody, f.opts.PerHost, f.opts.MaxRedirects)
}
