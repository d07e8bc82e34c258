package store

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/klauspost/compress/zstd"
)

// Options tunes a Disk store; zero values take the defaults.
type Options struct {
	// Dir holds the store: wal/, parts/ and the manifest.
	Dir string
	// SyncEvery is the longest time a written WAL group waits for its
	// fsync (default 100ms). Appends are acknowledged after the fsync.
	SyncEvery time.Duration
	// Queue is how many Append batches may wait for the WAL writer before
	// Append blocks: the back-pressure on senders (default 32).
	Queue int
	// BlockRows seals a partition's rows into a block (default 8192).
	BlockRows int
	// SegmentBytes and CheckpointEvery start a checkpoint: blocks to
	// disk, the WAL before them removed (defaults 64 MiB and 30s).
	SegmentBytes    int64
	CheckpointEvery time.Duration
	Log             *slog.Logger
}

func (o *Options) defaults() {
	if o.SyncEvery <= 0 {
		o.SyncEvery = 100 * time.Millisecond
	}
	if o.Queue <= 0 {
		o.Queue = 32
	}
	if o.BlockRows <= 0 {
		o.BlockRows = 8192
	}
	if o.SegmentBytes <= 0 {
		o.SegmentBytes = 64 << 20
	}
	if o.CheckpointEvery <= 0 {
		o.CheckpointEvery = 30 * time.Second
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
}

// Disk is the embedded block store. Its pipeline is three goroutines:
// the WAL writer (group fsync, acknowledgement), the applier (rows into
// per-partition builders, sealing blocks) and the flusher (blocks into
// partition files, the manifest checkpoint, old WAL segments removed).
type Disk struct {
	opt  Options
	enc  *zstd.Encoder
	dec  *zstd.Decoder
	man  *manifest
	lock *os.File
	fmu  sync.Mutex // partition files and the manifest: flusher and Retain
	wout map[part]*os.File

	queue   chan request
	applyc  chan applyMsg
	flushc  chan flushJob
	stop    chan struct{}
	stopped chan struct{}
	closing sync.Once
	closed  atomic.Bool

	mu       sync.RWMutex // the index and memtables, for searches
	index    map[part][]blockMeta
	active   *memtable
	flushing []*memtable

	stats counters
	observer
	// deferred holds checkpoint requests the writer met while gathering
	// a group; only the writer goroutine uses it.
	deferred []request
}

type request struct {
	recs []Record
	done chan error
	// ckpt, when set, asks for a checkpoint now and is answered when it
	// is committed.
	ckpt chan error
}

// applyMsg carries synced records to the applier, which makes them
// searchable and then acknowledges them on done; or (roll != 0) tells it
// that every record below roll has been sent and a checkpoint starts.
type applyMsg struct {
	recs []Record
	done chan error
	roll uint64
	ckpt chan error
}

type flushJob struct {
	mt   *memtable
	upto uint64
	done chan error
}

type counters struct {
	appended, synced, blocks, syncs atomic.Int64
	walBytes                        atomic.Int64
}

// Stats are the store's counters since it opened. Durable counts the
// records fsynced and searchable.
type Stats struct {
	Appended, Durable, BlocksWritten, Fsyncs int64
	Queued                                   int
}

// Stats returns the counters.
func (s *Disk) Stats() Stats {
	return Stats{Appended: s.stats.appended.Load(), Durable: s.stats.synced.Load(), BlocksWritten: s.stats.blocks.Load(),
		Fsyncs: s.stats.syncs.Load(), Queued: len(s.queue)}
}

// Open opens (creating if needed) the store in o.Dir, recovers what the
// WAL holds beyond the last checkpoint and starts the pipeline.
func Open(o Options) (*Disk, error) {
	o.defaults()
	for _, d := range []string{o.Dir, filepath.Join(o.Dir, "wal"), filepath.Join(o.Dir, "parts")} {
		if err := os.MkdirAll(d, 0o750); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
	}
	lock, err := lockDir(o.Dir)
	if err != nil {
		return nil, err
	}
	enc, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithEncoderConcurrency(1))
	if err != nil {
		return nil, fmt.Errorf("store: zstd: %w", err)
	}
	dec, err := zstd.NewReader(nil)
	if err != nil {
		return nil, fmt.Errorf("store: zstd: %w", err)
	}
	s := &Disk{opt: o, enc: enc, dec: dec, wout: map[part]*os.File{}, queue: make(chan request, o.Queue),
		applyc: make(chan applyMsg, 16), flushc: make(chan flushJob, 1), stop: make(chan struct{}), stopped: make(chan struct{}),
		active: newMemtable(), lock: lock}
	next, err := s.recover()
	if err != nil {
		dec.Close()
		lock.Close()
		return nil, err
	}
	w, err := s.openSegment(next)
	if err != nil {
		dec.Close()
		lock.Close()
		return nil, err
	}
	var wg sync.WaitGroup
	wg.Add(3)
	go func() { defer wg.Done(); s.writeLoop(w, next) }()
	go func() { defer wg.Done(); s.applyLoop() }()
	go func() { defer wg.Done(); s.flushLoop() }()
	go func() { wg.Wait(); close(s.stopped) }()
	return s, nil
}

// Append queues recs for the WAL; it blocks while the queue is full (the
// back-pressure) and returns an Ack that resolves after the fsync. The
// store owns recs from now on.
func (s *Disk) Append(ctx context.Context, recs []Record) (Ack, error) {
	if s.closed.Load() {
		return Ack{}, ErrClosed
	}
	done := make(chan error, 1)
	select {
	case s.queue <- request{recs: recs, done: done}:
		s.stats.appended.Add(int64(len(recs)))
		return Ack{done: done}, nil
	case <-s.stop:
		return Ack{}, ErrClosed
	case <-ctx.Done():
		return Ack{}, ctx.Err()
	}
}

// Checkpoint writes every durable record into blocks and commits them,
// as the store does by itself every CheckpointEvery or SegmentBytes.
func (s *Disk) Checkpoint(ctx context.Context) error {
	done := make(chan error, 1)
	select {
	case s.queue <- request{ckpt: done}:
	case <-s.stop:
		return ErrClosed
	case <-ctx.Done():
		return ctx.Err()
	}
	return Ack{done: done}.Wait(ctx)
}

// Close stops accepting records, makes everything queued durable, writes
// the last blocks and closes the files.
func (s *Disk) Close() error {
	s.closing.Do(func() {
		s.closed.Store(true)
		close(s.stop)
	})
	<-s.stopped
	s.fmu.Lock()
	defer s.fmu.Unlock()
	for p, f := range s.wout {
		f.Close()
		delete(s.wout, p)
	}
	s.dec.Close()
	err := s.man.close()
	s.lock.Close()
	return err
}

func (s *Disk) walDir() string   { return filepath.Join(s.opt.Dir, "wal") }
func (s *Disk) partsDir() string { return filepath.Join(s.opt.Dir, "parts") }

// partPath is the file of a partition: parts/<org or _>/<yyyymmdd>.blk,
// or <yyyymmdd>-k<days>.blk for records with their own retention.
func (s *Disk) partPath(p part) string {
	org := p.org
	if org == "" {
		org = "_"
	}
	if p.keep > 0 {
		return filepath.Join(s.partsDir(), org, fmt.Sprintf("%08d-k%d.blk", p.day, p.keep))
	}
	return filepath.Join(s.partsDir(), org, fmt.Sprintf("%08d.blk", p.day))
}
