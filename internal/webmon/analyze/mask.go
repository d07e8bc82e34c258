package analyze

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The placeholders dynamic parts are replaced with. None contains a digit,
// so masking twice changes nothing.
const (
	maskDate  = "{date}"
	maskTime  = "{time}"
	maskNum   = "{n}"
	maskToken = "{token}"
	maskRule  = "{ignored}"
)

// maskText masks every line of text, after the monitor's own patterns.
// Masking is a small hand-written lexer rather than a list of regexps: a
// portal's home page has hundreds of dated lines, and Analyze must stay
// well under a few milliseconds.
func maskText(text string, ignore []*regexp.Regexp) string {
	for _, re := range ignore {
		text = re.ReplaceAllString(text, maskRule)
	}
	var m masker
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = m.line(l)
	}
	return strings.Join(lines, "\n")
}

// maskLine masks the dynamic parts of one line of text: tokens, dates
// ("24/11/2026", "2026-11-24", "Thứ Hai, ngày 24 tháng 11 năm 2026",
// "Monday, November 24, 2026"), times ("10:32", "10h32", "10 giờ 32
// phút"), counters ("Đang online: 37") and numbers of four or more digits.
func maskLine(s string) string {
	var m masker
	return m.line(s)
}

// tokKind is the kind of a lexed piece of a line.
type tokKind uint8

const (
	tWord  tokKind = iota // letters (with combining marks)
	tNum                  // digits with inner separators: 24/11/2026, 10:32, 1.234
	tSpace                // white space
	tOther                // any other single rune
)

// numClass is what a number token looks like on its own.
type numClass uint8

const (
	nPlain numClass = iota // a short number: kept unless a counter
	nLong                  // four or more digits, or digit groups: masked
	nMixed                 // "13/2023": long digit runs inside masked
	nDate
	nTime
)

type tok struct {
	kind tokKind
	cls  numClass
	s    string
}

// masker holds the token buffer reused from line to line.
type masker struct {
	toks []tok
	b    strings.Builder
}

func (m *masker) line(s string) string {
	if !hasDigit(s) {
		return s
	}
	s = maskTokens(s)
	if !hasDigit(s) {
		return s
	}
	m.lex(s)
	m.b.Reset()
	t := m.toks
	near := -1 // index of the next number token at or after i
	for i := 0; i < len(t); {
		if near < i {
			near = i
			for near < len(t) && t[near].kind != tNum {
				near++
			}
		}
		// dates start at most a few words before a number
		if near < len(t) && near-i <= 10 && t[i].kind != tSpace && t[i].kind != tOther {
			if end, ok := m.weekdayDate(i); ok {
				m.b.WriteString(maskDate)
				i = end
				continue
			}
			if end, ok := m.date(i); ok {
				m.b.WriteString(maskDate)
				i = end
				continue
			}
		}
		if end, ok := m.time(i); ok {
			m.b.WriteString(maskTime)
			i = end
			continue
		}
		if t[i].kind == tNum {
			m.number(i)
		} else {
			m.b.WriteString(t[i].s)
		}
		i++
	}
	return m.b.String()
}

// number writes one number token, masked as its class says.
func (m *masker) number(i int) {
	t := m.toks[i]
	switch {
	case t.cls == nLong, t.cls == nPlain && m.counter(i):
		m.b.WriteString(maskNum)
	case t.cls == nMixed:
		m.mixed(t.s)
	default:
		m.b.WriteString(t.s)
	}
}

func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			return true
		}
	}
	return false
}

// lex splits a line into tokens.
func (m *masker) lex(s string) {
	m.toks = m.toks[:0]
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		j := i + w
		switch {
		case isDigit(s[i]):
			j = numEnd(s, i)
			m.toks = append(m.toks, tok{kind: tNum, cls: classify(s[i:j]), s: s[i:j]})
			i = j
			continue
		case unicode.IsLetter(r):
			for j < len(s) {
				r2, w2 := utf8.DecodeRuneInString(s[j:])
				if !unicode.IsLetter(r2) && !unicode.Is(unicode.Mn, r2) {
					break
				}
				j += w2
			}
			m.toks = append(m.toks, tok{kind: tWord, s: s[i:j]})
		case unicode.IsSpace(r):
			for j < len(s) {
				r2, w2 := utf8.DecodeRuneInString(s[j:])
				if !unicode.IsSpace(r2) {
					break
				}
				j += w2
			}
			m.toks = append(m.toks, tok{kind: tSpace, s: s[i:j]})
		default:
			m.toks = append(m.toks, tok{kind: tOther, s: s[i:j]})
		}
		i = j
	}
}

// numEnd returns the end of the number starting at i: digit groups joined
// by / - . : , and the "10h32" form.
func numEnd(s string, i int) int {
	j := i
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	if j-i <= 2 && j+2 < len(s) && (s[j] == 'h' || s[j] == 'g' || s[j] == 'H') && isDigit(s[j+1]) && isDigit(s[j+2]) &&
		(j+3 == len(s) || !isDigit(s[j+3]) && !isLetter(s[j+3])) {
		return j + 3
	}
	for j+1 < len(s) && strings.IndexByte("/-.:,", s[j]) >= 0 && isDigit(s[j+1]) {
		j++
		for j < len(s) && isDigit(s[j]) {
			j++
		}
	}
	return j
}

