package parse

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// MaxJSONSize is the largest JSON event ParseJSON reads.
const MaxJSONSize = DefaultMaxMessage

// maxJSONDepth bounds flattening; deeper values are kept as JSON text.
const maxJSONDepth = 8

// maxJSONArray bounds how many array elements become fields of their own.
const maxJSONArray = 64

// Errors ParseJSON returns, wrapped with detail.
var (
	ErrJSONTooLarge  = errors.New("json event too large")
	ErrJSONInvalid   = errors.New("invalid json event")
	ErrJSONNotObject = errors.New("json event is not an object")
)

// ParseJSON reads one JSON object posted to the HTTP ingest API. It accepts
// the common shapes: time in timestamp, @timestamp, time or EventTime (RFC
// 3339, with or without zone — read in loc — or Unix seconds or
// milliseconds), host or hostname (or host.name), app, program or appname,
// severity or level as a number or a name, message or msg; every other member
// becomes a field, nested objects flattened as "a.b".
//
// On error the Event is still returned with Raw and ParseError set, so the
// caller may store it rather than drop it; an object over MaxJSONSize keeps
// only its first MaxJSONSize bytes in Raw.
func ParseJSON(obj []byte, received time.Time, loc *time.Location) (Event, error) {
	if loc == nil {
		loc = time.UTC
	}
	if len(obj) > MaxJSONSize {
		e := newEvent(string(obj[:MaxJSONSize]), received)
		err := fmt.Errorf("parse: %d bytes: %w", len(obj), ErrJSONTooLarge)
		e.addError(err.Error())
		return e, err
	}
	e := newEvent(string(obj), received)
	m, err := decodeObject(obj)
	if err != nil {
		e.Message = strings.TrimSpace(e.Raw)
		e.addError(err.Error())
		return e, err
	}
	e.Format = FormatJSON
	var fl flattener
	fl.flatten(m, "", 0)
	for _, f := range fl.fields {
		if !setJSONKnown(&e, f, loc) {
			e.Fields = append(e.Fields, f)
		}
	}
	normalizeWindows(&e, "")
	return e, nil
}

// parseJSONMessage adds the members of a JSON syslog message (NXLog
// to_json, Winlogbeat over syslog) as fields; header values are left as the
// syslog header gave them.
func parseJSONMessage(e *Event, msg string) {
	m, err := decodeObject([]byte(msg))
	if err != nil {
		return // A message that merely starts with '{' is still a message.
	}
	var fl flattener
	fl.flatten(m, "", 0)
	e.Fields = append(e.Fields, fl.fields...)
	normalizeWindows(e, "")
}

func decodeObject(obj []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(obj))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("parse: %w: %v", ErrJSONInvalid, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("parse: %w: data after the object", ErrJSONInvalid)
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("parse: %w", ErrJSONNotObject)
	}
	return m, nil
}

// flattener turns nested JSON into "a.b" fields in sorted key order, so the
// same object always gives the same fields.
type flattener struct {
	fields []Field
}

func (f *flattener) flatten(v any, prefix string, depth int) {
	switch t := v.(type) {
	case map[string]any:
		if depth >= maxJSONDepth {
			f.leaf(prefix, t)
			return
		}
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			f.flatten(t[k], joinKey(prefix, k), depth+1)
		}
	case []any:
		if depth >= maxJSONDepth || len(t) > maxJSONArray {
			f.leaf(prefix, t)
			return
		}
		for i, x := range t {
			f.flatten(x, joinKey(prefix, strconv.Itoa(i)), depth+1)
		}
	default:
		f.leaf(prefix, t)
	}
}

func (f *flattener) leaf(key string, v any) {
	if key == "" {
		key = "_"
	}
	var s string
	switch t := v.(type) {
	case nil:
		s = ""
	case string:
		s = t
	case json.Number:
		s = t.String()
	case bool:
		s = strconv.FormatBool(t)
	default:
		b, err := json.Marshal(t)
		if err != nil {
			return
		}
		s = string(b)
	}
	f.fields = append(f.fields, Field{Key: key, Value: s})
}

func joinKey(prefix, k string) string {
	if prefix == "" {
		return k
	}
	return prefix + "." + k
}

// setJSONKnown moves a well-known member into the Event header and reports
// whether it did.
func setJSONKnown(e *Event, f Field, loc *time.Location) bool {
	switch strings.ToLower(f.Key) {
	case "timestamp", "@timestamp", "time", "eventtime":
		t, ok := parseJSONTime(f.Value, loc)
		if !ok {
			e.addError("json: invalid timestamp")
			return false
		}
		e.Time = t
	case "host", "hostname", "host.name", "host.hostname":
		e.Host = f.Value
	case "app", "program", "appname", "app_name":
		e.App = f.Value
	case "procid", "pid":
		e.ProcID = f.Value
	case "msgid":
		e.MsgID = f.Value
	case "message", "msg":
		e.Message = f.Value
	case "severity", "level", "log.level":
		sev, ok := parseSeverity(f.Value)
		if !ok {
			return false
		}
		e.Severity = sev
	case "facility":
		n, ok := atoi(f.Value)
		if !ok || n > 23 {
			return false
		}
		e.Facility = n
	default:
		return false
	}
	return true
}

func parseJSONTime(s string, loc *time.Location) (time.Time, bool) {
	if t, n, ok := parseISO(s, loc); ok && n == len(s) {
		return t, true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || f < 0 || f > 1e17 {
		return time.Time{}, false
	}
	switch {
	case f >= 1e14: // microseconds
		return time.UnixMicro(int64(f)).UTC(), true
	case f >= 1e11: // milliseconds
		return time.UnixMilli(int64(f)).UTC(), true
	default:
		sec, frac := math.Modf(f)
		return time.Unix(int64(sec), int64(frac*1e9)).UTC(), true
	}
}

// parseSeverity reads a syslog severity as 0–7 or a name such as "warning",
// "ERROR" or "info".
func parseSeverity(s string) (int, bool) {
	if n, ok := atoi(s); ok {
		return n, n <= 7
	}
	switch strings.ToLower(s) {
	case "emerg", "emergency", "panic":
		return SeverityEmergency, true
	case "alert":
		return SeverityAlert, true
	case "crit", "critical", "fatal":
		return SeverityCritical, true
	case "err", "error":
		return SeverityError, true
	case "warn", "warning":
		return SeverityWarning, true
	case "notice":
		return SeverityNotice, true
	case "info", "information", "informational":
		return SeverityInfo, true
	case "debug", "trace", "verbose":
		return SeverityDebug, true
	}
	return 0, false
}
