package webmon

import (
	"context"

	"attt/internal/webmon/analyze"
	"attt/internal/webmon/fetch"
)

// NetWeb is the real network side of checks: webmon/fetch's Fetcher (one
// shared transport, a request profile per variant, a per-host limit, a body
// cap, no requests to link-local or cloud-metadata addresses, certificates
// judged rather than enforced so an expired one is still described).
type NetWeb struct{ *fetch.Fetcher }

var _ Web = NetWeb{}

// NewNetWeb returns the real network side of checks.
func NewNetWeb(o fetch.Options) NetWeb { return NetWeb{fetch.New(o)} }

// Certificate describes the certificate a fetched page was served with.
func (w NetWeb) Certificate(p *analyze.Page) *Cert {
	t := w.Fetcher.Certificate(p)
	if t == nil {
		return nil
	}
	return &Cert{NotAfter: t.NotAfter.UTC(), Issuer: t.Issuer, Error: t.Error}
}

// LookupDNS returns a host's A and NS records.
func (w NetWeb) LookupDNS(ctx context.Context, host string) (DNSRecord, error) {
	r, err := w.Fetcher.LookupDNS(ctx, host)
	return DNSRecord{A: r.A, NS: r.NS}, err
}
