package parse_test

import (
	"strings"
	"testing"
	"time"

	"attt/internal/logs/parse"
)

// ict is Asia/Ho_Chi_Minh without needing tzdata.
var ict = time.FixedZone("ICT", 7*3600)

// recv is the receive time used by the tables: 24/11/2026 17:00 ICT.
var recv = time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)

// want describes the parts of an Event a table row checks; zero values are
// not checked except where noted.
type want struct {
	format   parse.Format
	time     string // RFC 3339 in UTC; "recv" for the receive time
	host     string
	app      string
	procID   string
	msgID    string
	facility int
	severity int // checked always; use -1 for unknown
	message  string
	fields   map[string]string
	errPart  string // ParseError must contain it; "" means ParseError must be empty
}

// MustMatch checks e against w.
func MustMatch(tb testing.TB, line string, e parse.Event, w want) {
	tb.Helper()
	if e.Raw != line {
		tb.Errorf("Raw = %q, want the input %q", e.Raw, line)
	}
	if w.format != "" && e.Format != w.format {
		tb.Errorf("Format = %q, want %q", e.Format, w.format)
	}
	if w.time != "" {
		wt := recv
		if w.time != "recv" {
			var err error
			if wt, err = time.Parse(time.RFC3339Nano, w.time); err != nil {
				tb.Fatalf("bad want time %q: %v", w.time, err)
			}
		}
		if !e.Time.Equal(wt) || e.Time.Location() != time.UTC {
			tb.Errorf("Time = %v, want %v UTC", e.Time, wt.UTC())
		}
	}
	check := func(name, got, want string) {
		if want != "" && got != want {
			tb.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	check("Host", e.Host, w.host)
	check("App", e.App, w.app)
	check("ProcID", e.ProcID, w.procID)
	check("MsgID", e.MsgID, w.msgID)
	check("Message", e.Message, w.message)
	if e.Severity != w.severity {
		tb.Errorf("Severity = %d, want %d", e.Severity, w.severity)
	}
	if w.facility != 0 && e.Facility != w.facility {
		tb.Errorf("Facility = %d, want %d", e.Facility, w.facility)
	}
	for k, v := range w.fields {
		got, ok := e.Get(k)
		if !ok {
			tb.Errorf("field %q missing; fields: %v", k, e.Fields)
		} else if got != v {
			tb.Errorf("field %q = %q, want %q", k, got, v)
		}
	}
	if w.errPart == "" && e.ParseError != "" {
		tb.Errorf("ParseError = %q, want none", e.ParseError)
	}
	if w.errPart != "" && !strings.Contains(e.ParseError, w.errPart) {
		tb.Errorf("ParseError = %q, want it to contain %q", e.ParseError, w.errPart)
	}
	if !e.Received.Equal(recv) {
		tb.Errorf("Received = %v, want %v", e.Received, recv)
	}
}
