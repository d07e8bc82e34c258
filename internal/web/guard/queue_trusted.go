package guard

import (
	"context"
	"fmt"
	"time"
)

// DoTrusted runs fn like Do, for work of a client the service already
// trusts (a sign-in from a device that signed in successfully before). Such
// work may also use one reserved slot that untrusted work never gets, so a
// flood of strangers — however many addresses it comes from — cannot keep
// known users waiting behind it.
func (q *WorkQueue) DoTrusted(ctx context.Context, fn func()) error {
	if err := ctx.Err(); err != nil {
		q.canceled.Add(1)
		return BusyError(fmt.Errorf("guard: work queue: %w", err))
	}
	var release func()
	select {
	case q.slots <- struct{}{}:
		release = func() { <-q.slots }
	case q.reserved <- struct{}{}:
		release = func() { <-q.reserved }
	default:
		var err error
		if release, err = q.waitEither(ctx); err != nil {
			return err
		}
	}
	defer release()
	q.admitted.Add(1)
	q.running.Add(1)
	defer q.running.Add(-1)
	fn()
	return nil
}

func (q *WorkQueue) waitEither(ctx context.Context) (func(), error) {
	var timeout <-chan time.Time
	if q.maxWait > 0 {
		t := time.NewTimer(q.maxWait)
		defer t.Stop()
		timeout = t.C
	}
	select {
	case q.slots <- struct{}{}:
		return func() { <-q.slots }, nil
	case q.reserved <- struct{}{}:
		return func() { <-q.reserved }, nil
	case <-timeout:
		q.timedOut.Add(1)
		return nil, BusyError(errQueueTimeout)
	case <-ctx.Done():
		q.canceled.Add(1)
		return nil, BusyError(fmt.Errorf("guard: work queue: %w", ctx.Err()))
	}
}
