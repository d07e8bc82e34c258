// Package ingest receives central logs (SPEC S5): syslog over UDP, TCP and
// TLS, and JSON batches handed over by the HTTP API. Every message is
// parsed (package parse), attributed to a source and its agency by a
// Resolver, and appended to a store.Store in batches.
//
// What is acknowledged when: a TCP or TLS connection is read only as fast
// as the store's bounded queue accepts batches (back-pressure: the sender's
// TCP window fills); a message that has been read is durable once its
// group fsync completes, at most Options.SyncEvery later. UDP has no
// back-pressure: when the queue is full, datagrams are dropped and
// counted. An HTTP batch is answered only after its fsync.
package ingest

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"attt/internal/logs/parse"
	"attt/internal/logs/store"
)

// Origin is where an event comes from: its agency ("" unassigned), its
// source ("" unknown) and the source's own retention in days (0: the
// agency's).
type Origin struct {
	Org, Source string
	Keep        int
}

// Resolver attributes events to sources and agencies.
type Resolver interface {
	// Resolve returns the origin of an event sent from peer (an IP
	// address) with syslog HOSTNAME host; the zero Origin for an unknown
	// sender, which the resolver records as unassigned.
	Resolve(peer, host string) Origin
	// Seen counts n events from source (or from peer when source is "").
	Seen(source, peer, host string, n int, at time.Time)
}

// Options configures the listeners.
type Options struct {
	// UDP, TCP and TLS are listen addresses; each is off when empty.
	UDP, TCP, TLS string
	// CertFile and KeyFile are the TLS listener's certificate and key.
	CertFile, KeyFile string
	// Batch is the most events appended at once (default 1000).
	Batch int
	// UDPQueue is how many datagrams wait for parsing before UDP drops
	// (default 8192).
	UDPQueue int
	// MaxMessage is the longest message kept (default 64 KiB).
	MaxMessage int
	// Loc is the zone of timestamps without one (Asia/Ho_Chi_Minh).
	Loc *time.Location
	Log *slog.Logger
	Now func() time.Time
}

func (o *Options) defaults() {
	if o.Batch <= 0 {
		o.Batch = 1000
	}
	if o.UDPQueue <= 0 {
		o.UDPQueue = 8192
	}
	if o.MaxMessage <= 0 {
		o.MaxMessage = parse.DefaultMaxMessage
	}
	if o.Loc == nil {
		o.Loc = time.UTC
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
}

// Ingest turns received messages into stored records.
type Ingest struct {
	opt   Options
	store store.Store
	res   Resolver
	wg    sync.WaitGroup
	stats Stats
}

// Stats counts what Ingest received.
type Stats struct {
	Received    atomic.Int64 // messages read from every listener and HTTP
	ParseErrors atomic.Int64 // kept raw with a parse-error flag
	UDPDropped  atomic.Int64 // datagrams dropped because the queue was full
	Connections atomic.Int64 // TCP and TLS connections open now
}

// New returns an Ingest writing to st.
func New(st store.Store, res Resolver, opt Options) *Ingest {
	opt.defaults()
	return &Ingest{opt: opt, store: st, res: res}
}

// Stats returns the live counters.
func (in *Ingest) Stats() *Stats { return &in.stats }

// batcher gathers one reader's records, attributing them by sender.
type batcher struct {
	in   *Ingest
	peer string
	recs []store.Record
	// fixed, when set, attributes every event to origin (HTTP senders,
	// known by their token) instead of asking the resolver.
	fixed  bool
	origin Origin
}

func (in *Ingest) newBatcher(peer string) *batcher {
	return &batcher{in: in, peer: peer, recs: make([]store.Record, 0, in.opt.Batch)}
}

// addSyslog parses one syslog message into the batch.
func (b *batcher) addSyslog(msg []byte, truncated bool, now time.Time) {
	e := parse.ParseSyslog(msg, now, b.in.opt.Loc)
	if truncated && e.ParseError == "" {
		e.ParseError = "message truncated to the maximum size"
	}
	b.add(e, now)
}

func (b *batcher) add(e parse.Event, now time.Time) {
	b.in.stats.Received.Add(1)
	if e.ParseError != "" {
		b.in.stats.ParseErrors.Add(1)
	}
	o := b.origin
	if !b.fixed {
		o = b.in.res.Resolve(b.peer, e.Host)
	}
	r := store.FromEvent(e, o.Org, o.Source, b.peer)
	r.Keep = o.Keep
	b.recs = append(b.recs, r)
}

// full reports whether the batch should go now.
func (b *batcher) full() bool { return len(b.recs) >= b.in.opt.Batch }

// flush appends the batch to the store, blocking while the store's queue
// is full, and returns the acknowledgement.
func (b *batcher) flush(ctx context.Context) (store.Ack, error) {
	if len(b.recs) == 0 {
		return store.Ack{}, nil
	}
	recs := b.recs
	b.recs = make([]store.Record, 0, b.in.opt.Batch)
	b.seen(recs)
	return b.in.store.Append(ctx, recs)
}

// seen reports the batch to the resolver, source by source.
func (b *batcher) seen(recs []store.Record) {
	now := b.in.opt.Now()
	start := 0
	for i := 1; i <= len(recs); i++ {
		if i == len(recs) || recs[i].Source != recs[start].Source || recs[i].Host != recs[start].Host {
			b.in.res.Seen(recs[start].Source, b.peer, recs[start].Host, i-start, now)
			start = i
		}
	}
}
