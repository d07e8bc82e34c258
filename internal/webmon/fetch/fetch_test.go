package fetch_test

import (
	"compress/gzip"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"attt/internal/webmon/analyze"
	"attt/internal/webmon/fetch"
	"attt/internal/webmon/webmontest"
)

// serve starts a plain HTTP test server.
func serve(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func TestVariantsSeenByServer(t *testing.T) {
	type seen struct{ ua, ref, lang string }
	var mu sync.Mutex
	got := map[string]seen{}
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got[r.URL.Query().Get("v")] = seen{r.UserAgent(), r.Referer(), r.Header.Get("Accept-Language")}
		mu.Unlock()
		fmt.Fprint(w, "<html><body>ok</body></html>")
	})
	f := fetch.New(fetch.Options{})
	for _, v := range analyze.Variants() {
		p := f.Fetch(context.Background(), srv.URL+"/?v="+string(v), v)
		if p.Err != "" || p.Status != 200 || string(p.Body) != "<html><body>ok</body></html>" {
			t.Fatalf("%s: %+v", v, p)
		}
	}
	b, g, m, r := got["browser"], got["googlebot"], got["mobile"], got["google_referrer"]
	if !strings.Contains(b.ua, "Chrome/") || strings.Contains(b.ua, "Mobile") || b.ref != "" || b.lang != "vi-VN,vi;q=0.9,en;q=0.8" {
		t.Errorf("browser sent %+v", b)
	}
	if !strings.Contains(g.ua, "Googlebot/2.1") || g.ref != "" {
		t.Errorf("googlebot sent %+v", g)
	}
	if !strings.Contains(m.ua, "Android") || !strings.Contains(m.ua, "Mobile Safari") || strings.Contains(m.ua, "Googlebot") {
		t.Errorf("mobile sent %+v", m)
	}
	if r.ua != b.ua || !strings.HasPrefix(r.ref, "https://www.google.com/search?q=127.0.0.1") {
		t.Errorf("google referrer sent %+v", r)
	}
}

func TestFetchVariantsAgainstCloakingSite(t *testing.T) {
	sites := webmontest.Start(t)
	f := fetch.New(fetch.Options{})
	pages := f.FetchVariants(context.Background(), sites.Cloaking.URL)
	if len(pages) != 4 {
		t.Fatalf("%d variants", len(pages))
	}
	for v, p := range pages {
		if p.Err != "" || p.Status != 200 || p.URL != sites.Cloaking.URL {
			t.Fatalf("%s: %+v", v, p)
		}
	}
	has := func(v analyze.Variant, s string) bool { return strings.Contains(string(pages[v].Body), s) }
	if has(analyze.Browser, "nhacai88") || has(analyze.Mobile, "nhacai88") || has(analyze.Browser, "Nhà cái") {
		t.Error("browser or phone sees the cloaked content")
	}
	if !has(analyze.Googlebot, "Nhà cái uy tín") {
		t.Error("Googlebot variant did not get the spam")
	}
	if !has(analyze.GoogleReferrer, "https://nhacai88.bet/") {
		t.Error("Google referrer variant was not redirected")
	}
}

func TestPerHostBound(t *testing.T) {
	var inFlight, peak atomic.Int32
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for {
			old := peak.Load()
			if n <= old || peak.CompareAndSwap(old, n) {
				break
			}
		}
		time.Sleep(30 * time.Millisecond)
		fmt.Fprint(w, "ok")
	})
	other := serve(t, func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "ok") })
	f := fetch.New(fetch.Options{PerHost: 2})
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() { f.FetchVariants(context.Background(), srv.URL) })
	}
	// Another host is not held up by the busy one.
	start := time.Now()
	if p := f.Fetch(context.Background(), other.URL, analyze.Browser); p.Status != 200 || time.Since(start) > 100*time.Millisecond {
		t.Errorf("other host waited %s: %+v", time.Since(start), p)
	}
	wg.Wait()
	if peak.Load() != 2 {
		t.Errorf("peak concurrency on one host %d, want 2", peak.Load())
	}
}

func TestRedirects(t *testing.T) {
	var srv *httptest.Server
	srv = serve(t, func(w http.ResponseWriter, r *http.Request) {
		var n int
		if _, err := fmt.Sscanf(r.URL.Path, "/r/%d", &n); err == nil && n > 0 {
			http.Redirect(w, r, fmt.Sprintf("%s/r/%d", srv.URL, n-1), http.StatusFound)
			return
		}
		fmt.Fprint(w, "final")
	})
	f := fetch.New(fetch.Options{})
	p := f.Fetch(context.Background(), srv.URL+"/r/3", analyze.Browser)
	if p.Err != "" || p.Status != 200 || p.FinalURL != srv.URL+"/r/0" || p.URL != srv.URL+"/r/3" || string(p.Body) != "final" {
		t.Errorf("3 redirects: %+v", p)
	}
	if p := f.Fetch(context.Background(), srv.URL+"/r/10", analyze.Browser); p.Err != "" || p.FinalURL != srv.URL+"/r/0" {
		t.Errorf("10 redirects: %+v", p)
	}
	p = f.Fetch(context.Background(), srv.URL+"/r/11", analyze.Browser)
	if p.Err != fetch.ReasonRedirects || p.Status != 0 {
		t.Errorf("11 redirects: status %d err %q", p.Status, p.Err)
	}
}

