package web

import (
	"sync"
	"time"
)

// dashCache keeps each person's dashboard figures for a few seconds. The
// dashboard is the page everyone lands on and its figures are aggregates
// over their whole reach (agencies, people, incidents, coverage), so
// figures a few seconds old are fine; a person's own change (any request
// that is not a GET or HEAD) drops their entry, so they see it at once.
// Each node keeps its own; nothing in it is needed by another node.
type dashCache struct {
	ttl time.Duration
	max int
	mu  sync.Mutex
	m   map[string]dashEntry
}

type dashEntry struct {
	data dashboardData
	at   time.Time
}

func newDashCache(ttl time.Duration, max int) *dashCache {
	return &dashCache{ttl: ttl, max: max, m: map[string]dashEntry{}}
}

// get returns the person's figures if they are younger than the TTL.
func (c *dashCache) get(personID string, now time.Time) (dashboardData, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[personID]
	if !ok || now.Sub(e.at) >= c.ttl || now.Before(e.at) {
		return dashboardData{}, false
	}
	return e.data, true
}

// put keeps the person's figures; a full cache starts afresh rather than
// growing.
func (c *dashCache) put(personID string, d dashboardData, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= c.max {
		c.m = map[string]dashEntry{}
	}
	c.m[personID] = dashEntry{data: d, at: now}
}

// forget drops the person's figures.
func (c *dashCache) forget(personID string) {
	c.mu.Lock()
	delete(c.m, personID)
	c.mu.Unlock()
}
