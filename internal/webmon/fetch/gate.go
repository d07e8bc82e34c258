package fetch

import (
	"context"
	"sync"
)

// gates bound the requests running at once against each host, whoever
// makes them (variants, pages of one check, the crawler). A gate exists
// only while someone holds or waits for it, so thousands of hosts cost
// nothing at rest.
type gates struct {
	size int
	mu   sync.Mutex
	m    map[string]*gate
}

type gate struct {
	slots chan struct{}
	refs  int
}

func (g *gates) init(size int) {
	g.size = size
	g.m = make(map[string]*gate)
}

// acquire waits for a slot on host; the returned func gives it back.
func (g *gates) acquire(ctx context.Context, host string) (func(), error) {
	g.mu.Lock()
	gt := g.m[host]
	if gt == nil {
		gt = &gate{slots: make(chan struct{}, g.size)}
		g.m[host] = gt
	}
	gt.refs++
	g.mu.Unlock()
	select {
	case gt.slots <- struct{}{}:
		return func() { <-gt.slots; g.unref(host, gt) }, nil
	case <-ctx.Done():
		g.unref(host, gt)
		return nil, ctx.Err()
	}
}

func (g *gates) unref(host string, gt *gate) {
	g.mu.Lock()
	gt.refs--
	if gt.refs == 0 {
		delete(g.m, host)
	}
	g.mu.Unlock()
}

// held reports how many hosts have a gate, for tests.
func (g *gates) held() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.m)
}
