package fetch

import (
	"context"
	"net/http"
	"runtime"
	"testing"
	"time"

	"attt/internal/webmon/analyze"
	"attt/internal/webmon/webmontest"
)

// The certificate memo must not keep pages alive nor grow without bound.
func TestCertMemoForgetsCollectedPages(t *testing.T) {
	ca := webmontest.NewCA(t)
	srv := ca.StartTLS(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}),
		ca.Issue(t, time.Now().Add(-time.Hour), time.Now().Add(time.Hour)))
	f := New(Options{RootCAs: ca.Pool()})
	kept := f.Fetch(context.Background(), srv.URL, analyze.Browser)
	for range 20 {
		f.Fetch(context.Background(), srv.URL, analyze.Browser)
	}
	deadline := time.Now().Add(5 * time.Second)
	for f.certs.len() > 1 && time.Now().Before(deadline) {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	if n := f.certs.len(); n != 1 {
		t.Errorf("memo holds %d entries, want 1", n)
	}
	if f.Certificate(kept) == nil {
		t.Error("live page lost its certificate")
	}
	runtime.KeepAlive(kept)
}

func TestGatesDropIdleHosts(t *testing.T) {
	var g gates
	g.init(1)
	rel, err := g.acquire(context.Background(), "a:80")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := g.acquire(ctx, "a:80"); err == nil {
		t.Error("second acquire on a full gate succeeded")
	}
	rel()
	if g.held() != 0 {
		t.Errorf("%d gates left", g.held())
	}
}

func TestDaysUntil(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		d    time.Duration
		want int
	}{{5*24*time.Hour + time.Minute, 5}, {5*24*time.Hour - time.Minute, 4}, {0, 0}, {-time.Hour, -1}, {-24 * time.Hour, -1}, {-25 * time.Hour, -2}} {
		if got := daysUntil(now, now.Add(c.d)); got != c.want {
			t.Errorf("daysUntil(%s) = %d, want %d", c.d, got, c.want)
		}
	}
}
