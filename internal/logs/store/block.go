package store

import (
	"fmt"

	"github.com/cespare/xxhash/v2"
	"github.com/klauspost/compress/zstd"
)

// blockMeta describes one immutable block of a partition: where it lies in
// the partition file and what it may hold. The manifest keeps it.
type blockMeta struct {
	Org    string `json:"o"`
	Day    int    `json:"d"`
	Keep   int    `json:"k,omitempty"`
	Off    int64  `json:"f"`
	ZLen   int    `json:"z"` // compressed rows
	BLen   int    `json:"b"` // Bloom filter after them
	Rows   int    `json:"n"`
	MinT   int64  `json:"t0"`
	MaxT   int64  `json:"t1"`
	MinLSN uint64 `json:"l0"`
	MaxLSN uint64 `json:"l1"`
}

// part identifies a partition: one agency's events of one day, kept for
// the agency's retention (keep 0) or for keep days.
type part struct {
	org  string
	day  int
	keep int
}

func partOf(m *blockMeta) part { return part{org: m.Org, day: m.Day, keep: m.Keep} }

// sealed is a block built in memory and not yet in its partition file.
type sealed struct {
	meta  blockMeta
	z     []byte
	bloom bloom
}

// builder collects one partition's rows until they are sealed into a
// block. Rows stay searchable while they wait.
type builder struct {
	part   part
	rows   []Record
	size   int // bytes of the rows' strings, to size the encoding
	hashes map[uint64]struct{}
	// scratch holds folded text and tokens while hashing them.
	scratch []byte
}

func newBuilder(p part) *builder {
	return &builder{part: p, hashes: make(map[uint64]struct{}, 1024)}
}

func (b *builder) add(r Record) {
	b.rows = append(b.rows, r)
	b.size += len(r.Raw) + len(r.Message) + 64
	for _, f := range r.Fields {
		b.size += len(f.Key) + len(f.Value) + 4
	}
	b.scratch = appendTokens(b.scratch[:0], &r, func(t []byte) { b.hashes[xxhash.Sum64(t)] = struct{}{} })
}

// seal compresses the rows into a block; the builder starts afresh.
func (b *builder) seal(enc *zstd.Encoder) sealed {
	m := blockMeta{Org: b.part.org, Day: b.part.day, Keep: b.part.keep, Rows: len(b.rows), MinT: maxInt64, MaxT: minInt64, MinLSN: ^uint64(0)}
	raw := make([]byte, 0, b.size)
	for i := range b.rows {
		r := &b.rows[i]
		raw = appendRecord(raw, r)
		t := r.Time.UnixNano()
		m.MinT, m.MaxT = min(m.MinT, t), max(m.MaxT, t)
		m.MinLSN, m.MaxLSN = min(m.MinLSN, r.LSN), max(m.MaxLSN, r.LSN)
	}
	bl := newBloom(len(b.hashes))
	for h := range b.hashes {
		bl.add(h)
	}
	z := enc.EncodeAll(raw, make([]byte, 0, len(raw)/4))
	m.ZLen, m.BLen = len(z), 8*len(bl.bits)
	b.rows, b.size = nil, 0
	clear(b.hashes)
	return sealed{meta: m, z: z, bloom: bl}
}

// decodeBlock decompresses a block's rows and gives each its id.
func decodeBlock(dec *zstd.Decoder, m *blockMeta, z []byte) ([]Record, error) {
	raw, err := dec.DecodeAll(z, make([]byte, 0, len(z)*4))
	if err != nil {
		return nil, fmt.Errorf("store: block %s/%d@%d: %w", m.Org, m.Day, m.Off, err)
	}
	out := make([]Record, 0, m.Rows)
	d := newDecoder(raw)
	for d.more() {
		var r Record
		if err := d.next(&r); err != nil {
			return nil, fmt.Errorf("store: block %s/%d@%d: %w", m.Org, m.Day, m.Off, err)
		}
		r.ID = makeID(m.Day, r.LSN)
		out = append(out, r)
	}
	return out, nil
}
