package store

import (
	"cmp"
	"slices"
	"time"
)

// Query selects records. Empty lists and zero times do not filter; each
// list matches any of its values; everything else must all hold.
type Query struct {
	// AllOrgs searches every agency and the unassigned events (the
	// province's authority); otherwise only Orgs, where "" stands for the
	// unassigned events.
	AllOrgs bool
	Orgs    []string
	// From is inclusive, To exclusive.
	From, To time.Time
	Sources  []string
	Hosts    []string
	Apps     []string
	// Severities lists the wanted syslog severities (0–7, -1 unknown).
	Severities []int
	// Fields must all be equal, without regard to case or diacritics.
	Fields []FieldMatch
	// Text is free text: every word must appear as a word of the event,
	// with or without Vietnamese diacritics.
	Text string
	// Limit caps the events returned, newest first (default 100, at most
	// 10,000).
	Limit int
}

// FieldMatch is one parsed-field condition: Key equals Value.
type FieldMatch struct {
	Key   string
	Value string
}

// Result is what Search found.
type Result struct {
	Events []Record
	// More is true when more events matched than Limit.
	More bool
	// Blocks and Skipped count the blocks considered and the blocks the
	// time range and Bloom filters let the search skip.
	Blocks, Skipped int
}

// DefaultLimit and MaxLimit bound Query.Limit.
const (
	DefaultLimit = 100
	MaxLimit     = 10000
)

// matcher is a Query prepared for matching rows and pruning blocks.
type matcher struct {
	q        Query
	orgs     map[string]bool
	from, to int64
	words    []string
	hosts    []string
	apps     []string
	fields   []FieldMatch
	// lsn, when set, is the one record wanted (Get).
	lsn uint64
	// need lists groups of token hashes; a block may hold matches only when
	// its Bloom filter has at least one hash of every group.
	need [][]uint64
}

func newMatcher(q Query) *matcher {
	if q.Limit <= 0 {
		q.Limit = DefaultLimit
	}
	if q.Limit > MaxLimit {
		q.Limit = MaxLimit
	}
	m := &matcher{q: q, from: minInt64, to: maxInt64}
	if !q.From.IsZero() {
		m.from = q.From.UnixNano()
	}
	if !q.To.IsZero() {
		m.to = q.To.UnixNano()
	}
	if !q.AllOrgs {
		m.orgs = map[string]bool{}
		for _, o := range q.Orgs {
			m.orgs[o] = true
		}
	}
	Words(q.Text, func(w string) bool {
		m.words = append(m.words, w)
		m.need = append(m.need, []uint64{tokenHash(w)})
		return true
	})
	m.hosts = m.group(q.Hosts, "h=")
	m.apps = m.group(q.Apps, "a=")
	m.group(q.Sources, "s=")
	for _, f := range q.Fields {
		f = FieldMatch{Key: f.Key, Value: Fold(f.Value)}
		m.fields = append(m.fields, f)
		m.need = append(m.need, []uint64{tokenHash(fieldToken(f.Key, f.Value))})
	}
	return m
}

const (
	minInt64 = -1 << 63
	maxInt64 = 1<<63 - 1
)

// group folds values, adds their tokens as one alternative group and
// returns the folded values.
func (m *matcher) group(values []string, prefix string) []string {
	if len(values) == 0 {
		return nil
	}
	folded := make([]string, len(values))
	hs := make([]uint64, len(values))
	for i, v := range values {
		folded[i] = Fold(v)
		hs[i] = tokenHash(prefix + folded[i])
	}
	m.need = append(m.need, hs)
	return folded
}

func fieldToken(key, folded string) string { return "f:" + key + "=" + folded }

// orgAllowed reports whether records of org may be returned.
func (m *matcher) orgAllowed(org string) bool { return m.orgs == nil || m.orgs[org] }

// overlaps reports whether [min, max] times may hold matches.
func (m *matcher) overlaps(min, max int64) bool { return max >= m.from && min < m.to }

func (m *matcher) lsnIn(b blockMeta) bool {
	return m.lsn == 0 || b.MinLSN <= m.lsn && m.lsn <= b.MaxLSN
}

// mayHold reports whether a block with filter b may hold matches.
func (m *matcher) mayHold(b bloom) bool {
	for _, g := range m.need {
		ok := false
		for _, h := range g {
			if b.has(h) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// match reports whether r is selected.
func (m *matcher) match(r *Record) bool {
	t := r.Time.UnixNano()
	if t < m.from || t >= m.to || !m.orgAllowed(r.Org) {
		return false
	}
	if len(m.q.Sources) > 0 && !slices.Contains(m.q.Sources, r.Source) {
		return false
	}
	if len(m.q.Severities) > 0 && !slices.Contains(m.q.Severities, r.Severity) {
		return false
	}
	if m.hosts != nil && !slices.Contains(m.hosts, Fold(r.Host)) || m.apps != nil && !slices.Contains(m.apps, Fold(r.App)) {
		return false
	}
	for _, f := range m.fields {
		v, ok := r.Get(f.Key)
		if !ok || Fold(v) != f.Value {
			return false
		}
	}
	return m.matchText(r)
}

func (m *matcher) matchText(r *Record) bool {
	if len(m.words) == 0 {
		return true
	}
	found := make([]bool, len(m.words))
	left := len(m.words)
	Words(r.Raw, func(w string) bool {
		for i, q := range m.words {
			if !found[i] && q == w {
				found[i] = true
				left--
			}
		}
		return left > 0
	})
	return left == 0
}

// appendTokens calls fn with every token a block's filter holds for r:
// the folded words of the raw line, "h=host", "a=app", "s=source" and
// "f:key=value". It builds them in buf, which it returns for reuse.
func appendTokens(buf []byte, r *Record, fn func(t []byte)) []byte {
	buf = appendFold(buf[:0], r.Raw)
	eachWord(buf, func(w []byte) bool { fn(w); return true })
	buf = appendFold(append(buf[:0], "h="...), r.Host)
	fn(buf)
	buf = appendFold(append(buf[:0], "a="...), r.App)
	fn(buf)
	buf = append(append(buf[:0], "s="...), r.Source...)
	fn(buf)
	for _, f := range r.Fields {
		buf = append(append(append(buf[:0], "f:"...), f.Key...), '=')
		buf = appendFold(buf, f.Value)
		fn(buf)
	}
	return buf
}

// newestFirst sorts records by time, newest first, LSN breaking ties.
func newestFirst(rs []Record) {
	slices.SortFunc(rs, func(a, b Record) int {
		if c := b.Time.Compare(a.Time); c != 0 {
			return c
		}
		return cmp.Compare(b.LSN, a.LSN)
	})
}
