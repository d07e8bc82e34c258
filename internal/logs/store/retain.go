package store

import (
	"context"
	"fmt"
	"os"
	"sync/atomic"
	"time"
)

// Store is what log ingest and search need of a store; Disk (embedded)
// and Postgres implement it.
type Store interface {
	// Append queues records; the Ack resolves when they are durable.
	Append(ctx context.Context, recs []Record) (Ack, error)
	// Search returns the newest records matching q.
	Search(ctx context.Context, q Query) (Result, error)
	// Histogram counts matching records per step over q's time range.
	Histogram(ctx context.Context, q Query, step time.Duration) ([]Bucket, error)
	// Get returns one record by id, whatever its agency.
	Get(ctx context.Context, id string) (Record, error)
	// Retain deletes the records of each agency older than keep(org)
	// before now, and those with their own Keep older than Keep days; it
	// returns how many partitions (Disk) or rows (Postgres) went.
	Retain(ctx context.Context, now time.Time, keep func(org string) time.Duration) (int, error)
	// Observe sets fn to receive every batch of records once it is
	// durable (detection rules run there); call it before appending.
	Observe(fn func([]Record))
	Close() error
}

// observer holds the function that receives durable batches.
type observer struct {
	fn atomic.Pointer[func([]Record)]
}

// Observe sets the function that receives durable batches.
func (o *observer) Observe(fn func([]Record)) { o.fn.Store(&fn) }

func (o *observer) notify(recs []Record) {
	if fn := o.fn.Load(); fn != nil && len(recs) > 0 {
		(*fn)(recs)
	}
}

var (
	_ Store = (*Disk)(nil)
	_ Store = (*Postgres)(nil)
)

// cutoffDay is the first partition day retention keeps.
func cutoffDay(now time.Time, keep time.Duration) int { return day(now.Add(-keep)) }

// Retain drops whole partitions older than their agency's retention. It
// touches neither the WAL writer nor the applier, so ingest goes on; a
// search that already listed a dropped block skips it.
func (s *Disk) Retain(ctx context.Context, now time.Time, keep func(org string) time.Duration) (int, error) {
	s.mu.RLock()
	var drop []partRef
	for p := range s.index {
		k := keep(p.org)
		if p.keep > 0 {
			k = time.Duration(p.keep) * 24 * time.Hour
		}
		if k > 0 && p.day < cutoffDay(now, k) {
			drop = append(drop, partRef{Org: p.org, Day: p.day, Keep: p.keep})
		}
	}
	s.mu.RUnlock()
	if len(drop) == 0 || ctx.Err() != nil {
		return 0, ctx.Err()
	}
	s.fmu.Lock()
	defer s.fmu.Unlock()
	if err := s.man.append(manifestEntry{Drop: drop}); err != nil {
		return 0, err
	}
	s.mu.Lock()
	for _, d := range drop {
		delete(s.index, part{org: d.Org, day: d.Day, keep: d.Keep})
	}
	s.mu.Unlock()
	for _, d := range drop {
		p := part{org: d.Org, day: d.Day, keep: d.Keep}
		if f := s.wout[p]; f != nil {
			f.Close()
			delete(s.wout, p)
		}
		if err := os.Remove(s.partPath(p)); err != nil && !os.IsNotExist(err) {
			return len(drop), fmt.Errorf("store: retention: %w", err)
		}
	}
	return len(drop), nil
}
