package analyze

import (
	"net"
	"net/url"
	"strings"

	"golang.org/x/net/publicsuffix"
)

// domainSet matches host names against a list of domains: a host matches d
// when it is d or a subdomain of d.
type domainSet []string

// newDomainSet normalises a rule list: lower case, no scheme, port,
// wildcard or trailing dot; a URL is reduced to its host.
func newDomainSet(list []string) domainSet {
	out := make(domainSet, 0, len(list))
	for _, d := range list {
		if d = normDomain(d); d != "" {
			out = append(out, d)
		}
	}
	return out
}

func normDomain(d string) string {
	d = strings.ToLower(strings.TrimSpace(d))
	if strings.Contains(d, "://") {
		if u, err := url.Parse(d); err == nil {
			d = u.Hostname()
		}
	}
	if h, _, err := net.SplitHostPort(d); err == nil {
		d = h
	}
	d = strings.TrimPrefix(d, "*.")
	d = strings.TrimPrefix(d, ".")
	return strings.TrimSuffix(d, ".")
}

// has reports whether host is one of the domains or below one.
func (s domainSet) has(host string) bool {
	for _, d := range s {
		if host == d || (len(host) > len(d) && strings.HasSuffix(host, d) && host[len(host)-len(d)-1] == '.') {
			return true
		}
	}
	return false
}

// hostKey is the name an external host is recorded under: its registrable
// domain (eTLD+1, from the public suffix list in golang.org/x/net), so
// rotating sub-hosts of one site are one domain; IP addresses and names
// without a known suffix are kept whole.
func hostKey(host string) string {
	if net.ParseIP(host) != nil {
		return host
	}
	k, err := publicsuffix.EffectiveTLDPlusOne(host)
	if err != nil {
		return host
	}
	return k
}

// hostOf returns the normalised host of an absolute URL.
func hostOf(u *url.URL) string {
	return strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
}

// ownDomains returns the monitor's own domains, or when none are set the
// host of the page (without "www.").
func ownDomains(list []string, page *url.URL) domainSet {
	s := newDomainSet(list)
	if len(s) == 0 && page != nil {
		if h := hostOf(page); h != "" {
			s = domainSet{strings.TrimPrefix(h, "www.")}
		}
	}
	return s
}
