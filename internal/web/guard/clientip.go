package guard

import (
	"fmt"
	"net/http"
	"net/netip"
	"strings"
)

// ClientIP finds the address of the client behind a request. Forwarding
// headers are believed only when the connection comes from a trusted reverse
// proxy: anyone else can write any X-Forwarded-For they like, and honouring it
// would let an attacker pick a fresh address for every request and escape
// every per-address limit. A nil *ClientIP trusts no proxy.
type ClientIP struct {
	trusted []netip.Prefix
}

// NewClientIP returns a ClientIP trusting the proxies in trusted, each a CIDR
// ("10.0.0.0/8", "fd00::/8") or a single address ("127.0.0.1", "::1").
func NewClientIP(trusted []string) (*ClientIP, error) {
	c := &ClientIP{}
	for _, s := range trusted {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		p, err := parsePrefix(s)
		if err != nil {
			return nil, fmt.Errorf("guard: trusted proxy %q: %w", s, err)
		}
		c.trusted = append(c.trusted, p)
	}
	return c, nil
}

func parsePrefix(s string) (netip.Prefix, error) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, err
		}
		if p.Addr().Is4In6() {
			if p.Bits() < 96 {
				return netip.Prefix{}, fmt.Errorf("IPv4-mapped prefix shorter than /96")
			}
			p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
		}
		return p.Masked(), nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, err
	}
	a = a.Unmap().WithZone("")
	return netip.PrefixFrom(a, a.BitLen()), nil
}

// Trusted reports whether addr is one of the trusted proxies.
func (c *ClientIP) Trusted(addr netip.Addr) bool {
	if c == nil || !addr.IsValid() {
		return false
	}
	for _, p := range c.trusted {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}

// Of returns the client address of r. It is the connection's peer unless the
// peer is a trusted proxy; then X-Forwarded-For is walked from the right
// (the hop the proxy itself added) past every trusted hop to the first
// untrusted one, or, without X-Forwarded-For, X-Real-IP is used. A malformed
// header falls back to the peer. Of returns the zero Addr when r.RemoteAddr
// is not an IP address (e.g. a Unix socket).
func (c *ClientIP) Of(r *http.Request) netip.Addr {
	peer := parseHost(r.RemoteAddr)
	if !c.Trusted(peer) {
		return peer
	}
	if xff := r.Header.Values("X-Forwarded-For"); len(xff) > 0 {
		if a, ok := c.walkForwarded(xff); ok {
			return a
		}
		return peer
	}
	if xr := r.Header.Get("X-Real-IP"); xr != "" {
		if a := parseHost(xr); a.IsValid() {
			return a
		}
	}
	return peer
}

// walkForwarded returns the rightmost untrusted hop of the X-Forwarded-For
// lines, the leftmost hop when all are trusted, and false when a hop it has
// to read is malformed.
func (c *ClientIP) walkForwarded(lines []string) (netip.Addr, bool) {
	hops := strings.Split(strings.Join(lines, ","), ",")
	var last netip.Addr
	for i := len(hops) - 1; i >= 0; i-- {
		a := parseHost(hops[i])
		if !a.IsValid() {
			return netip.Addr{}, false
		}
		if !c.Trusted(a) {
			return a, true
		}
		last = a
	}
	return last, last.IsValid()
}

// parseHost reads "ip", "ip:port" or "[ipv6]:port", returning the address
// without zone and with IPv4-mapped IPv6 unmapped, or the zero Addr.
func parseHost(s string) netip.Addr {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 64 {
		return netip.Addr{}
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		ap, err2 := netip.ParseAddrPort(s)
		if err2 != nil {
			return netip.Addr{}
		}
		a = ap.Addr()
	}
	return a.Unmap().WithZone("")
}

// Key returns the rate-limiting key of addr: the address itself for IPv4,
// its /64 network for IPv6 (one subscriber usually holds a whole /64, so
// counting single IPv6 addresses would give an attacker 2^64 fresh buckets),
// and "unknown" for the zero Addr.
func Key(addr netip.Addr) string {
	if !addr.IsValid() {
		return "unknown"
	}
	addr = addr.Unmap().WithZone("")
	if addr.Is4() {
		return addr.String()
	}
	p, _ := addr.Prefix(64)
	return p.String()
}