// classify sorts a number token by its shape.
func classify(s string) numClass {
	var groups [8]int
	var seps [8]byte
	n, k := 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isDigit(c) {
			if n < len(groups) {
				groups[n]++
			}
			continue
		}
		if c == 'h' || c == 'g' || c == 'H' {
			return nTime
		}
		if k < len(seps) {
			seps[k] = c
		}
		k++
		n++
	}
	n++
	switch {
	case n == 1 && groups[0] >= 4:
		return nLong
	case n == 1:
		return nPlain
	case n > len(groups):
		return nMixed
	}
	g := groups[:n]
	sp := seps[:n-1]
	if allSame(sp, ':') && (n == 2 || n == 3) && g[0] <= 2 && g[1] == 2 && (n == 2 || g[2] == 2) {
		return nTime
	}
	if n == 3 && sp[0] == sp[1] && strings.IndexByte("/-.", sp[0]) >= 0 {
		if (g[0] <= 2 && g[1] <= 2 && (g[2] == 2 || g[2] == 4)) || (g[0] == 4 && g[1] <= 2 && g[2] <= 2) {
			return nDate
		}
	}
	if (allSame(sp, '.') || allSame(sp, ',')) && g[0] <= 3 {
		thousands := true
		for _, x := range g[1:] {
			thousands = thousands && x == 3
		}
		if thousands {
			return nLong
		}
	}
	return nMixed
}

func allSame(b []byte, c byte) bool {
	for _, x := range b {
		if x != c {
			return false
		}
	}
	return len(b) > 0
}

// mixed writes a number of no known shape ("13/2023", "45/2026/QĐ")
// with each run of four or more digits masked; the pieces between are
// masked again on their own, so that masking twice changes nothing
// ("123456,10:32" is "{n},{time}" at once, not after a second pass).
func (m *masker) mixed(s string) {
	var inner masker
	last := 0
	for i := 0; i < len(s); {
		if !isDigit(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if j-i >= 4 {
			if last < i {
				m.b.WriteString(inner.line(s[last:i]))
			}
			m.b.WriteString(maskNum)
			last = j
		}
		i = j
	}
	if last == 0 {
		m.b.WriteString(s)
		return
	}
	m.b.WriteString(inner.line(s[last:]))
}

// skip returns the index of the first token from i that is not a space,
// nor (when punct is non-empty) one of punct.
func (m *masker) skip(i int, punct string) int {
	for i < len(m.toks) {
		t := m.toks[i]
		if t.kind == tSpace || (t.kind == tOther && punct != "" && strings.Contains(punct, t.s)) {
			i++
			continue
		}
		break
	}
	return i
}

// word reports whether token i is one of words (all lower case and
// starting with an ASCII letter), ignoring case.
func (m *masker) word(i int, words ...string) bool {
	if i >= len(m.toks) || m.toks[i].kind != tWord {
		return false
	}
	s := m.toks[i].s
	first := s[0] | 0x20 // ASCII lower case; non-ASCII never matches a word's first byte
	for _, w := range words {
		if w[0] == first && strings.EqualFold(s, w) {
			return true
		}
	}
	return false
}

func (m *masker) num(i int, maxDigits int) bool {
	return i < len(m.toks) && m.toks[i].kind == tNum && m.toks[i].cls == nPlain && len(m.toks[i].s) <= maxDigits
}

func (m *masker) year(i int) bool {
	return i < len(m.toks) && m.toks[i].kind == tNum && (m.toks[i].cls == nLong || m.toks[i].cls == nPlain) && len(m.toks[i].s) >= 2 && len(m.toks[i].s) <= 4
}

// weekdays are day names written before a date.
var weekdays = []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "cn"}

// weekdayDate matches a day name followed by a date: "Thứ Hai, 24/11/2026",
// "Chủ nhật - ngày 23 tháng 11", "T2 24/11", "Monday, November 24, 2026".
func (m *masker) weekdayDate(i int) (int, bool) {
	j := -1
	switch {
	case m.word(i, "thứ"):
		k := m.skip(i+1, "")
		if m.word(k, "hai", "ba", "tư", "năm", "sáu", "bảy") || m.num(k, 1) {
			j = k + 1
		}
	case m.word(i, "chủ"):
		if k := m.skip(i+1, ""); m.word(k, "nhật") {
			j = k + 1
		}
	case m.word(i, "t") && m.num(i+1, 1):
		j = i + 2
	case m.word(i, weekdays...):
		j = i + 1
	}
	if j < 0 {
		return 0, false
	}
	return m.date(m.skip(j, ",-–|"))
}

// months are English month names and abbreviations.
var months = []string{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}

