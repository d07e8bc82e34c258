package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"sync"
	"time"
)

// candidate is one unit of search work: a block on disk, a sealed block in
// memory, or the rows of an open builder.
type candidate struct {
	meta   blockMeta
	path   string  // on disk
	mem    *sealed // sealed in memory
	rows   []Record
	minT   int64
	maxT   int64
	inDisk bool
}

// candidates lists what may hold matches of m, newest first.
func (s *Disk) candidates(m *matcher) []candidate {
	var out []candidate
	s.mu.RLock()
	for p, ms := range s.index {
		if !m.orgAllowed(p.org) {
			continue
		}
		for _, b := range ms {
			if m.overlaps(b.MinT, b.MaxT) && m.lsnIn(b) {
				out = append(out, candidate{meta: b, path: s.partPath(p), minT: b.MinT, maxT: b.MaxT, inDisk: true})
			}
		}
	}
	for _, mt := range append(slices.Clone(s.flushing), s.active) {
		for i := range mt.sealed {
			b := &mt.sealed[i]
			if m.orgAllowed(b.meta.Org) && m.overlaps(b.meta.MinT, b.meta.MaxT) && m.lsnIn(b.meta) {
				out = append(out, candidate{meta: b.meta, mem: b, minT: b.meta.MinT, maxT: b.meta.MaxT})
			}
		}
		for p, b := range mt.builders {
			if m.orgAllowed(p.org) && len(b.rows) > 0 {
				out = append(out, candidate{rows: b.rows[:len(b.rows):len(b.rows)], minT: minInt64, maxT: maxInt64})
			}
		}
	}
	s.mu.RUnlock()
	slices.SortFunc(out, func(a, b candidate) int {
		switch {
		case a.maxT > b.maxT:
			return -1
		case a.maxT < b.maxT:
			return 1
		}
		return 0
	})
	return out
}

// rowsOf returns the rows of c that m may select, or nil when the Bloom
// filter rules the block out (skipped true).
func (s *Disk) rowsOf(m *matcher, c *candidate) (rows []Record, skipped bool, err error) {
	switch {
	case c.rows != nil:
		return c.rows, false, nil
	case c.mem != nil:
		if !m.mayHold(c.mem.bloom) {
			return nil, true, nil
		}
		rows, err := decodeBlock(s.dec, &c.meta, c.mem.z)
		return rows, false, err
	}
	f, err := os.Open(c.path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, true, nil // Dropped by retention meanwhile.
	}
	if err != nil {
		return nil, false, fmt.Errorf("store: %w", err)
	}
	defer f.Close()
	if len(m.need) > 0 {
		bp := make([]byte, c.meta.BLen)
		if _, err := f.ReadAt(bp, c.meta.Off+int64(c.meta.ZLen)); err != nil {
			return nil, false, fmt.Errorf("store: read filter: %w", err)
		}
		if !m.mayHold(unmarshalBloom(bp)) {
			return nil, true, nil
		}
	}
	z := make([]byte, c.meta.ZLen)
	if _, err := f.ReadAt(z, c.meta.Off); err != nil && !errors.Is(err, io.EOF) {
		return nil, false, fmt.Errorf("store: read block: %w", err)
	}
	rows, err = decodeBlock(s.dec, &c.meta, z)
	return rows, false, err
}

