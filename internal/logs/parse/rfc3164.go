package parse

import (
	"strings"
	"time"
)

// parse3164 reads what follows "<PRI>" in a BSD syslog line:
// TIMESTAMP SP HOSTNAME SP TAG[PID]: MSG. The timestamp may be the classic
// "Mmm dd hh:mm:ss" or the ISO form of RSYSLOG_ForwardFormat. Devices that
// leave out the hostname (tag straight after the time) are recognised.
//
// It reports whether the header carried a timestamp. FortiGate's default
// format sends no header at all ("<185>date=… time=… devname=…"); such a
// line is read as a message whose time comes from its fields.
func parse3164(e *Event, s string, received time.Time, loc *time.Location) bool {
	e.Format = FormatRFC3164
	if t, n, ok := parseBSD(s, received, loc); ok {
		e.Time = t
		s = s[n:]
	} else if t, n, ok := parseISO(s, loc); ok {
		e.Time = t
		s = s[n:]
	} else if looksKV(s) {
		e.Message = s
		return false
	} else {
		e.addError("rfc3164: missing or invalid timestamp")
		e.Message = s
		return false
	}
	if len(s) > 0 && s[0] != ' ' {
		e.addError("rfc3164: invalid timestamp")
		e.Message = s
		return true
	}
	s = strings.TrimLeft(s, " ")
	if !strings.HasPrefix(s, "CEF:") {
		tok, rest, ok := nextToken(s)
		if ok && !isTag(tok) {
			e.Host = tok
			s = rest
		} else if !ok && !isTag(tok) {
			// "<13>Nov 24 10:00:01 host" with no message at all.
			e.Host = tok
			e.addError("rfc3164: missing message")
			return true
		}
	}
	s = parseTag(e, s)
	e.Message = s
	return true
}

// isTag reports whether tok looks like "tag:" or "tag[pid]:" rather than a
// hostname; a hostname never holds ':' at its end or '['.
func isTag(tok string) bool {
	return strings.HasSuffix(tok, ":") || strings.IndexByte(tok, '[') > 0 || strings.HasPrefix(tok, "CEF:")
}

// parseTag reads "tag[pid]: " or "tag: " at the start of s into App and
// ProcID and returns the message after it. Text without a tag is all message.
func parseTag(e *Event, s string) string {
	if strings.HasPrefix(s, "CEF:") {
		return s
	}
	i := 0
	for i < len(s) && i < 64 && s[i] != ':' && s[i] != '[' && s[i] != ' ' {
		i++
	}
	if i == 0 || i >= len(s) {
		return s
	}
	switch s[i] {
	case ':':
		e.App = s[:i]
		return strings.TrimPrefix(s[i+1:], " ")
	case '[':
		j := strings.IndexByte(s[i:], ']')
		if j < 0 || j > 24 {
			return s
		}
		j += i
		e.App, e.ProcID = s[:i], s[i+1:j]
		rest := s[j+1:]
		rest = strings.TrimPrefix(rest, ":")
		return strings.TrimPrefix(rest, " ")
	}
	return s
}