func TestNoCookiesKept(t *testing.T) {
	var cookies []string
	var mu sync.Mutex
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		cookies = append(cookies, r.Header.Get("Cookie"))
		mu.Unlock()
		if r.URL.Path == "/login" {
			http.SetCookie(w, &http.Cookie{Name: "sid", Value: "abc"})
			http.Redirect(w, r, "/home", http.StatusFound)
			return
		}
		fmt.Fprint(w, "ok")
	})
	f := fetch.New(fetch.Options{})
	f.Fetch(context.Background(), srv.URL+"/login", analyze.Browser)
	f.Fetch(context.Background(), srv.URL+"/home", analyze.Browser)
	for i, c := range cookies {
		if c != "" {
			t.Errorf("request %d sent cookie %q", i, c)
		}
	}
}

func TestTimeouts(t *testing.T) {
	slowHead := serve(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(3 * time.Second):
		case <-r.Context().Done():
		}
	})
	slowBody := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "100000")
		w.WriteHeader(200)
		fmt.Fprint(w, "<html>")
		w.(http.Flusher).Flush()
		select {
		case <-time.After(3 * time.Second):
		case <-r.Context().Done():
		}
	})
	f := fetch.New(fetch.Options{Timeout: 300 * time.Millisecond})
	for name, u := range map[string]string{"head": slowHead.URL, "body": slowBody.URL} {
		start := time.Now()
		p := f.Fetch(context.Background(), u, analyze.Browser)
		if p.Err != fetch.ReasonTimeout || p.Status != 0 {
			t.Errorf("slow %s: status %d err %q", name, p.Status, p.Err)
		}
		if d := time.Since(start); d > 2*time.Second || p.Duration < 250*time.Millisecond {
			t.Errorf("slow %s: took %s, Duration %s", name, d, p.Duration)
		}
	}
	// The header timeout alone also trips.
	f = fetch.New(fetch.Options{ResponseHeaderTimeout: 200 * time.Millisecond})
	if p := f.Fetch(context.Background(), slowHead.URL, analyze.Browser); p.Err != fetch.ReasonTimeout {
		t.Errorf("header timeout: %q", p.Err)
	}
	// So does the caller's deadline.
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	if p := fetch.New(fetch.Options{}).Fetch(ctx, slowHead.URL, analyze.Browser); p.Err != fetch.ReasonTimeout {
		t.Errorf("context deadline: %q", p.Err)
	}
}

func TestCanceled(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	if p := fetch.New(fetch.Options{}).Fetch(ctx, srv.URL, analyze.Browser); p.Err != fetch.ReasonCanceled {
		t.Errorf("canceled: %q", p.Err)
	}
}

func TestHugeBodyTruncated(t *testing.T) {
	chunk := []byte(strings.Repeat("<p>nội dung rất dài</p>\n", 1000))
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		for i := 0; i < 400; i++ { // about 10 MB
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	f := fetch.New(fetch.Options{MaxBody: 1 << 20})
	p := f.Fetch(context.Background(), srv.URL, analyze.Browser)
	if p.Err != "" || p.Status != 200 || len(p.Body) != 1<<20 || p.ContentType != "text/html; charset=utf-8" {
		t.Errorf("huge body: status %d err %q len %d", p.Status, p.Err, len(p.Body))
	}
	// The default cap is 2 MiB.
	if p := fetch.New(fetch.Options{}).Fetch(context.Background(), srv.URL, analyze.Browser); len(p.Body) != 2<<20 {
		t.Errorf("default cap: %d", len(p.Body))
	}
}

func TestGzipDecoded(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			fmt.Fprint(w, "plain")
			return
		}
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		fmt.Fprint(zw, "<html>nén gzip</html>")
		zw.Close()
	})
	p := fetch.New(fetch.Options{}).Fetch(context.Background(), srv.URL, analyze.Browser)
	if string(p.Body) != "<html>nén gzip</html>" {
		t.Errorf("body %q", p.Body)
	}
}

func TestFailureReasons(t *testing.T) {
	plain := serve(t, func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "ok") })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String() + "/"
	ln.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	def := fetch.New(fetch.Options{DialTimeout: time.Second})
	cases := []struct {
		name string
		f    *fetch.Fetcher
		url  string
		want string
	}{
		{"refused", def, closed, fetch.ReasonConnect},
		{"https to plain", def, strings.Replace(plain.URL, "http://", "https://", 1), fetch.ReasonTLS},
		{"not a url", def, "ftp://example.gov.vn/", fetch.ReasonURL},
		{"garbage", def, "http://%zz", fetch.ReasonURL},
		{"no host", def, "http:///x", fetch.ReasonURL},
		{"dns", def, "http://khong-ton-tai.invalid/", fetch.ReasonDNS},
		{"metadata blocked", def, "http://169.254.169.254/latest/meta-data/", fetch.ReasonBlocked},
		{"loopback allowed", def, plain.URL, ""},
		{"public only", fetch.New(fetch.Options{CheckIP: fetch.PublicOnly}), plain.URL, fetch.ReasonBlocked},
	}
	for _, c := range cases {
		p := c.f.Fetch(ctx, c.url, analyze.Browser)
		if p.Err != c.want {
			t.Errorf("%s: err %q, want %q", c.name, p.Err, c.want)
		}
		if c.want != "" && p.Status != 0 {
			t.Errorf("%s: status %d with an error", c.name, p.Status)
		}
		if p.URL != c.url {
			t.Errorf("%s: URL %q", c.name, p.URL)
		}
	}
}

func TestReasonText(t *testing.T) {
	for _, code := range []string{fetch.ReasonDNS, fetch.ReasonConnect, fetch.ReasonTLS, fetch.ReasonTimeout,
		fetch.ReasonRedirects, fetch.ReasonBody, fetch.ReasonURL, fetch.ReasonBlocked, fetch.ReasonCanceled} {
		if txt := fetch.ReasonText(code); txt == code || txt == "" {
			t.Errorf("%s has no text", code)
		}
	}
	if fetch.ReasonText("x") != "x" {
		t.Error("unknown code not passed through")
	}
}
