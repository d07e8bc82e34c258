package store

import (
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// memtable holds durable records not yet in partition files: open
// builders and sealed blocks, by partition.
type memtable struct {
	builders map[part]*builder
	sealed   []sealed
}

func newMemtable() *memtable { return &memtable{builders: map[part]*builder{}} }

// walWriter is the open WAL segment.
type walWriter struct {
	f       *os.File
	size    int64
	opened  time.Time
	pending []request
	payload []byte // reused between groups
	buf     []byte
}

func (s *Disk) openSegment(first uint64) (*walWriter, error) {
	path := filepath.Join(s.walDir(), segmentName(first))
	f, err := os.OpenFile(path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o640)
	if err != nil {
		return nil, fmt.Errorf("store: wal: %w", err)
	}
	if err := syncDir(s.walDir()); err != nil {
		f.Close()
		return nil, fmt.Errorf("store: wal: %w", err)
	}
	return &walWriter{f: f, opened: time.Now()}, nil
}

// writeLoop is the WAL writer: it numbers records, writes them in frames,
// fsyncs at most every SyncEvery and then acknowledges and forwards them.
func (s *Disk) writeLoop(w *walWriter, next uint64) {
	defer close(s.applyc)
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	armed := false
	lastSync := time.Now()
	for {
		select {
		case req := <-s.queue:
			if req.ckpt != nil {
				w, next = s.roll(w, next, req.ckpt)
				lastSync = time.Now()
				continue
			}
			next = s.writeGroup(w, req, next)
			if time.Since(lastSync) >= s.opt.SyncEvery {
				w, next = s.syncAndMaybeRoll(w, next)
				lastSync = time.Now()
			} else if !armed {
				timer.Reset(s.opt.SyncEvery - time.Since(lastSync))
				armed = true
			}
		case <-timer.C:
			armed = false
			w, next = s.syncAndMaybeRoll(w, next)
			lastSync = time.Now()
		case <-s.stop:
			for {
				select {
				case req := <-s.queue:
					if req.ckpt != nil {
						req.ckpt <- ErrClosed
						continue
					}
					next = s.writeGroup(w, req, next)
					continue
				default:
				}
				break
			}
			s.sync(w)
			s.applyc <- applyMsg{roll: next}
			w.f.Close()
			return
		}
	}
}

// writeGroup writes req and whatever else is queued as one frame.
func (s *Disk) writeGroup(w *walWriter, req request, next uint64) uint64 {
	payload := w.payload[:0]
	for {
		for i := range req.recs {
			req.recs[i].LSN = next
			next++
			payload = appendRecord(payload, &req.recs[i])
		}
		w.pending = append(w.pending, req)
		if len(payload) > 4<<20 {
			break
		}
		if len(s.queue) == 0 {
			break
		}
		req = <-s.queue
		if req.ckpt != nil {
			s.deferred = append(s.deferred, req)
			break
		}
	}
	w.payload = payload
	w.buf = appendFrame(w.buf[:0], payload)
	if _, err := w.f.Write(w.buf); err != nil {
		s.fail(w, fmt.Errorf("store: wal write: %w", err))
		return next
	}
	w.size += int64(len(w.buf))
	return next
}

// fail answers the pending requests with err: they are not durable.
func (s *Disk) fail(w *walWriter, err error) {
	s.opt.Log.Error("log store", "err", err)
	for _, r := range w.pending {
		r.done <- err
	}
	w.pending = w.pending[:0]
}

func (s *Disk) sync(w *walWriter) {
	if len(w.pending) == 0 {
		return
	}
	if err := w.f.Sync(); err != nil {
		s.fail(w, fmt.Errorf("store: wal fsync: %w", err))
		return
	}
	s.stats.syncs.Add(1)
	for _, r := range w.pending {
		s.applyc <- applyMsg{recs: r.recs, done: r.done}
	}
	clear(w.pending)
	w.pending = w.pending[:0]
}

// syncAndMaybeRoll fsyncs, then starts a new segment and a checkpoint when
// the segment is large or old enough.
func (s *Disk) syncAndMaybeRoll(w *walWriter, next uint64) (*walWriter, uint64) {
	if len(s.deferred) > 0 {
		req := s.deferred[0]
		s.deferred = s.deferred[1:]
		return s.roll(w, next, req.ckpt)
	}
	s.sync(w)
	if w.size < s.opt.SegmentBytes && (w.size == 0 || time.Since(w.opened) < s.opt.CheckpointEvery) {
		return w, next
	}
	return s.roll(w, next, nil)
}

// roll fsyncs, starts a new WAL segment at next and hands the memtable to
// the flusher; ckpt, when set, is answered once the checkpoint commits.
func (s *Disk) roll(w *walWriter, next uint64, ckpt chan error) (*walWriter, uint64) {
	s.sync(w)
	if w.size == 0 {
		s.applyc <- applyMsg{roll: next, ckpt: ckpt} // Nothing new in this segment: keep it.
		return w, next
	}
	nw, err := s.openSegment(next)
	if err != nil {
		s.opt.Log.Error("log store: new WAL segment", "err", err)
		if ckpt != nil {
			ckpt <- err
		}
		return w, next
	}
	w.f.Close()
	s.applyc <- applyMsg{roll: next, ckpt: ckpt}
	return nw, next
}

// applyLoop puts durable records into the active memtable and hands the
// memtable to the flusher at each roll.
func (s *Disk) applyLoop() {
	defer close(s.flushc)
	for msg := range s.applyc {
		if msg.roll != 0 {
			s.mu.Lock()
			mt := s.active
			s.active = newMemtable()
			s.flushing = append(s.flushing, mt)
			s.mu.Unlock()
			s.flushc <- flushJob{mt: mt, upto: msg.roll, done: msg.ckpt}
			continue
		}
		s.apply(msg.recs)
		s.stats.synced.Add(int64(len(msg.recs)))
		msg.done <- nil
		s.notify(msg.recs)
	}
}

// apply adds recs to the active memtable, sealing full builders.
func (s *Disk) apply(recs []Record) {
	s.mu.Lock()
	defer s.mu.Unlock()
	mt := s.active
	for i := range recs {
		p := part{org: recs[i].Org, day: day(recs[i].Time), keep: recs[i].Keep}
		recs[i].ID = makeID(p.day, recs[i].LSN)
		r := recs[i]
		b := mt.builders[p]
		if b == nil {
			b = newBuilder(p)
			mt.builders[p] = b
		}
		b.add(r)
		if len(b.rows) >= s.opt.BlockRows {
			mt.sealed = append(mt.sealed, b.seal(s.enc))
		}
	}
}

// flushLoop writes each rolled memtable out and commits the checkpoint.
// After a failed checkpoint the WAL is pinned: later checkpoints commit
// their blocks but neither advance the checkpoint nor remove segments, so
// the next start replays the failed records (duplicating the later ones
// rather than losing any).
func (s *Disk) flushLoop() {
	pinned := false
	for job := range s.flushc {
		err := s.flush(job, pinned)
		if err != nil {
			pinned = true
			s.opt.Log.Error("log store checkpoint", "err", err)
		}
		if job.done != nil {
			job.done <- err
		}
	}
}

func (s *Disk) flush(job flushJob, pinned bool) error {
	mt := job.mt
	s.mu.Lock()
	for p, b := range mt.builders {
		if len(b.rows) > 0 {
			mt.sealed = append(mt.sealed, b.seal(s.enc))
		}
		delete(mt.builders, p)
	}
	s.mu.Unlock()
	metas, err := s.writeBlocks(mt.sealed)
	if err != nil {
		return err
	}
	ckpt := job.upto
	if pinned {
		ckpt = 0
	}
	s.fmu.Lock()
	err = s.man.append(manifestEntry{Checkpoint: ckpt, Add: metas})
	s.fmu.Unlock()
	if err != nil {
		return err
	}
	s.mu.Lock()
	for _, m := range metas {
		k := partOf(&m)
		s.index[k] = append(s.index[k], m)
	}
	for i, f := range s.flushing {
		if f == mt {
			s.flushing = append(s.flushing[:i], s.flushing[i+1:]...)
			break
		}
	}
	s.mu.Unlock()
	s.stats.blocks.Add(int64(len(metas)))
	if pinned {
		return nil
	}
	return s.removeSegmentsBefore(job.upto)
}

// writeBlocks appends sealed blocks to their partition files and fsyncs
// them, returning their metadata with file offsets.
func (s *Disk) writeBlocks(bs []sealed) ([]blockMeta, error) {
	s.fmu.Lock()
	defer s.fmu.Unlock()
	touched := map[part]*os.File{}
	metas := make([]blockMeta, 0, len(bs))
	for _, b := range bs {
		p := partOf(&b.meta)
		f, err := s.partFile(p)
		if err != nil {
			return nil, err
		}
		off, err := f.Seek(0, 2)
		if err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		if _, err := f.Write(append(b.z, b.bloom.marshal()...)); err != nil {
			return nil, fmt.Errorf("store: write block: %w", err)
		}
		m := b.meta
		m.Off = off
		metas = append(metas, m)
		touched[p] = f
	}
	for _, f := range touched {
		if err := f.Sync(); err != nil {
			return nil, fmt.Errorf("store: fsync block: %w", err)
		}
	}
	return metas, nil
}

// partFile returns the open partition file of p, creating it. fmu is held.
func (s *Disk) partFile(p part) (*os.File, error) {
	if f := s.wout[p]; f != nil {
		return f, nil
	}
	path := s.partPath(p)
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o640)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	if err := syncDir(filepath.Dir(path)); err != nil {
		f.Close()
		return nil, fmt.Errorf("store: %w", err)
	}
	s.wout[p] = f
	return f, nil
}

// removeSegmentsBefore deletes WAL segments whose records all lie below
// upto: those are in blocks committed by the manifest.
func (s *Disk) removeSegmentsBefore(upto uint64) error {
	segs, err := listSegments(s.walDir())
	if err != nil {
		return err
	}
	for _, sg := range segs {
		if sg.first < upto {
			if err := os.Remove(sg.path); err != nil {
				return fmt.Errorf("store: %w", err)
			}
		}
	}
	return nil
}
