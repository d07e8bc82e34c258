package webmon

import (
	"context"
	"time"

	"attt/internal/webmon/analyze"
)

// Web is the network side of checks: fetching pages as each variant,
// certificates, DNS and crawling. webmon/fetch provides it on the real
// network; tests can serve fixtures.
type Web interface {
	// Fetch fetches one page as variant v; failures are in Page.Err.
	Fetch(ctx context.Context, url string, v analyze.Variant) *analyze.Page
	// FetchVariants fetches a page as every variant.
	FetchVariants(ctx context.Context, url string) map[analyze.Variant]*analyze.Page
	// Certificate describes the TLS certificate a fetched page was served
	// with; nil for plain HTTP or a failed fetch.
	Certificate(p *analyze.Page) *Cert
	// LookupDNS returns a host's A and NS records, sorted.
	LookupDNS(ctx context.Context, host string) (DNSRecord, error)
	// Crawl lists the pages of a site: root, its sitemap and internal links
	// to depth, at most max.
	Crawl(ctx context.Context, root string, depth, max int, links func(*analyze.Page) []string) []string
}

// DNSRecord is what DNS says of a host.
type DNSRecord struct {
	A  []string
	NS []string
}

// Cert is the certificate of an HTTPS site.
type Cert struct {
	NotAfter time.Time
	Issuer   string
	// Error says why the certificate does not verify for the host, if so.
	Error string
}
