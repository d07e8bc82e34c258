package guard

import (
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"

	"golang.org/x/time/rate"
)

var t0 = time.Date(2025, 1, 1, 8, 0, 0, 0, time.UTC)

func TestLimiterBurstAndRefill(t *testing.T) {
	l := NewLimiter(rate.Every(6*time.Second), 10, 100) // 10/min
	for i := range 10 {
		if ok, _ := l.Take("a", t0); !ok {
			t.Fatalf("request %d within burst refused", i)
		}
	}
	ok, wait := l.Take("a", t0)
	if ok || wait != 6*time.Second {
		t.Fatalf("11th = %v, wait %v; want refused, 6s", ok, wait)
	}
	if ok, _ := l.Take("b", t0); !ok {
		t.Fatal("another key is refused")
	}
	if ok, _ := l.Take("a", t0.Add(6*time.Second)); !ok {
		t.Fatal("refused after refill")
	}
	s := l.Stats()
	if s.Allowed != 12 || s.Limited != 1 || s.Keys != 2 {
		t.Errorf("Stats = %+v", s)
	}
}

func TestLimiterEdgeRates(t *testing.T) {
	inf := NewLimiter(rate.Inf, 0, 1)
	for range 100 {
		if !inf.Allow("x") {
			t.Fatal("rate.Inf refused")
		}
	}
	if inf.Len() != 0 {
		t.Errorf("rate.Inf keeps %d keys", inf.Len())
	}
	zero := NewLimiter(0, 1, 10)
	if ok, _ := zero.Take("x", t0); !ok {
		t.Fatal("zero rate refused its burst")
	}
	if ok, wait := zero.Take("x", t0.Add(time.Minute)); ok || wait <= 0 {
		t.Fatalf("zero rate = %v, wait %v", ok, wait)
	}
}

func TestLimiterEvictsIdleKeys(t *testing.T) {
	l := NewLimiter(10, 10, 1000) // refills in 1s
	for i := range 500 {
		l.Take(fmt.Sprint("k", i), t0)
	}
	if n := l.Len(); n != 500 {
		t.Fatalf("Len = %d, want 500", n)
	}
	// Lazy sweep drops sweepBatch idle keys a call.
	later := t0.Add(2 * time.Second)
	for range 500/sweepBatch + 1 {
		l.Take("fresh", later)
	}
	if n := l.Len(); n != 1 {
		t.Errorf("Len after idle = %d, want 1", n)
	}
	if s := l.Stats(); s.Expired != 500 || s.Evicted != 0 {
		t.Errorf("Stats = %+v", s)
	}
}

func TestLimiterKeepsRecentKeys(t *testing.T) {
	l := NewLimiter(1, 3, 10)
	for range 3 {
		l.Take("a", t0)
	}
	if ok, _ := l.Take("a", t0.Add(500*time.Millisecond)); ok {
		t.Fatal("empty bucket allowed")
	}
	// A key still being refused is not idle, so it is not forgotten.
	l.Take("b", t0.Add(2900*time.Millisecond))
	if l.Len() != 2 {
		t.Fatalf("Len = %d, want 2", l.Len())
	}
}

func TestLimiterBoundedWith100kKeys(t *testing.T) {
	const maxKeys = 1000
	l := NewLimiter(20, 40, maxKeys)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i := range 100_000 {
		l.Take(fmt.Sprintf("2001:db8:%x::/64", i), t0) // all at once: nothing idle
		if n := l.Len(); n > maxKeys {
			t.Fatalf("Len = %d > %d after %d keys", n, maxKeys, i+1)
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	if s := l.Stats(); s.Evicted != 100_000-maxKeys || s.Keys != maxKeys {
		t.Errorf("Stats = %+v", s)
	}
	grew := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	t.Logf("heap grew %d bytes for %d keys held", grew, maxKeys)
	if grew > 4<<20 {
		t.Errorf("heap grew %d bytes, want bounded by maxKeys", grew)
	}
	runtime.KeepAlive(l)
}

func TestLimiterConcurrent(t *testing.T) {
	l := NewLimiter(rate.Every(time.Hour), 50, 64)
	var wg sync.WaitGroup
	var mu sync.Mutex
	allowed := 0
	for g := range 8 {
		wg.Go(func() {
			for i := range 500 {
				key := "shared"
				if i%2 == 0 {
					key = fmt.Sprint("g", g, "-", i)
				}
				if l.Allow(key) && key == "shared" {
					mu.Lock()
					allowed++
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	if allowed != 50 {
		t.Errorf("shared key allowed %d times, want its burst 50", allowed)
	}
	if n := l.Len(); n > 64 {
		t.Errorf("Len = %d > 64", n)
	}
}

func BenchmarkLimiterTake(b *testing.B) {
	l := NewLimiter(10, 30, DefaultMaxKeys)
	keys := make([]string, 4096)
	for i := range keys {
		keys[i] = fmt.Sprint("198.51.", i/256, ".", i%256)
	}
	now := time.Now()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		l.Take(keys[i%len(keys)], now)
		i++
	}
}
