package guard

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"attt/internal/errs"
)

func TestWorkQueueNeverExceedsWorkers(t *testing.T) {
	const workers = 3
	q := NewWorkQueue(workers, 1000, time.Minute)
	var running, peak, ran atomic.Int64
	var wg sync.WaitGroup
	for range 200 {
		wg.Go(func() {
			err := q.Do(context.Background(), func() {
				n := running.Add(1)
				for {
					p := peak.Load()
					if n <= p || peak.CompareAndSwap(p, n) {
						break
					}
				}
				time.Sleep(100 * time.Microsecond)
				running.Add(-1)
				ran.Add(1)
			})
			if err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if p := peak.Load(); p > workers || p < 1 {
		t.Errorf("peak concurrency = %d, want 1..%d", p, workers)
	}
	s := q.Stats()
	if ran.Load() != 200 || s.Admitted != 200 || s.Rejected != 0 || s.Waiting != 0 || s.Running != 0 {
		t.Errorf("ran %d, Stats = %+v", ran.Load(), s)
	}
}

// fillQueue occupies every worker of q until release is closed and returns
// once they all run.
func fillQueue(tb testing.TB, q *WorkQueue, workers int, release chan struct{}) *sync.WaitGroup {
	tb.Helper()
	var started, done sync.WaitGroup
	for range workers {
		started.Add(1)
		done.Go(func() {
			q.Do(context.Background(), func() { started.Done(); <-release })
		})
	}
	started.Wait()
	return &done
}

func TestWorkQueueRejects(t *testing.T) {
	tests := []struct {
		name       string
		maxWaiting int
		maxWait    time.Duration
		ctx        func() (context.Context, context.CancelFunc)
		stat       func(QueueStats) uint64
	}{
		{"no room to wait", 0, time.Minute, background, func(s QueueStats) uint64 { return s.RejectedFull }},
		{"waited too long", 5, 20 * time.Millisecond, background, func(s QueueStats) uint64 { return s.RejectedTimeout }},
		{"caller gave up", 5, time.Minute, func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), 20*time.Millisecond)
		}, func(s QueueStats) uint64 { return s.RejectedCanceled }},
		{"caller already gone", 5, time.Minute, func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			return ctx, cancel
		}, func(s QueueStats) uint64 { return s.RejectedCanceled }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := NewWorkQueue(2, tt.maxWaiting, tt.maxWait)
			release := make(chan struct{})
			done := fillQueue(t, q, 2, release)
			ctx, cancel := tt.ctx()
			defer cancel()
			ran := false
			err := q.Do(ctx, func() { ran = true })
			close(release)
			done.Wait()
			if ran {
				t.Error("fn ran")
			}
			e, ok := err.(*errs.Error)
			if !ok || e.Code != errs.Unavailable || e.Msg.VI != "Hệ thống đang bận, vui lòng thử lại sau giây lát." {
				t.Fatalf("err = %#v", err)
			}
			s := q.Stats()
			if tt.stat(s) != 1 || s.Rejected != 1 || s.Admitted != 2 {
				t.Errorf("Stats = %+v", s)
			}
		})
	}
}

func background() (context.Context, context.CancelFunc) {
	return context.WithCancel(context.Background())
}

func TestWorkQueueWaitersGetFreedSlots(t *testing.T) {
	q := NewWorkQueue(1, 2, time.Minute)
	release := make(chan struct{})
	done := fillQueue(t, q, 1, release)
	var wg sync.WaitGroup
	var ran atomic.Int64
	for range 2 {
		wg.Go(func() {
			if err := q.Do(context.Background(), func() { ran.Add(1) }); err != nil {
				t.Error(err)
			}
		})
	}
	for q.Stats().Waiting != 2 {
		time.Sleep(time.Millisecond)
	}
	// The queue is full: a third waiter is turned away at once.
	if err := q.Do(context.Background(), func() {}); !errs.Is(err, errs.Unavailable) {
		t.Errorf("third waiter: err = %v", err)
	}
	close(release)
	wg.Wait()
	done.Wait()
	if ran.Load() != 2 {
		t.Errorf("waiters ran %d times, want 2", ran.Load())
	}
}

func TestWorkQueueReleasesSlotOnPanic(t *testing.T) {
	q := NewWorkQueue(1, 0, 0)
	func() {
		defer func() { recover() }()
		q.Do(context.Background(), func() { panic("boom") })
	}()
	if err := q.Do(context.Background(), func() {}); err != nil {
		t.Errorf("slot leaked by panic: %v", err)
	}
}

func TestDoTrustedUsesReservedSlot(t *testing.T) {
	q := NewWorkQueue(1, 10, time.Second)
	block := make(chan struct{})
	started := make(chan struct{})
	go func() {
		_ = q.Do(context.Background(), func() { close(started); <-block })
	}()
	<-started
	// The only general slot is busy: untrusted work must wait, trusted work
	// runs at once in the reserved slot.
	ran := make(chan struct{})
	go func() { _ = q.DoTrusted(context.Background(), func() { close(ran) }) }()
	select {
	case <-ran:
	case <-time.After(time.Second):
		t.Fatal("trusted work waited behind untrusted work")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := q.Do(ctx, func() {}); err == nil {
		t.Fatal("untrusted work must not take the reserved slot")
	}
	close(block)
}
