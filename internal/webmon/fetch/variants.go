package fetch

import (
	"context"
	"sync"

	"attt/internal/webmon/analyze"
)

// FetchVariants fetches rawURL as every variant of analyze.Variants, at
// once but within the per-host bound (Options.PerHost), and returns a page
// for each; none is nil.
func (f *Fetcher) FetchVariants(ctx context.Context, rawURL string) map[analyze.Variant]*analyze.Page {
	vs := analyze.Variants()
	pages := make([]*analyze.Page, len(vs))
	var wg sync.WaitGroup
	for i, v := range vs {
		wg.Go(func() { pages[i] = f.Fetch(ctx, rawURL, v) })
	}
	wg.Wait()
	out := make(map[analyze.Variant]*analyze.Page, len(vs))
	for i, v := range vs {
		out[v] = pages[i]
	}
	return out
}
