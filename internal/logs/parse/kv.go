package parse

import (
	"strings"
	"time"
)

// looksKV reports whether msg starts with a key=value pair, as FortiGate
// ("date=2026-11-24 time=10:00:01 devname=…") and key=value Windows
// forwarders (NXLog, Snare) write their messages.
func looksKV(msg string) bool {
	i := 0
	for i < len(msg) && isKeyByte(msg[i]) {
		i++
	}
	return i > 0 && i < len(msg) && msg[i] == '=' && strings.IndexByte(msg[i+1:], '=') > 0
}

func isKeyByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.'
}

// parseKV adds every key=value pair of msg as the field "kv.<key>". Values
// are bare words or double-quoted strings (\" and \\ escaped inside quotes).
// Text that is not a pair is skipped; it stays in Message.
func parseKV(e *Event, msg string) {
	s := msg
	keys := newKeyArena(len(s))
	defer keys.finish(e)
	e.grow(strings.Count(s, "="))
	for len(s) > 0 {
		for len(s) > 0 && (s[0] == ' ' || s[0] == '\t' || s[0] == ',') {
			s = s[1:]
		}
		i := 0
		for i < len(s) && isKeyByte(s[i]) {
			i++
		}
		if i == 0 || i >= len(s) || s[i] != '=' {
			// Not a pair: skip the word.
			j := strings.IndexAny(s, " \t")
			if j < 0 {
				return
			}
			s = s[j:]
			continue
		}
		key := s[:i]
		s = s[i+1:]
		var val string
		if len(s) > 0 && s[0] == '"' {
			v, rest, ok := quotedValue(s[1:])
			if !ok {
				e.addError("kv: unterminated quoted value")
				keys.add(e, "kv", key, s[1:])
				return
			}
			val, s = v, rest
		} else {
			j := strings.IndexAny(s, " \t")
			if j < 0 {
				j = len(s)
			}
			val, s = s[:j], s[j:]
		}
		keys.add(e, "kv", key, val)
	}
}

// quotedValue reads up to the closing quote, undoing \" and \\.
func quotedValue(s string) (val, rest string, ok bool) {
	esc := false
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			esc = true
			i++
		case '"':
			if !esc {
				return s[:i], s[i+1:], true
			}
			b := make([]byte, 0, i)
			for k := 0; k < i; k++ {
				if s[k] == '\\' && k+1 < i && (s[k+1] == '"' || s[k+1] == '\\') {
					k++
				}
				b = append(b, s[k])
			}
			return string(b), s[i+1:], true
		}
	}
	return "", s, false
}

// kvTime sets the time of a header-less key=value line (FortiGate) from its
// kv.date and kv.time fields, in kv.tz ("+0700") when present, else in loc.
func kvTime(e *Event, loc *time.Location) {
	date, ok1 := e.Get("kv.date")
	clock, ok2 := e.Get("kv.time")
	if !ok1 || !ok2 || len(date) != 10 || date[4] != '-' || date[7] != '-' {
		e.addError("rfc3164: missing timestamp")
		return
	}
	y, ok1 := digits(date, 4)
	mo, ok2 := digits(date[5:], 2)
	d, ok3 := digits(date[8:], 2)
	h, mi, sec, ns, n, ok4 := parseClock(clock)
	if !ok1 || !ok2 || !ok3 || !ok4 || n != len(clock) || mo < 1 || mo > 12 || d < 1 || d > 31 {
		e.addError("kv: invalid date or time")
		return
	}
	if tz, ok := e.Get("kv.tz"); ok {
		if off, zn, ok := parseZone(tz); ok && zn == len(tz) && zn > 0 {
			e.Time = time.Date(y, time.Month(mo), d, h, mi, sec, ns, time.UTC).Add(-time.Duration(off) * time.Second)
			return
		}
	}
	e.Time = time.Date(y, time.Month(mo), d, h, mi, sec, ns, loc).UTC()
}
