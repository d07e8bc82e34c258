package guard

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"
)

// queueError is why a WorkQueue turned work away, wrapped in its Unavailable
// error for the logs. It is a string type so the reasons can be constants.
type queueError string

func (e queueError) Error() string { return string(e) }

// The reasons a WorkQueue turns work away.
const (
	errQueueFull    queueError = "guard: work queue full"
	errQueueTimeout queueError = "guard: waited too long in work queue"
)

// WorkQueue admits expensive work, such as password hashing, with bounded
// concurrency and a bounded, time-limited wait. Under a flood it answers
// "busy" at once instead of letting requests pile up behind the CPU, so
// memory and latency stay bounded and the server recovers as soon as the
// flood stops. Waiters are served first come, first served. It is safe for
// concurrent use.
type WorkQueue struct {
	slots      chan struct{}
	reserved   chan struct{} // one extra slot for DoTrusted only
	maxWaiting int64
	maxWait    time.Duration

	waiting, running         atomic.Int64
	admitted, full, timedOut atomic.Uint64
	canceled                 atomic.Uint64
}

// QueueStats are a WorkQueue's counters, for metrics.
type QueueStats struct {
	// Admitted counts calls whose fn ran.
	Admitted uint64
	// Rejected counts calls turned away: RejectedFull because too many were
	// already waiting, RejectedTimeout because the wait passed maxWait,
	// RejectedCanceled because the caller's context ended.
	Rejected, RejectedFull, RejectedTimeout, RejectedCanceled uint64
	// Waiting and Running are the callers waiting and running now.
	Waiting, Running int64
}

// NewWorkQueue returns a WorkQueue running at most workers (at least 1) fns
// at once, with at most maxWaiting callers waiting, none longer than maxWait
// (no limit when maxWait <= 0).
func NewWorkQueue(workers, maxWaiting int, maxWait time.Duration) *WorkQueue {
	return &WorkQueue{
		slots:      make(chan struct{}, max(workers, 1)),
		reserved:   make(chan struct{}, 1),
		maxWaiting: int64(max(maxWaiting, 0)),
		maxWait:    maxWait,
	}
}

// Do runs fn once a worker slot is free and returns nil after it. Without
// running fn it returns an *errs.Error with code Unavailable when maxWaiting
// callers are already waiting, when the wait passes maxWait, or when ctx
// ends first.
func (q *WorkQueue) Do(ctx context.Context, fn func()) error {
	if err := ctx.Err(); err != nil {
		q.canceled.Add(1)
		return BusyError(fmt.Errorf("guard: work queue: %w", err))
	}
	select {
	case q.slots <- struct{}{}:
	default:
		if err := q.wait(ctx); err != nil {
			return err
		}
	}
	defer func() { <-q.slots }()
	q.admitted.Add(1)
	q.running.Add(1)
	defer q.running.Add(-1)
	fn()
	return nil
}

// wait queues for a slot.
func (q *WorkQueue) wait(ctx context.Context) error {
	if q.waiting.Add(1) > q.maxWaiting {
		q.waiting.Add(-1)
		q.full.Add(1)
		return BusyError(errQueueFull)
	}
	defer q.waiting.Add(-1)
	var timeout <-chan time.Time
	if q.maxWait > 0 {
		t := time.NewTimer(q.maxWait)
		defer t.Stop()
		timeout = t.C
	}
	select {
	case q.slots <- struct{}{}:
		return nil
	case <-timeout:
		q.timedOut.Add(1)
		return BusyError(errQueueTimeout)
	case <-ctx.Done():
		q.canceled.Add(1)
		return BusyError(fmt.Errorf("guard: work queue: %w", ctx.Err()))
	}
}

// Stats returns the counters.
func (q *WorkQueue) Stats() QueueStats {
	s := QueueStats{
		Admitted:         q.admitted.Load(),
		RejectedFull:     q.full.Load(),
		RejectedTimeout:  q.timedOut.Load(),
		RejectedCanceled: q.canceled.Load(),
		Waiting:          q.waiting.Load(),
		Running:          q.running.Load(),
	}
	s.Rejected = s.RejectedFull + s.RejectedTimeout + s.RejectedCanceled
	return s
}
