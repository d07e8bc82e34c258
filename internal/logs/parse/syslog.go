package parse

import (
	"strings"
	"time"
)

// ParseSyslog parses one syslog message as received over UDP or cut from a
// TCP stream by a Framer: RFC 5424, RFC 3164 (including rsyslog's
// RSYSLOG_ForwardFormat with an ISO timestamp), and CEF or a known dialect in
// the message part. received is when attt read it; loc is the zone of
// timestamps that carry none (Asia/Ho_Chi_Minh in production).
//
// It never fails: a line it cannot read fully comes back with Format raw or
// with what could be read, Raw set to the line byte for byte, and ParseError
// saying what was wrong.
func ParseSyslog(line []byte, received time.Time, loc *time.Location) Event {
	if loc == nil {
		loc = time.UTC
	}
	raw := string(line)
	e := newEvent(raw, received)
	s := trimEnd(raw)
	if len(s) == 0 {
		e.addError("syslog: empty message")
		return e
	}
	if s[0] != '<' {
		if strings.HasPrefix(s, "CEF:") {
			e.Message = s
			parseCEF(&e, s)
			return e
		}
		e.Message = s
		e.addError("syslog: missing <PRI>")
		return e
	}
	pri, n, ok := parsePRI(s)
	if !ok {
		e.Message = s
		e.addError("syslog: invalid <PRI>")
		return e
	}
	e.Facility, e.Severity = pri/8, pri%8
	s = s[n:]
	hadTime := true
	if len(s) >= 2 && s[0] == '1' && s[1] == ' ' {
		parse5424(&e, s[2:], loc)
	} else {
		hadTime = parse3164(&e, s, e.Received, loc)
	}
	parseContent(&e)
	if !hadTime {
		kvTime(&e, loc)
	}
	return e
}

// parsePRI reads "<N>" with N in 0–191 and returns N and the bytes read.
func parsePRI(s string) (pri, n int, ok bool) {
	n = 1
	for n < len(s) && n <= 4 && s[n] >= '0' && s[n] <= '9' {
		pri = pri*10 + int(s[n]-'0')
		n++
	}
	if n == 1 || n > 4 || n >= len(s) || s[n] != '>' || pri > 191 {
		return 0, 0, false
	}
	return pri, n + 1, true
}

// trimEnd drops the trailing CR, LF and NUL bytes that UDP senders leave on
// a message; Raw keeps them.
func trimEnd(s string) string {
	for len(s) > 0 {
		switch s[len(s)-1] {
		case '\n', '\r', 0:
			s = s[:len(s)-1]
			continue
		}
		break
	}
	return s
}

// nextToken returns the text up to the next space and the rest after it.
func nextToken(s string) (tok, rest string, ok bool) {
	i := strings.IndexByte(s, ' ')
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+1:], true
}
