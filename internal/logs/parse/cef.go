package parse

import (
	"strings"
)

// parseCEF reads an ArcSight CEF payload
// "CEF:Version|Vendor|Product|Version|SignatureID|Name|Severity|Extension"
// into fields cef.vendor, cef.product, cef.version (device version),
// cef.signature, cef.name, cef.severity, cef.cef_version and cef.<key> for
// each extension. Header fields unescape \| and \\; extension values unescape
// \= \\ \n \r and may contain spaces: a key is the last word before an
// unescaped "=".
func parseCEF(e *Event, s string) {
	e.Format = FormatCEF
	keys := newKeyArena(2 * len(s))
	defer keys.finish(e)
	e.grow(7 + strings.Count(s, "="))
	s = s[len("CEF:"):]
	for i := 0; i < 7; i++ {
		j := indexUnescaped(s, '|')
		if j < 0 {
			if i == 6 { // Some senders end the header without a trailing '|'.
				addCEFHeader(e, &keys, i, unescapeCEF(s, false))
				setCEFSeverity(e, s)
				return
			}
			e.addError("cef: truncated header")
			if s != "" {
				addCEFHeader(e, &keys, i, unescapeCEF(s, false))
			}
			return
		}
		v := unescapeCEF(s[:j], false)
		addCEFHeader(e, &keys, i, v)
		if i == 6 {
			setCEFSeverity(e, v)
		}
		s = s[j+1:]
	}
	parseCEFExtension(e, &keys, s)
}

func addCEFHeader(e *Event, keys *keyArena, i int, v string) {
	var name string
	switch i {
	case 0:
		name = "cef_version"
	case 1:
		name = "vendor"
	case 2:
		name = "product"
	case 3:
		name = "version"
	case 4:
		name = "signature"
	case 5:
		name = "name"
	default:
		name = "severity"
	}
	keys.add(e, "cef", name, v)
}

// setCEFSeverity maps the CEF severity (0–10 or Low/Medium/High/Very-High)
// to a syslog severity when the carrier gave none.
func setCEFSeverity(e *Event, v string) {
	if e.Severity != SeverityUnknown {
		return
	}
	n, ok := atoi(v)
	if !ok {
		switch strings.ToLower(v) {
		case "low":
			n = 2
		case "medium":
			n = 5
		case "high":
			n = 7
		case "very-high":
			n = 9
		default:
			return
		}
	}
	switch {
	case n <= 3:
		e.Severity = SeverityInfo
	case n <= 6:
		e.Severity = SeverityWarning
	case n <= 8:
		e.Severity = SeverityError
	default:
		e.Severity = SeverityCritical
	}
}

// parseCEFExtension reads "k1=v1 k2=value with spaces k3=v3".
func parseCEFExtension(e *Event, keys *keyArena, s string) {
	s = strings.TrimLeft(s, " ")
	if s == "" {
		return
	}
	eq := indexUnescaped(s, '=')
	if eq <= 0 {
		e.addError("cef: invalid extension")
		return
	}
	key := strings.TrimSpace(s[:eq])
	s = s[eq+1:]
	for {
		// Find the next "=" that is preceded by a word: that word is the next key.
		off := 0
		next, eqAt := -1, -1
		for {
			j := indexUnescaped(s[off:], '=')
			if j < 0 {
				break
			}
			j += off
			// Keys hold no '=', so the word can only start after off.
			sp := strings.LastIndexByte(s[off:j], ' ')
			if sp >= 0 && off+sp+1 < j {
				next, eqAt = off+sp, j
				break
			}
			off = j + 1
		}
		if next < 0 {
			keys.add(e, "cef", key, unescapeCEF(strings.TrimRight(s, " "), true))
			return
		}
		keys.add(e, "cef", key, unescapeCEF(strings.TrimRight(s[:next], " "), true))
		key = s[next+1 : eqAt]
		s = s[eqAt+1:]
	}
}

// indexUnescaped returns the index of the first c in s not escaped by a
// backslash (an odd run of backslashes before it), or -1.
func indexUnescaped(s string, c byte) int {
	off := 0
	for {
		j := strings.IndexByte(s[off:], c)
		if j < 0 {
			return -1
		}
		j += off
		k := j
		for k > 0 && s[k-1] == '\\' {
			k--
		}
		if (j-k)%2 == 0 {
			return j
		}
		off = j + 1
	}
}

// unescapeCEF undoes CEF escaping; it allocates only when s holds a backslash.
func unescapeCEF(s string, ext bool) string {
	if strings.IndexByte(s, '\\') < 0 {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\\' && i+1 < len(s) {
			n := s[i+1]
			switch {
			case n == '\\' || n == '|' && !ext || n == '=' && ext:
				c = n
				i++
			case ext && n == 'n':
				c = '\n'
				i++
			case ext && n == 'r':
				c = '\r'
				i++
			}
		}
		b = append(b, c)
	}
	return string(b)
}

func atoi(s string) (int, bool) {
	if s == "" || len(s) > 9 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}
