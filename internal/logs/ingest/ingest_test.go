package ingest

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"attt/internal/logs/store"
)

// table is a Resolver over a fixed table of addresses and host names,
// recording sightings.
type table struct {
	mu     sync.Mutex
	byAddr map[string][2]string
	byHost map[string][2]string
	seen   map[string]int
}

func (t *table) Resolve(peer, host string) Origin {
	if b, ok := t.byHost[host]; ok {
		return Origin{Org: b[0], Source: b[1]}
	}
	if b, ok := t.byAddr[peer]; ok {
		return Origin{Org: b[0], Source: b[1], Keep: 7}
	}
	return Origin{}
}

func (t *table) Seen(source, peer, host string, n int, at time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.seen[source+"@"+peer] += n
}

type rig struct {
	st  *store.Disk
	in  *Ingest
	ls  *Listeners
	res *table
}

func start(t *testing.T, opt Options) *rig {
	t.Helper()
	st, err := store.Open(store.Options{Dir: t.TempDir(), SyncEvery: 5 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	res := &table{byAddr: map[string][2]string{"127.0.0.1": {"A", "src-a"}}, byHost: map[string][2]string{"relayed-b": {"B", "src-b"}}, seen: map[string]int{}}
	opt.Loc = time.FixedZone("ICT", 7*3600)
	in := New(st, res, opt)
	ls := serve(t, in, func() { st.Close() })
	return &rig{st: st, in: in, ls: ls, res: res}
}

// serve binds in's sockets and serves them until the test ends, then
// runs after.
func serve(t *testing.T, in *Ingest, after func()) *Listeners {
	t.Helper()
	ls, err := in.Listen()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); in.Serve(ctx, ls) }()
	t.Cleanup(func() { cancel(); <-done; after() })
	return ls
}

