package fetch

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"slices"
	"strings"

	"golang.org/x/net/publicsuffix"
)

// DNSRecord is what DNS says of a host; a change in either list (a hijacked
// domain pointed elsewhere) is a finding.
type DNSRecord struct {
	// A holds the host's addresses (A and AAAA records), sorted.
	A []string `json:"a"`
	// NS holds the name servers of the host's zone, sorted, without the
	// trailing dot.
	NS []string `json:"ns"`
}

// LookupDNS returns host's addresses and name servers. A host with no NS
// records of its own (www.example.gov.vn) gets those of the nearest parent
// up to its registrable domain (example.gov.vn); the walk never reaches a
// public suffix such as gov.vn. IP literals and localhost have no records
// and no error. An error means the addresses could not be looked up; a
// missing NS is not an error.
func LookupDNS(ctx context.Context, r *net.Resolver, host string) (DNSRecord, error) {
	var rec DNSRecord
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	if host == "" || host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return rec, nil
	}
	if _, err := netip.ParseAddr(host); err == nil {
		return rec, nil
	}
	if r == nil {
		r = net.DefaultResolver
	}
	ips, err := r.LookupHost(ctx, host)
	if err != nil {
		return rec, fmt.Errorf("fetch: dns %s: %w", host, err)
	}
	rec.A = sortedUnique(ips, func(s string) string { return s })
	for _, name := range zoneCandidates(host) {
		ns, err := r.LookupNS(ctx, name)
		if err != nil || len(ns) == 0 {
			continue
		}
		names := make([]string, len(ns))
		for i, n := range ns {
			names[i] = n.Host
		}
		rec.NS = sortedUnique(names, func(s string) string { return strings.TrimSuffix(strings.ToLower(s), ".") })
		break
	}
	return rec, nil
}

// LookupDNS is the package LookupDNS with the Fetcher's resolver and
// timeout.
func (f *Fetcher) LookupDNS(ctx context.Context, host string) (DNSRecord, error) {
	ctx, cancel := context.WithTimeout(ctx, f.opts.DNSTimeout)
	defer cancel()
	return LookupDNS(ctx, f.opts.Resolver, host)
}

// zoneCandidates lists host and its parents down to the registrable
// domain, nearest first. A single-label host is its own only candidate.
func zoneCandidates(host string) []string {
	out := []string{host}
	top, err := publicsuffix.EffectiveTLDPlusOne(host)
	if err != nil || top == host {
		return out
	}
	for name := host; name != top; {
		i := strings.IndexByte(name, '.')
		if i < 0 {
			break
		}
		name = name[i+1:]
		out = append(out, name)
	}
	return out
}

// sortedUnique normalises, sorts and dedupes in, dropping empty values.
func sortedUnique(in []string, norm func(string) string) []string {
	out := make([]string, 0, len(in))
	for _, s := range in {
		if s = norm(s); s != "" {
			out = append(out, s)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
