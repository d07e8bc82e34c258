package fetch_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"

	"attt/internal/webmon/fetch"
	"attt/internal/webmon/webmontest"
)

// BenchmarkFetchVariantsRealistic fetches the four variants of realistic
// 60–120 KB portals from 32 workers, as a checker node would, and reports
// pages fetched per second (the network share of the S6 throughput
// figure).
func BenchmarkFetchVariantsRealistic(b *testing.B) {
	urls := webmontest.Start(b).Realistic(500)
	// The realistic portals share one host:port; real ones do not.
	f := fetch.New(fetch.Options{PerHost: 32})
	defer f.Close()
	var next, failed atomic.Int64
	var wg sync.WaitGroup
	b.ResetTimer()
	for range 32 {
		wg.Go(func() {
			for i := next.Add(1) - 1; i < int64(b.N); i = next.Add(1) - 1 {
				for _, p := range f.FetchVariants(context.Background(), urls[i%int64(len(urls))]) {
					if p.Err != "" || p.Status != 200 {
						failed.Add(1)
					}
				}
			}
		})
	}
	wg.Wait()
	b.StopTimer()
	if failed.Load() > 0 {
		b.Fatalf("%d failed fetches", failed.Load())
	}
	b.ReportMetric(float64(4*b.N)/b.Elapsed().Seconds(), "pages/s")
}
