package parse

import (
	"strings"
	"time"
)

const bom = "\xEF\xBB\xBF"

// parse5424 reads what follows "<PRI>1 ":
// TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID SP SD [SP MSG].
func parse5424(e *Event, s string, loc *time.Location) {
	e.Format = FormatRFC5424
	if strings.HasPrefix(s, "- ") || s == "-" {
		s = s[min(2, len(s)):]
	} else {
		t, n, ok := parseISO(s, loc)
		if !ok || (n < len(s) && s[n] != ' ') {
			e.addError("rfc5424: invalid timestamp")
			_, s, _ = nextToken(s)
		} else {
			e.Time = t
			s = s[min(n+1, len(s)):]
		}
	}
	var hdr [4]string
	for i := range hdr {
		tok, rest, ok := nextToken(s)
		if tok != "-" {
			hdr[i] = tok
		}
		s = rest
		if !ok {
			if i < 3 || tok == "" {
				e.addError("rfc5424: truncated header")
			}
			e.Host, e.App, e.ProcID, e.MsgID = hdr[0], hdr[1], hdr[2], hdr[3]
			return
		}
	}
	e.Host, e.App, e.ProcID, e.MsgID = hdr[0], hdr[1], hdr[2], hdr[3]
	switch {
	case s == "-":
		return
	case strings.HasPrefix(s, "- "):
		s = s[2:]
	case strings.HasPrefix(s, "["):
		var ok bool
		s, ok = parseSD(e, s)
		if !ok {
			e.Message = s
			return
		}
		if len(s) > 0 && s[0] == ' ' {
			s = s[1:]
		}
	default:
		e.addError("rfc5424: invalid structured data")
	}
	e.Message = strings.TrimPrefix(s, bom)
}

// parseSD reads one or more SD-ELEMENTs, adding each param as the field
// "sdid.name", and returns the text after them. On malformed data it records
// the error and returns the text from the bad element on with ok false.
func parseSD(e *Event, s string) (string, bool) {
	keys := newKeyArena(len(s))
	defer keys.finish(e)
	e.grow(strings.Count(s, "="))
	for len(s) > 0 && s[0] == '[' {
		elem := s
		i := 1
		for i < len(s) && s[i] != ' ' && s[i] != ']' && s[i] != '=' && s[i] != '"' {
			i++
		}
		if i == 1 || i >= len(s) {
			e.addError("rfc5424: invalid SD-ID")
			return elem, false
		}
		id := s[1:i]
		s = s[i:]
		for len(s) > 0 && s[0] == ' ' {
			s = s[1:]
			eq := strings.IndexByte(s, '=')
			if eq <= 0 || eq+1 >= len(s) || s[eq+1] != '"' || strings.ContainsAny(s[:eq], " ]\"") {
				e.addError("rfc5424: invalid SD-PARAM")
				return elem, false
			}
			name := s[:eq]
			val, rest, ok := sdValue(s[eq+2:])
			if !ok {
				e.addError("rfc5424: unterminated SD-PARAM value")
				return elem, false
			}
			keys.add(e, id, name, val)
			s = rest
		}
		if len(s) == 0 || s[0] != ']' {
			e.addError("rfc5424: unterminated SD-ELEMENT")
			return elem, false
		}
		s = s[1:]
	}
	return s, true
}

// sdValue reads a PARAM-VALUE up to its closing quote, undoing the escapes
// \" \\ \]; other backslashes are kept as RFC 5424 §6.3.3 requires.
func sdValue(s string) (val, rest string, ok bool) {
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
			return unescapeSD(s[:i]), s[i+1:], true
		}
	}
	return "", s, false
}

func unescapeSD(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && (s[i+1] == '"' || s[i+1] == '\\' || s[i+1] == ']') {
			i++
		}
		b = append(b, s[i])
	}
	return string(b)
}