// date matches a date starting at token i and returns the token after it.
func (m *masker) date(i int) (int, bool) {
	if i >= len(m.toks) {
		return 0, false
	}
	t := m.toks[i]
	if t.kind == tNum && t.cls == nDate {
		return i + 1, true
	}
	if t.kind != tWord && t.kind != tNum {
		return 0, false
	}
	// "ngày 24 tháng 11 năm 2026", "ngày 24/11/2026"
	if m.word(i, "ngày") {
		k := m.skip(i+1, "")
		if k < len(m.toks) && m.toks[k].kind == tNum && m.toks[k].cls == nDate {
			return k + 1, true
		}
		if k2 := m.skip(k+1, ""); m.num(k, 2) && m.word(k2, "tháng") {
			return m.monthYear(k2)
		}
		return 0, false
	}
	// "tháng 11 năm 2026", "tháng 11/2026"
	if m.word(i, "tháng") {
		end, ok := m.monthYear(i)
		if ok && end > m.skip(i+1, "")+1 {
			return end, true
		}
		if k := m.skip(i+1, ""); k < len(m.toks) && m.toks[k].kind == tNum && m.toks[k].cls == nMixed && strings.Count(m.toks[k].s, "/") == 1 {
			return k + 1, true
		}
		return 0, false
	}
	// "November 24, 2026", "Nov 24th 2026"
	if m.word(i, months...) {
		k := m.skip(i+1, ".")
		if !m.num(k, 2) {
			return 0, false
		}
		k++
		if m.word(k, "st", "nd", "rd", "th") {
			k++
		}
		if k2 := m.skip(k, ","); m.year(k2) && len(m.toks[k2].s) == 4 {
			return k2 + 1, true
		}
		return 0, false
	}
	// "24 November 2026", "24 Nov, 2026"
	if m.num(i, 2) {
		k := m.skip(i+1, "")
		if m.word(k, months...) {
			if k2 := m.skip(k+1, ".,"); m.year(k2) && len(m.toks[k2].s) == 4 {
				return k2 + 1, true
			}
		}
	}
	return 0, false
}

// monthYear matches "tháng 11" with an optional "năm 2026" from the token
// "tháng" at i.
func (m *masker) monthYear(i int) (int, bool) {
	k := m.skip(i+1, "")
	if !m.num(k, 2) {
		return 0, false
	}
	end := k + 1
	if k2 := m.skip(end, ""); m.word(k2, "năm") {
		if k3 := m.skip(k2+1, ""); m.year(k3) {
			end = k3 + 1
		}
	}
	return end, true
}

// time matches a time token or "10 giờ 32 phút", with an am/pm marker.
func (m *masker) time(i int) (int, bool) {
	if i >= len(m.toks) || m.toks[i].kind != tNum {
		return 0, false
	}
	end := -1
	switch {
	case m.toks[i].cls == nTime:
		end = i + 1
	case m.num(i, 2):
		if k := m.skip(i+1, ""); m.word(k, "giờ") {
			if k2 := m.skip(k+1, ""); m.num(k2, 2) {
				end = k2 + 1
				if k3 := m.skip(end, ""); m.word(k3, "phút") {
					end = k3 + 1
				}
			}
		}
	}
	if end < 0 {
		return 0, false
	}
	if k := m.skip(end, ""); m.word(k, "am", "pm", "sa", "ch") {
		end = k + 1
	}
	return end, true
}

// counterWords end the labels of visitor counters and similar numbers
// that change on every load ("Lượt truy cập", "Đang online", "Hôm nay").
var counterWords = []string{"cập", "xem", "online", "tuyến", "nay", "qua", "này", "trước", "tổng", "cộng", "cả", "khách", "viên",
	"visitors", "visitor", "visits", "views", "view", "hits", "total", "today", "yesterday", "month", "week", "users", "guests", "members"}

// counter reports whether the number at i follows a counter label.
func (m *masker) counter(i int) bool {
	k := i - 1
	for k >= 0 && (m.toks[k].kind == tSpace || (m.toks[k].kind == tOther && strings.Contains(":：=-", m.toks[k].s))) {
		k--
	}
	return k >= 0 && m.word(k, counterWords...)
}

// maskTokens replaces long hex or base64-like runs that mix letters and
// digits (CSRF values, nonces, cache-busters); plain long words stay.
func maskTokens(s string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); {
		if !isTokenByte(s[i]) {
			i++
			continue
		}
		j := i
		letters, digits, hex := 0, 0, true
		for j < len(s) && isTokenByte(s[j]) {
			c := s[j]
			switch {
			case isDigit(c):
				digits++
			case 'a' <= c && c <= 'f', 'A' <= c && c <= 'F':
				letters++
			case isLetter(c):
				letters++
				hex = false
			default:
				hex = false
			}
			j++
		}
		if n := j - i; n >= 16 && digits > 0 && letters > 0 && (hex || n >= 20) {
			b.WriteString(s[last:i])
			b.WriteString(maskToken)
			last = j
		}
		i = j
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}
