// Package store keeps central log events (SPEC S5) durably and finds them
// again. Disk is the embedded store: a write-ahead log fsynced in groups,
// per (agency, day) partitions of immutable zstd-compressed blocks with a
// token Bloom filter each, and a manifest that commits blocks and the WAL
// checkpoint together. Postgres keeps the same records in a table through
// COPY batches. Both satisfy Store.
package store

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"attt/internal/logs/parse"
)

// Record is one stored event: the parsed event plus where it came from.
type Record struct {
	// ID is assigned by the store: unique and stable (see ParseID).
	ID string
	// LSN is the store's sequence number of the record.
	LSN uint64
	// Org is the agency the source belongs to; "" while unassigned.
	Org string
	// Source is the registered source's id; "" for an unknown sender.
	Source string
	// Peer is the sender's address as seen by attt.
	Peer       string
	Time       time.Time
	Received   time.Time
	Host       string
	App        string
	ProcID     string
	MsgID      string
	Facility   int
	Severity   int
	Format     string
	Message    string
	Fields     []parse.Field
	Raw        string
	ParseError string
	// Keep is the source's own retention in days; 0 keeps the agency's.
	// Records of one agency and day with different Keep go to different
	// partitions, so retention still drops whole files.
	Keep int
}

// FromEvent returns the record of a parsed event.
func FromEvent(e parse.Event, org, source, peer string) Record {
	return Record{Org: org, Source: source, Peer: peer, Time: e.Time, Received: e.Received, Host: e.Host, App: e.App,
		ProcID: e.ProcID, MsgID: e.MsgID, Facility: e.Facility, Severity: e.Severity, Format: string(e.Format),
		Message: e.Message, Fields: e.Fields, Raw: e.Raw, ParseError: e.ParseError}
}

// Get returns the value of the first field named key.
func (r *Record) Get(key string) (string, bool) {
	for i := range r.Fields {
		if r.Fields[i].Key == key {
			return r.Fields[i].Value, true
		}
	}
	return "", false
}

// day is the partition day of t: days are cut in Asia/Ho_Chi_Minh, where
// the agencies work.
func day(t time.Time) int {
	y, m, d := t.In(zone).Date()
	return y*10000 + int(m)*100 + d
}

var zone = time.FixedZone("ICT", 7*3600)

// dayStart returns the first instant of the partition day d.
func dayStart(d int) time.Time {
	return time.Date(d/10000, time.Month(d/100%100), d%100, 0, 0, 0, 0, zone)
}

// makeID names a record by its partition day and LSN: "20260124-1f3a".
func makeID(d int, lsn uint64) string {
	return strconv.Itoa(d) + "-" + strconv.FormatUint(lsn, 16)
}

// ParseID reads an id made by the store back into day and LSN.
func ParseID(id string) (d int, lsn uint64, err error) {
	ds, ls, ok := strings.Cut(id, "-")
	if ok {
		if d, err = strconv.Atoi(ds); err == nil && d > 19000101 && d < 99991231 {
			if lsn, err = strconv.ParseUint(ls, 16, 64); err == nil {
				return d, lsn, nil
			}
		}
	}
	return 0, 0, fmt.Errorf("store: malformed event id %q", id)
}

// ErrNotFound is returned by Get for an id that names no stored record.
var ErrNotFound = errors.New("store: event not found")

// ErrClosed is returned by Append after Close.
var ErrClosed = errors.New("store: closed")

// Ack is the outcome of an Append: Wait returns once the records are
// durable (fsynced or committed) or failed to be.
type Ack struct{ done <-chan error }

// Wait blocks until the appended records are durable, or ctx ends.
func (a Ack) Wait(ctx context.Context) error {
	if a.done == nil {
		return nil
	}
	select {
	case err := <-a.done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// appendRecord encodes r (without ID) for the WAL and blocks.
func appendRecord(b []byte, r *Record) []byte {
	b = binary.AppendUvarint(b, r.LSN)
	b = binary.AppendVarint(b, r.Time.UnixNano())
	b = binary.AppendVarint(b, r.Received.UnixNano()-r.Time.UnixNano())
	b = binary.AppendVarint(b, int64(r.Facility))
	b = binary.AppendVarint(b, int64(r.Severity))
	for _, s := range [...]string{r.Org, r.Source, r.Peer, r.Host, r.App, r.ProcID, r.MsgID, r.Format, r.Message, r.Raw, r.ParseError} {
		b = appendString(b, s)
	}
	b = binary.AppendUvarint(b, uint64(len(r.Fields)))
	for _, f := range r.Fields {
		b = appendString(b, f.Key)
		b = appendString(b, f.Value)
	}
	return binary.AppendUvarint(b, uint64(r.Keep))
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// decoder reads records written by appendRecord. Strings are copied out
// of the buffer once, as one string, and sliced.
type decoder struct {
	p   []byte
	all string
	off int
	err error
}

var errCorrupt = errors.New("store: corrupt record")

func newDecoder(p []byte) *decoder { return &decoder{p: p, all: string(p)} }

func (d *decoder) more() bool { return d.err == nil && d.off < len(d.p) }

func (d *decoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.p[d.off:])
	if n <= 0 {
		d.err = errCorrupt
		d.off = len(d.p)
		return 0
	}
	d.off += n
	return v
}

// varint reads what binary.AppendVarint wrote: a zig-zag uvarint.
func (d *decoder) varint() int64 {
	u := d.uvarint()
	return int64(u>>1) ^ -int64(u&1)
}

func (d *decoder) str() string {
	n := d.uvarint()
	if d.err != nil || n > uint64(len(d.p)-d.off) {
		d.err = errCorrupt
		d.off = len(d.p)
		return ""
	}
	s := d.all[d.off : d.off+int(n)]
	d.off += int(n)
	return s
}

// next decodes one record.
func (d *decoder) next(r *Record) error {
	r.LSN = d.uvarint()
	t := d.varint()
	r.Time = time.Unix(0, t).UTC()
	r.Received = time.Unix(0, t+d.varint()).UTC()
	r.Facility = int(d.varint())
	r.Severity = int(d.varint())
	for _, p := range [...]*string{&r.Org, &r.Source, &r.Peer, &r.Host, &r.App, &r.ProcID, &r.MsgID, &r.Format, &r.Message, &r.Raw, &r.ParseError} {
		*p = d.str()
	}
	n := d.uvarint()
	if n > uint64(len(d.p)) {
		d.err = errCorrupt
	}
	r.Fields = nil
	if d.err == nil && n > 0 {
		r.Fields = make([]parse.Field, n)
		for i := range r.Fields {
			r.Fields[i] = parse.Field{Key: d.str(), Value: d.str()}
		}
	}
	r.Keep = int(d.uvarint())
	return d.err
}
