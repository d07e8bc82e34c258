package guard

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
)

// MustClientIP returns a ClientIP trusting trusted or fails tb.
func MustClientIP(tb testing.TB, trusted ...string) *ClientIP {
	tb.Helper()
	c, err := NewClientIP(trusted)
	if err != nil {
		tb.Fatalf("NewClientIP(%q): %v", trusted, err)
	}
	return c
}

func TestNewClientIPRejectsGarbage(t *testing.T) {
	for _, bad := range []string{"10.0.0.0/33", "not-an-ip", "10.0.0.1/", "::g", "::ffff:0:0/90"} {
		if _, err := NewClientIP([]string{bad}); err == nil {
			t.Errorf("NewClientIP(%q) = nil error", bad)
		}
	}
	if _, err := NewClientIP([]string{"", " 10.0.0.0/8 ", "::1", "::ffff:192.0.2.0/120"}); err != nil {
		t.Errorf("NewClientIP(valid) = %v", err)
	}
}

func TestClientIPOf(t *testing.T) {
	proxies := []string{"10.0.0.0/8", "192.0.2.1", "fd00::/8"}
	tests := []struct {
		name    string
		trusted []string
		remote  string
		xff     []string
		realIP  string
		want    string
	}{
		{"no proxy", proxies, "203.0.113.7:5555", nil, "", "203.0.113.7"},
		{"spoofed XFF from untrusted peer ignored", proxies, "203.0.113.7:5555", []string{"1.2.3.4"}, "", "203.0.113.7"},
		{"spoofed X-Real-IP from untrusted peer ignored", proxies, "203.0.113.7:5555", nil, "1.2.3.4", "203.0.113.7"},
		{"nil trust list ignores headers", nil, "10.0.0.1:80", []string{"1.2.3.4"}, "", "10.0.0.1"},
		{"trusted proxy one hop", proxies, "10.0.0.1:80", []string{"198.51.100.9"}, "", "198.51.100.9"},
		{"trusted chain, client spoof on the left ignored", proxies,
			"10.0.0.1:80", []string{"6.6.6.6, 198.51.100.9, 10.1.1.1", "192.0.2.1"}, "", "198.51.100.9"},
		{"all hops trusted gives the leftmost", proxies, "10.0.0.1:80", []string{"10.2.2.2, 10.3.3.3"}, "", "10.2.2.2"},
		{"hop with port", proxies, "10.0.0.1:80", []string{"198.51.100.9:4444"}, "", "198.51.100.9"},
		{"IPv6 hop in brackets with port", proxies, "10.0.0.1:80", []string{"[2001:db8::1]:4444"}, "", "2001:db8::1"},
		{"malformed rightmost hop falls back to peer", proxies, "10.0.0.1:80", []string{"1.2.3.4, garbage"}, "", "10.0.0.1"},
		{"empty XFF falls back to peer", proxies, "10.0.0.1:80", []string{""}, "", "10.0.0.1"},
		{"malformed hop left of the client is never read", proxies, "10.0.0.1:80", []string{"garbage, 198.51.100.9"}, "", "198.51.100.9"},
		{"X-Real-IP from trusted peer", proxies, "10.0.0.1:80", nil, "198.51.100.9", "198.51.100.9"},
		{"malformed X-Real-IP falls back", proxies, "10.0.0.1:80", nil, "nope", "10.0.0.1"},
		{"XFF wins over X-Real-IP", proxies, "10.0.0.1:80", []string{"198.51.100.9"}, "6.6.6.6", "198.51.100.9"},
		{"IPv4-mapped peer is unmapped", proxies, "[::ffff:10.0.0.1]:80", []string{"198.51.100.9"}, "", "198.51.100.9"},
		{"IPv6 trusted proxy", proxies, "[fd00::5]:80", []string{"2001:db8::7"}, "", "2001:db8::7"},
		{"zone dropped", nil, "[fe80::1%eth0]:80", nil, "", "fe80::1"},
		{"unix socket peer", proxies, "@", []string{"1.2.3.4"}, "", "invalid IP"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := MustClientIP(t, tt.trusted...)
			r := httptest.NewRequest(http.MethodGet, "/", nil)
			r.RemoteAddr = tt.remote
			for _, v := range tt.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			if tt.realIP != "" {
				r.Header.Set("X-Real-IP", tt.realIP)
			}
			if got := c.Of(r).String(); got != tt.want {
				t.Errorf("Of = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestNilClientIP(t *testing.T) {
	var c *ClientIP
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.RemoteAddr = "10.0.0.1:80"
	r.Header.Set("X-Forwarded-For", "1.2.3.4")
	if got := c.Of(r).String(); got != "10.0.0.1" {
		t.Errorf("nil ClientIP Of = %s", got)
	}
}

func TestKey(t *testing.T) {
	tests := []struct{ addr, want string }{
		{"203.0.113.7", "203.0.113.7"},
		{"::ffff:203.0.113.7", "203.0.113.7"},
		{"2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"},
		{"2001:db8:1:2:ffff::1", "2001:db8:1:2::/64"},
		{"2001:db8:1:3::1", "2001:db8:1:3::/64"},
	}
	for _, tt := range tests {
		if got := Key(netip.MustParseAddr(tt.addr)); got != tt.want {
			t.Errorf("Key(%s) = %s, want %s", tt.addr, got, tt.want)
		}
	}
	if got := Key(netip.Addr{}); got != "unknown" {
		t.Errorf("Key(zero) = %s", got)
	}
}

// FuzzClientIPOf checks that Of never panics and only ever answers the peer
// or an address written in the headers.
func FuzzClientIPOf(f *testing.F) {
	f.Add("10.0.0.1:80", "198.51.100.9, 10.1.1.1", "")
	f.Add("10.0.0.1:80", "", "2001:db8::1")
	f.Add("203.0.113.7:1", "1.2.3.4", "5.6.7.8")
	f.Add("10.0.0.1:80", "[::1]:80,,garbage", "[")
	c := MustClientIP(f, "10.0.0.0/8", "::1")
	f.Fuzz(func(t *testing.T, remote, xff, realIP string) {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.RemoteAddr = remote
		r.Header.Set("X-Forwarded-For", xff)
		r.Header.Set("X-Real-IP", realIP)
		got := c.Of(r)
		peer := parseHost(remote)
		if got == peer {
			return
		}
		if !c.Trusted(peer) {
			t.Fatalf("untrusted peer %v: Of = %v", peer, got)
		}
		if !got.IsValid() {
			t.Fatalf("Of = zero for valid peer %v", peer)
		}
		s := got.String()
		if !strings.Contains(xff, s) && !strings.Contains(realIP, s) && !containsAddr(xff+","+realIP, got) {
			t.Fatalf("Of = %v, not in headers %q %q", got, xff, realIP)
		}
	})
}

func containsAddr(list string, a netip.Addr) bool {
	for _, h := range strings.Split(list, ",") {
		if parseHost(h) == a {
			return true
		}
	}
	return false
}
