package fetch_test

import (
	"context"
	"net"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/dns/dnsmessage"

	"attt/internal/webmon/fetch"
)

// fakeDNS answers A and NS questions from a table over UDP on loopback and
// records the questions asked.
type fakeDNS struct {
	a  map[string][]string // name (with trailing dot) → IPv4
	ns map[string][]string
	mu sync.Mutex
	qs []string
}

func (d *fakeDNS) start(t *testing.T) *net.Resolver {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pc.Close() })
	go func() {
		buf := make([]byte, 1500)
		for {
			n, addr, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			if out := d.answer(buf[:n]); out != nil {
				_, _ = pc.WriteTo(out, addr)
			}
		}
	}()
	return &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, _, _ string) (net.Conn, error) {
		var dl net.Dialer
		return dl.DialContext(ctx, "udp", pc.LocalAddr().String())
	}}
}

func (d *fakeDNS) answer(msg []byte) []byte {
	var p dnsmessage.Parser
	h, err := p.Start(msg)
	if err != nil {
		return nil
	}
	q, err := p.Question()
	if err != nil {
		return nil
	}
	name := strings.ToLower(q.Name.String())
	d.mu.Lock()
	d.qs = append(d.qs, q.Type.String()+" "+name)
	d.mu.Unlock()
	_, hasA := d.a[name]
	_, hasNS := d.ns[name]
	rcode := dnsmessage.RCodeSuccess
	if !hasA && !hasNS && !strings.HasSuffix(name, "gov.vn.") {
		rcode = dnsmessage.RCodeNameError
	}
	b := dnsmessage.NewBuilder(nil, dnsmessage.Header{ID: h.ID, Response: true, Authoritative: true, RCode: rcode})
	_ = b.StartQuestions()
	_ = b.Question(q)
	_ = b.StartAnswers()
	rh := dnsmessage.ResourceHeader{Name: q.Name, Class: dnsmessage.ClassINET, TTL: 60}
	switch q.Type {
	case dnsmessage.TypeA:
		for _, ip := range d.a[name] {
			_ = b.AResource(rh, dnsmessage.AResource{A: netip.MustParseAddr(ip).As4()})
		}
	case dnsmessage.TypeNS:
		for _, ns := range d.ns[name] {
			_ = b.NSResource(rh, dnsmessage.NSResource{NS: dnsmessage.MustNewName(ns)})
		}
	}
	out, _ := b.Finish()
	return out
}

func (d *fakeDNS) asked() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return slices.Clone(d.qs)
}

func TestLookupDNS(t *testing.T) {
	d := &fakeDNS{
		a: map[string][]string{
			"www.portal.example.gov.vn.": {"10.0.0.2", "10.0.0.1", "10.0.0.2"},
			"example.gov.vn.":            {"10.0.0.9"},
		},
		ns: map[string][]string{"example.gov.vn.": {"NS2.example.gov.vn.", "ns1.example.gov.vn.", "ns1.example.gov.vn."}},
	}
	f := fetch.New(fetch.Options{Resolver: d.start(t), DNSTimeout: 3 * time.Second})
	ctx := context.Background()

	rec, err := f.LookupDNS(ctx, "WWW.portal.example.gov.vn.")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rec.A, []string{"10.0.0.1", "10.0.0.2"}) {
		t.Errorf("A %v", rec.A)
	}
	if !slices.Equal(rec.NS, []string{"ns1.example.gov.vn", "ns2.example.gov.vn"}) {
		t.Errorf("NS %v", rec.NS)
	}
	for _, q := range d.asked() {
		if q == "TypeNS gov.vn." || q == "TypeNS vn." {
			t.Errorf("walked up to a public suffix: %s", q)
		}
	}

	// A zone apex has its own NS; a host with a port is its host.
	if rec, err := f.LookupDNS(ctx, "example.gov.vn:443"); err != nil || !slices.Equal(rec.A, []string{"10.0.0.9"}) || len(rec.NS) != 2 {
		t.Errorf("apex: %+v %v", rec, err)
	}

	// Nothing to look up.
	for _, h := range []string{"127.0.0.1", "127.0.0.1:8080", "[::1]:80", "::1", "localhost", "portal.localhost", ""} {
		rec, err := f.LookupDNS(ctx, h)
		if err != nil || len(rec.A) != 0 || len(rec.NS) != 0 {
			t.Errorf("%q: %+v %v", h, rec, err)
		}
	}

	// A name that does not exist is an error.
	if _, err := f.LookupDNS(ctx, "khong-co.example.org"); err == nil {
		t.Error("no error for a missing name")
	}
}
