package store

import (
	"encoding/binary"
	"math/bits"

	"github.com/cespare/xxhash/v2"
)

// bloom is a Bloom filter over the hashes of a block's tokens: words of
// free text, "h=host", "a=app", "f:key=value" and "s=source". A search
// skips a block whose filter says a required token is absent. Four probes
// derived from one 64-bit hash (Kirsch–Mitzenmacher) at ~10 bits per token
// give about 1% false positives.
type bloom struct {
	bits []uint64
	mask uint64
}

const bloomProbes = 4

// newBloom sizes a filter for n distinct tokens.
func newBloom(n int) bloom {
	want := uint64(n) * 10
	if want < 512 {
		want = 512
	}
	size := uint64(1) << bits.Len64(want-1) // Power of two: a mask, not a modulo.
	return bloom{bits: make([]uint64, size/64), mask: size - 1}
}

func tokenHash(s string) uint64 { return xxhash.Sum64String(s) }

func (b bloom) add(h uint64) {
	h2 := h>>32 | h<<32
	for i := uint64(0); i < bloomProbes; i++ {
		p := (h + i*h2) & b.mask
		b.bits[p/64] |= 1 << (p % 64)
	}
}

func (b bloom) has(h uint64) bool {
	if len(b.bits) == 0 {
		return true // No filter: cannot exclude.
	}
	h2 := h>>32 | h<<32
	for i := uint64(0); i < bloomProbes; i++ {
		p := (h + i*h2) & b.mask
		if b.bits[p/64]&(1<<(p%64)) == 0 {
			return false
		}
	}
	return true
}

func (b bloom) hasAll(hs []uint64) bool {
	for _, h := range hs {
		if !b.has(h) {
			return false
		}
	}
	return true
}

func (b bloom) marshal() []byte {
	out := make([]byte, 8*len(b.bits))
	for i, w := range b.bits {
		binary.LittleEndian.PutUint64(out[8*i:], w)
	}
	return out
}

func unmarshalBloom(p []byte) bloom {
	n := len(p) / 8
	if n == 0 || n&(n-1) != 0 {
		return bloom{}
	}
	b := bloom{bits: make([]uint64, n), mask: uint64(n*64) - 1}
	for i := range b.bits {
		b.bits[i] = binary.LittleEndian.Uint64(p[8*i:])
	}
	return b
}
