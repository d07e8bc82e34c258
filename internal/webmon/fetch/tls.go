package fetch

import (
	"crypto/tls"
	"crypto/x509"
	"runtime"
	"sync"
	"time"
	"weak"

	"attt/internal/webmon/analyze"
)

// TLSInfo describes the certificate an HTTPS page was served with, read
// from the connection state of that very fetch.
type TLSInfo struct {
	// Host is the name the certificate was checked for (the final URL's
	// host, after redirects).
	Host      string    `json:"host"`
	Subject   string    `json:"subject"`
	Issuer    string    `json:"issuer"`
	DNSNames  []string  `json:"dns_names,omitempty"`
	NotBefore time.Time `json:"not_before"`
	NotAfter  time.Time `json:"not_after"`
	// DaysLeft is whole days until NotAfter (negative once expired).
	DaysLeft int `json:"days_left"`
	// Verified is set when the chain verifies for Host against the
	// configured roots at fetch time; Error says why not otherwise.
	Verified bool   `json:"verified"`
	Error    string `json:"error,omitempty"`
	// Version is the negotiated protocol, e.g. "TLS 1.3".
	Version string `json:"version"`
}

// Expired reports whether the certificate was past NotAfter when fetched.
func (t *TLSInfo) Expired() bool { return t.DaysLeft < 0 }

// tlsInfo judges the leaf of st for host. No second connection: the
// handshake already gave us the chain.
func (f *Fetcher) tlsInfo(st *tls.ConnectionState, host string) *TLSInfo {
	info := &TLSInfo{Host: host, Version: tls.VersionName(st.Version)}
	if len(st.PeerCertificates) == 0 {
		info.Error = "no certificate"
		return info
	}
	leaf := st.PeerCertificates[0]
	now := f.opts.Now()
	info.Subject = leaf.Subject.String()
	info.Issuer = leaf.Issuer.String()
	info.DNSNames = leaf.DNSNames
	info.NotBefore, info.NotAfter = leaf.NotBefore.UTC(), leaf.NotAfter.UTC()
	info.DaysLeft = daysUntil(now, leaf.NotAfter)
	inter := x509.NewCertPool()
	for _, c := range st.PeerCertificates[1:] {
		inter.AddCert(c)
	}
	_, err := leaf.Verify(x509.VerifyOptions{
		DNSName: host, Roots: f.opts.RootCAs, Intermediates: inter, CurrentTime: now,
	})
	if err != nil {
		info.Error = err.Error()
	} else {
		info.Verified = true
	}
	return info
}

// daysUntil counts whole days from now to t, rounding towards minus
// infinity so a certificate that expired an hour ago has -1 days left.
func daysUntil(now, t time.Time) int {
	d := t.Sub(now)
	days := int(d / (24 * time.Hour))
	if d < 0 && d%(24*time.Hour) != 0 {
		days--
	}
	return days
}

// Certificate returns the certificate of the connection that served p, a
// page this Fetcher's Fetch returned; nil for plain HTTP, a failed fetch
// or a page from elsewhere.
func (f *Fetcher) Certificate(p *analyze.Page) *TLSInfo {
	if p == nil {
		return nil
	}
	return f.certs.get(p)
}

// certMemo remembers the TLSInfo of each page while the page is alive.
// analyze.Page has no room for it, and keying by host would mix up
// concurrent fetches; weak keys and a cleanup drop entries when the page
// is collected, so the memo never outgrows the pages callers still hold.
type certMemo struct {
	mu sync.Mutex
	m  map[weak.Pointer[analyze.Page]]*TLSInfo
}

func (c *certMemo) init() { c.m = make(map[weak.Pointer[analyze.Page]]*TLSInfo) }

func (c *certMemo) put(p *analyze.Page, info *TLSInfo) {
	k := weak.Make(p)
	c.mu.Lock()
	c.m[k] = info
	c.mu.Unlock()
	runtime.AddCleanup(p, c.drop, k)
}

func (c *certMemo) drop(k weak.Pointer[analyze.Page]) {
	c.mu.Lock()
	delete(c.m, k)
	c.mu.Unlock()
}

func (c *certMemo) get(p *analyze.Page) *TLSInfo {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[weak.Make(p)]
}

func (c *certMemo) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.m)
}
