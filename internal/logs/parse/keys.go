package parse

import "unsafe"

// maxArenaKeys bounds how many prefixed keys one event builds in a single
// allocation; keys beyond it are built one by one, which is only slower.
const maxArenaKeys = 96

// newKeyArena returns an arena whose buffer fits the keys of a text of n
// bytes in most cases; it grows when it does not.
func newKeyArena(n int) keyArena {
	return keyArena{buf: make([]byte, 0, n/2+32)}
}

// keyArena builds "prefix.key" field keys for one event into one buffer so
// that a FortiGate line with forty fields costs one string allocation for its
// keys rather than forty. Use it as a local variable:
//
//	keys := newKeyArena(len(s))
//	defer keys.finish(e)
type keyArena struct {
	buf  []byte
	ends [maxArenaKeys]uint32
	idx  [maxArenaKeys]int32 // index into Event.Fields
	n    int
}

// add appends a field whose key is prefix "." key; the key is filled in by
// finish.
func (a *keyArena) add(e *Event, prefix, key, value string) {
	if a.n == maxArenaKeys {
		e.add(prefix+"."+key, value)
		return
	}
	if a.buf == nil {
		a.buf = make([]byte, 0, 64)
	}
	a.buf = append(a.buf, prefix...)
	a.buf = append(a.buf, '.')
	a.buf = append(a.buf, key...)
	a.ends[a.n] = uint32(len(a.buf))
	a.idx[a.n] = int32(len(e.Fields))
	a.n++
	e.Fields = append(e.Fields, Field{Value: value})
}

// finish sets the keys of every field added through a.
func (a *keyArena) finish(e *Event) {
	if a.n == 0 {
		return
	}
	// The buffer is never written again once finish has run (add would
	// start a new one), so the keys may share it without a copy.
	s := unsafe.String(unsafe.SliceData(a.buf), len(a.buf))
	start := uint32(0)
	for i := 0; i < a.n; i++ {
		e.Fields[a.idx[i]].Key = s[start:a.ends[i]]
		start = a.ends[i]
	}
	a.n = 0
	a.buf = nil
}
