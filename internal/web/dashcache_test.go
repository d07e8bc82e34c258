package web

import (
	"testing"
	"time"
)

func TestDashCache(t *testing.T) {
	c := newDashCache(10*time.Second, 2)
	t0 := time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)
	if _, ok := c.get("a", t0); ok {
		t.Fatal("empty cache hit")
	}
	c.put("a", dashboardData{Orgs: 3}, t0)
	if d, ok := c.get("a", t0.Add(9*time.Second)); !ok || d.Orgs != 3 {
		t.Fatalf("fresh entry: %v %v", d, ok)
	}
	if _, ok := c.get("a", t0.Add(10*time.Second)); ok {
		t.Fatal("stale entry served")
	}
	c.forget("a")
	if _, ok := c.get("a", t0); ok {
		t.Fatal("forgotten entry served")
	}
	c.put("a", dashboardData{}, t0)
	c.put("b", dashboardData{}, t0)
	c.put("c", dashboardData{}, t0) // full: starts afresh
	if _, ok := c.get("a", t0); ok {
		t.Fatal("the cache grew past its bound")
	}
	if _, ok := c.get("c", t0); !ok {
		t.Fatal("the newest entry is kept")
	}
}
