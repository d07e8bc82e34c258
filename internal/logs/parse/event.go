// Package parse is the pure parsing layer of log ingest (SPEC S5): it turns
// one syslog line (RFC 5424, RFC 3164, CEF and the common firewall, sshd and
// Windows dialects carried in them), one JSON object, or one TCP frame into an
// Event. It does no network and no storage I/O, keeps no state between calls
// and never drops a line: what cannot be read fully is still returned with its
// Raw text and a ParseError.
//
// The hot path (ParseSyslog) avoids regular expressions and reflection: every
// string in an Event is a substring of Raw except unescaped values and
// prefixed field keys, which share one allocation per event.
package parse

import "time"

// Format names the wire format an Event was read from.
type Format string

// The formats ParseSyslog and ParseJSON produce.
const (
	FormatRFC5424 Format = "rfc5424"
	FormatRFC3164 Format = "rfc3164"
	FormatCEF     Format = "cef"
	FormatJSON    Format = "json"
	FormatRaw     Format = "raw"
)

// Syslog severities (RFC 5424 §6.2.1); SeverityUnknown marks an event whose
// severity could not be read.
const (
	SeverityEmergency = 0
	SeverityAlert     = 1
	SeverityCritical  = 2
	SeverityError     = 3
	SeverityWarning   = 4
	SeverityNotice    = 5
	SeverityInfo      = 6
	SeverityDebug     = 7
	SeverityUnknown   = -1
)

// DefaultMaxMessage is the largest message, in bytes, the Framer returns and
// ParseJSON accepts unless told otherwise (64 KiB, as rsyslog's default).
const DefaultMaxMessage = 64 << 10

// Field is one parsed key/value pair. Keys are namespaced by origin:
// "sdid.param" for RFC 5424 structured data, "cef.<key>" for CEF, "kv.<key>"
// for key=value dialects (FortiGate, Windows), "ssh.*", "pf.*", "pan.*",
// "win.*" for normalised dialect fields, and "a.b" for flattened JSON.
type Field struct {
	Key   string
	Value string
}

// Event is one log event as parsed. A slice of Field rather than a map keeps
// parsing to a couple of allocations per event; events rarely have more than
// a few dozen fields, so a linear Get is as fast as a map lookup.
type Event struct {
	Time       time.Time // when the event happened, UTC; Received when the line has no usable timestamp
	Received   time.Time // when attt received it, UTC
	Host       string
	App        string // RFC 5424 APP-NAME or RFC 3164 TAG
	ProcID     string
	MsgID      string
	Facility   int // 0–23, SeverityUnknown (-1) when there was no PRI
	Severity   int // 0–7, SeverityUnknown (-1) when unknown
	Message    string
	Fields     []Field
	Format     Format
	Raw        string // the original line, byte for byte, always kept
	ParseError string // non-empty when the line could not be parsed fully
}

// Get returns the value of the first field named key.
func (e *Event) Get(key string) (string, bool) {
	for i := range e.Fields {
		if e.Fields[i].Key == key {
			return e.Fields[i].Value, true
		}
	}
	return "", false
}

// addError records a parse problem without hiding an earlier one: the first
// problem is usually the cause of the others.
func (e *Event) addError(msg string) {
	if e.ParseError == "" {
		e.ParseError = msg
	}
}

// grow makes room for n more fields in one allocation.
func (e *Event) grow(n int) {
	if cap(e.Fields)-len(e.Fields) >= n {
		return
	}
	f := make([]Field, len(e.Fields), len(e.Fields)+n)
	copy(f, e.Fields)
	e.Fields = f
}

func (e *Event) add(key, value string) {
	e.Fields = append(e.Fields, Field{Key: key, Value: value})
}

// newEvent starts an event for raw received at received; times are kept UTC.
func newEvent(raw string, received time.Time) Event {
	if received.IsZero() {
		received = time.Now()
	}
	r := received.UTC()
	return Event{Time: r, Received: r, Facility: SeverityUnknown, Severity: SeverityUnknown, Raw: raw, Format: FormatRaw}
}
