package fetch

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"syscall"
)

// ErrBlocked is wrapped by the error of a connection CheckIP refused.
var ErrBlocked = errors.New("fetch: address not allowed")

// metadata are cloud instance-metadata endpoints outside 169.254.0.0/16:
// Alibaba's (in carrier-grade NAT space) and AWS's IPv6 one (in ULA space).
var metadata = []netip.Addr{
	netip.MustParseAddr("100.100.100.200"),
	netip.MustParseAddr("fd00:ec2::254"),
}

// DefaultCheckIP refuses link-local addresses (169.254.0.0/16, where cloud
// metadata services answer, and fe80::/10), known metadata endpoints,
// multicast and the unspecified address. Loopback and private ranges are
// allowed: agency portals live on the provincial network and tests live on
// 127.0.0.1.
func DefaultCheckIP(ip netip.Addr) error {
	ip = ip.Unmap()
	switch {
	case ip.IsLinkLocalUnicast(), ip.IsLinkLocalMulticast(), ip.IsInterfaceLocalMulticast(),
		ip.IsMulticast(), ip.IsUnspecified():
		return fmt.Errorf("%w: %s", ErrBlocked, ip)
	}
	for _, m := range metadata {
		if ip == m {
			return fmt.Errorf("%w: %s", ErrBlocked, ip)
		}
	}
	return nil
}

// cgnat is 100.64.0.0/10, shared address space that netip calls public.
var cgnat = netip.MustParsePrefix("100.64.0.0/10")

// PublicOnly is DefaultCheckIP that also refuses loopback, private
// (RFC 1918, fc00::/7) and carrier-grade NAT addresses, for a node that
// must only reach the public Internet (SSRF protection when users may
// register arbitrary URLs).
func PublicOnly(ip netip.Addr) error {
	if err := DefaultCheckIP(ip); err != nil {
		return err
	}
	ip = ip.Unmap()
	if ip.IsLoopback() || ip.IsPrivate() || cgnat.Contains(ip) {
		return fmt.Errorf("%w: %s", ErrBlocked, ip)
	}
	return nil
}

// controlFor turns check into a net.Dialer control function, which runs
// with the resolved address just before connecting.
func controlFor(check func(netip.Addr) error) func(context.Context, string, string, syscall.RawConn) error {
	return func(_ context.Context, _, address string, _ syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return fmt.Errorf("%w: %s", ErrBlocked, address)
		}
		return check(ap.Addr())
	}
}
