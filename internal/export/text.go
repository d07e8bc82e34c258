package export

import (
	"strings"
	"unicode/utf8"
)

// MaxCellChars is the most a spreadsheet cell holds, in UTF-16 code units
// (Excel's limit; LibreOffice and excelize follow it).
const MaxCellChars = 32767

// CleanText makes s safe for a cell of either format: invalid UTF-8 and the
// characters XML 1.0 forbids (control characters other than tab and line
// breaks, U+FFFE, U+FFFF) become U+FFFD, and text longer than a cell holds
// is cut, ending in "…", rather than silently truncated by the spreadsheet.
func CleanText(s string) string {
	if isClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	units := 0
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				r = '\uFFFD'
			}
		}
		if !xmlChar(r) {
			r = '\uFFFD'
		}
		n := 1
		if r >= 0x10000 {
			n = 2
		}
		if units+n > MaxCellChars-1 {
			b.WriteRune('…')
			break
		}
		units += n
		b.WriteRune(r)
	}
	return b.String()
}

// isClean reports whether CleanText would return s unchanged.
func isClean(s string) bool {
	if len(s) < MaxCellChars/2 {
		// At most MaxCellChars/2 bytes cannot exceed the limit.
		for i := 0; i < len(s); i++ {
			if c := s[i]; c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				return false
			} else if c >= 0x80 {
				return cleanRunes(s)
			}
		}
		return true
	}
	return cleanRunes(s)
}

func cleanRunes(s string) bool {
	units := 0
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return false
			}
		}
		if !xmlChar(r) {
			return false
		}
		units++
		if r >= 0x10000 {
			units++
		}
	}
	return units <= MaxCellChars
}

// xmlChar reports whether XML 1.0 allows r in text.
func xmlChar(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return true
	case r < 0x20:
		return false
	case r >= 0xD800 && r <= 0xDFFF:
		return false
	case r == 0xFFFE || r == 0xFFFF:
		return false
	}
	return r <= utf8.MaxRune
}
