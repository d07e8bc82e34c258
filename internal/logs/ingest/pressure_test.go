package ingest

import (
	"context"
	"fmt"
	"net"
	"sync/atomic"
	"testing"
	"time"

	"attt/internal/logs/store"
)

// stalled is a store that takes no batch until released: a disk slower
// than any sender, which a real disk cannot be made to be on demand.
type stalled struct {
	store.Store
	release chan struct{}
}

func (s *stalled) Append(ctx context.Context, recs []store.Record) (store.Ack, error) {
	select {
	case <-s.release:
	case <-ctx.Done():
		return store.Ack{}, ctx.Err()
	}
	return s.Store.Append(ctx, recs)
}

func startStalled(t *testing.T, opt Options) (*stalled, *Ingest, *Listeners) {
	t.Helper()
	disk, err := store.Open(store.Options{Dir: t.TempDir(), SyncEvery: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	st := &stalled{Store: disk, release: make(chan struct{})}
	in := New(st, &table{seen: map[string]int{}}, opt)
	ls := serve(t, in, func() { disk.Close() })
	t.Cleanup(func() { // Registered last, runs first: stuck readers must move to stop.
		select {
		case <-st.release:
		default:
			close(st.release)
		}
	})
	return st, in, ls
}

// TestUDPDropsAreCounted: with the store stalled, datagrams beyond the
// parse queue are dropped and counted, never silently lost.
func TestUDPDropsAreCounted(t *testing.T) {
	_, in, ls := startStalled(t, Options{UDP: "127.0.0.1:0", UDPQueue: 8, Batch: 4})
	c, err := net.Dial("udp", ls.UDP.LocalAddr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	const sent = 300
	for i := 0; i < sent; i++ {
		fmt.Fprintf(c, "<14>1 - h app - - - datagram %d", i)
		time.Sleep(100 * time.Microsecond)
	}
	time.Sleep(200 * time.Millisecond)
	st := in.Stats()
	if st.UDPDropped.Load() == 0 {
		t.Fatalf("no drop counted with a stalled store (received %d)", st.Received.Load())
	}
	if got := st.Received.Load() + st.UDPDropped.Load(); got > sent {
		t.Fatalf("received %d + dropped %d > sent %d", st.Received.Load(), st.UDPDropped.Load(), sent)
	}
}

// TestTCPBackPressure: with the store stalled, attt stops reading a TCP
// sender (nothing is dropped, little is held); once the store moves,
// every line arrives.
func TestTCPBackPressure(t *testing.T) {
	st, in, ls := startStalled(t, Options{TCP: "127.0.0.1:0", Batch: 100})
	c, err := net.Dial("tcp", ls.TCP.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	const lines = 200000
	var written atomic.Int64
	done := make(chan error, 1)
	go func() {
		for n := 0; n < lines; n++ {
			if _, err := fmt.Fprintf(c, "<14>1 2026-11-24T10:00:00+07:00 h app - - - line %d of a sender faster than the disk\n", n); err != nil {
				done <- err
				return
			}
			written.Add(1)
		}
		done <- nil
	}()
	time.Sleep(time.Second)
	if written.Load() == lines {
		t.Fatalf("the sender wrote all %d lines into a stalled store: no back-pressure", lines)
	}
	if held := in.Stats().Received.Load(); held > 1000 {
		t.Fatalf("%d lines read while the store was stalled: attt should stop reading", held)
	}
	close(st.release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	c.Close()
	deadline := time.Now().Add(20 * time.Second)
	for in.Stats().Received.Load() < lines && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if got := in.Stats().Received.Load(); got != lines {
		t.Fatalf("received %d of %d lines after the store moved", got, lines)
	}
}