// scan runs fn over the matching rows of the candidates, in waves of
// parallel work, newest candidates first. After each wave, enough(next)
// says whether the candidates from next on can be skipped.
func (s *Disk) scan(ctx context.Context, m *matcher, fn func([]Record), enough func(maxT int64) bool) (blocks, skipped int, err error) {
	cs := s.candidates(m)
	workers := max(2, runtime.GOMAXPROCS(0))
	for start := 0; start < len(cs); start += workers {
		if err := ctx.Err(); err != nil {
			return blocks, skipped, err
		}
		if enough != nil && enough(cs[start].maxT) {
			break
		}
		wave := cs[start:min(start+workers, len(cs))]
		found := make([][]Record, len(wave))
		errs := make([]error, len(wave))
		var wg sync.WaitGroup
		for i := range wave {
			wg.Go(func() {
				rows, skip, err := s.rowsOf(m, &wave[i])
				if skip {
					found[i] = nil
					errs[i] = errSkipped
					return
				}
				for j := range rows {
					if m.match(&rows[j]) {
						found[i] = append(found[i], rows[j])
					}
				}
				if err != nil {
					errs[i] = err
				}
			})
		}
		wg.Wait()
		for i := range wave {
			blocks++
			if errors.Is(errs[i], errSkipped) {
				skipped++
				continue
			}
			if errs[i] != nil {
				return blocks, skipped, errs[i]
			}
			fn(found[i])
		}
	}
	return blocks, skipped, nil
}

var errSkipped = errors.New("skipped")

// Search returns the newest records matching q.
func (s *Disk) Search(ctx context.Context, q Query) (Result, error) {
	m := newMatcher(q)
	var all []Record
	enough := func(maxT int64) bool {
		if len(all) < m.q.Limit {
			return false
		}
		newestFirst(all)
		all = all[:m.q.Limit+1] // One beyond, to know there is more.
		return all[m.q.Limit-1].Time.UnixNano() > maxT
	}
	blocks, skipped, err := s.scan(ctx, m, func(rs []Record) { all = append(all, rs...) }, enough)
	if err != nil {
		return Result{}, err
	}
	return finish(all, m.q.Limit, blocks, skipped), nil
}

func finish(all []Record, limit, blocks, skipped int) Result {
	newestFirst(all)
	res := Result{Blocks: blocks, Skipped: skipped}
	if len(all) > limit {
		all, res.More = all[:limit], true
	}
	res.Events = all
	return res
}

// Bucket is one bar of a histogram: the events from Start for one step.
type Bucket struct {
	Start time.Time
	Count int
}

// Histogram counts the records matching q (its Limit is ignored) in
// buckets of step from q.From to q.To, which must both be set.
func (s *Disk) Histogram(ctx context.Context, q Query, step time.Duration) ([]Bucket, error) {
	buckets, err := newBuckets(q, step)
	if err != nil {
		return nil, err
	}
	m := newMatcher(q)
	from := q.From.UnixNano()
	_, _, err = s.scan(ctx, m, func(rs []Record) {
		for i := range rs {
			buckets[(rs[i].Time.UnixNano()-from)/int64(step)].Count++
		}
	}, nil)
	return buckets, err
}

func newBuckets(q Query, step time.Duration) ([]Bucket, error) {
	if q.From.IsZero() || q.To.IsZero() || !q.To.After(q.From) || step <= 0 {
		return nil, fmt.Errorf("store: histogram needs a time range and a step")
	}
	n := int((q.To.Sub(q.From) + step - 1) / step)
	if n > 10000 {
		return nil, fmt.Errorf("store: histogram of %d buckets is too fine", n)
	}
	out := make([]Bucket, n)
	for i := range out {
		out[i].Start = q.From.Add(time.Duration(i) * step)
	}
	return out, nil
}

// Get returns the record with id, whatever its agency: the caller checks
// that the reader may see r.Org.
func (s *Disk) Get(ctx context.Context, id string) (Record, error) {
	d, lsn, err := ParseID(id)
	if err != nil {
		return Record{}, ErrNotFound
	}
	start := dayStart(d)
	m := newMatcher(Query{AllOrgs: true, From: start, To: start.AddDate(0, 0, 1)})
	m.lsn = lsn
	var found *Record
	_, _, err = s.scan(ctx, m, func(rs []Record) {
		for i := range rs {
			if rs[i].LSN == lsn && day(rs[i].Time) == d {
				found = &rs[i]
			}
		}
	}, func(int64) bool { return found != nil })
	if err != nil {
		return Record{}, err
	}
	if found == nil {
		return Record{}, ErrNotFound
	}
	return *found, nil
}