// waitFor polls until q finds n events.
func (r *rig) waitFor(t *testing.T, q store.Query, n int) []store.Record {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		res, err := r.st.Search(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Events) >= n || time.Now().After(deadline) {
			if len(res.Events) != n {
				t.Fatalf("found %d events, want %d", len(res.Events), n)
			}
			return res.Events
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestTCPFramings(t *testing.T) {
	r := start(t, Options{TCP: "127.0.0.1:0"})
	c, err := net.Dial("tcp", r.ls.TCP.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	m1 := `<34>1 2026-11-20T09:00:00Z fw-01 sshd - - - Failed password for root from 10.9.9.9 port 22 ssh2`
	m2 := `<13>Nov 20 09:00:01 relayed-b app: line framed by LF`
	m3 := "not syslog at all"
	fmt.Fprintf(c, "%d %s%s\n%s\n", len(m1), m1, m2, m3)
	c.Close()
	got := r.waitFor(t, store.Query{AllOrgs: true}, 3)
	byRaw := map[string]store.Record{}
	for _, e := range got {
		byRaw[e.Raw] = e
	}
	if e := byRaw[m1]; e.Org != "A" || e.Source != "src-a" || e.Peer != "127.0.0.1" || e.Host != "fw-01" || e.Keep != 7 {
		t.Errorf("octet-counted message attributed wrongly: %+v", e)
	}
	if e := byRaw[m2]; e.Org != "B" || e.Time.In(time.FixedZone("ICT", 7*3600)).Hour() != 9 {
		t.Errorf("a host name source should win over the address, and a zoneless time read in ICT: %+v", e)
	}
	if e := byRaw[m3]; e.ParseError == "" {
		t.Errorf("a malformed line must be kept with its parse-error flag: %+v", e)
	}
}

func TestUDP(t *testing.T) {
	r := start(t, Options{UDP: "127.0.0.1:0"})
	c, err := net.Dial("udp", r.ls.UDP.LocalAddr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for i := 0; i < 20; i++ {
		fmt.Fprintf(c, "<14>1 2026-11-20T09:00:%02d+07:00 h app - - - datagram %d", i, i)
	}
	r.waitFor(t, store.Query{Orgs: []string{"A"}, Text: "datagram"}, 20)
	if r.in.Stats().UDPDropped.Load() != 0 {
		t.Fatalf("drops with an idle store")
	}
}

func TestTLS(t *testing.T) {
	cert, key := selfSigned(t)
	r := start(t, Options{TLS: "127.0.0.1:0", CertFile: cert, KeyFile: key})
	c, err := tls.Dial("tcp", r.ls.TLS.Addr().String(), &tls.Config{InsecureSkipVerify: true}) //nolint:gosec // Self-signed test certificate.
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(c, "<14>1 2026-11-20T09:00:00+07:00 h app - - - over tls\n")
	c.Close()
	r.waitFor(t, store.Query{AllOrgs: true, Text: "over tls"}, 1)
}

func TestTLSNeedsCertificate(t *testing.T) {
	in := New(nil, &table{}, Options{TLS: "127.0.0.1:0"})
	if _, err := in.Listen(); err == nil {
		t.Fatal("TLS listener started without a certificate")
	}
}

func TestJSONOverHTTPPath(t *testing.T) {
	r := start(t, Options{})
	n, err := r.in.AddJSON(context.Background(), Origin{Org: "C", Source: "src-c"}, "10.0.0.5", [][]byte{
		[]byte(`{"timestamp":"2026-11-20T09:00:00","host":"app-01","message":"đăng nhập thành công","user":"an"}`),
		[]byte(`{not json`),
	})
	if err != nil || n != 2 {
		t.Fatalf("AddJSON = %d, %v", n, err)
	}
	// Acknowledged means durable and searchable: no waiting.
	res, err := r.st.Search(context.Background(), store.Query{Orgs: []string{"C"}})
	if err != nil || len(res.Events) != 2 {
		t.Fatalf("after the acknowledgement %d events, %v", len(res.Events), err)
	}
	if res.Events[0].Time.UTC().Hour() != 2 && res.Events[1].Time.UTC().Hour() != 2 {
		t.Fatalf("zoneless JSON time not read in Asia/Ho_Chi_Minh: %v %v", res.Events[0].Time, res.Events[1].Time)
	}
}

// TestLoggerRealSender sends with util-linux logger over TCP, with both
// framings, and over UDP.
func TestLoggerRealSender(t *testing.T) {
	if _, err := exec.LookPath("logger"); err != nil {
		t.Skip("logger (util-linux) not installed")
	}
	r := start(t, Options{TCP: "127.0.0.1:0", UDP: "127.0.0.1:0"})
	_, tcpPort, _ := net.SplitHostPort(r.ls.TCP.Addr().String())
	_, udpPort, _ := net.SplitHostPort(r.ls.UDP.LocalAddr().String())
	runs := [][]string{
		{"-n", "127.0.0.1", "-P", tcpPort, "-T", "--rfc5424", "-t", "kiemtra", "--sd-id", "attt@32473", "--sd-param", `user="an"`, "logger tcp rfc5424"},
		{"-n", "127.0.0.1", "-P", tcpPort, "-T", "--octet-count", "-t", "kiemtra", "logger tcp octet"},
		{"-n", "127.0.0.1", "-P", tcpPort, "-T", "--rfc3164", "-t", "kiemtra", "logger tcp bsd"},
		{"-n", "127.0.0.1", "-P", udpPort, "-d", "-t", "kiemtra", "logger udp"},
	}
	for _, args := range runs {
		if out, err := exec.Command("logger", args...).CombinedOutput(); err != nil {
			t.Fatalf("logger %v: %v %s", args, err, out)
		}
	}
	got := r.waitFor(t, store.Query{Orgs: []string{"A"}, Apps: []string{"kiemtra"}}, 4)
	for _, e := range got {
		if e.ParseError != "" {
			t.Errorf("logger line not parsed: %q: %s", e.Raw, e.ParseError)
		}
	}
	r.waitFor(t, store.Query{Orgs: []string{"A"}, Fields: []store.FieldMatch{{Key: "attt@32473.user", Value: "an"}}}, 1)
}

func selfSigned(t *testing.T) (certFile, keyFile string) {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tpl := x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "attt"}, NotBefore: time.Now().Add(-time.Hour),
		NotAfter: time.Now().Add(time.Hour), IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}}
	der, err := x509.CreateCertificate(rand.Reader, &tpl, &tpl, &k.PublicKey, k)
	if err != nil {
		t.Fatal(err)
	}
	kd, err := x509.MarshalECPrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kd}), 0o600)
	return certFile, keyFile
}
