package importfile

import (
	"strings"
	"unicode"
)

// vietBases pairs each base letter with its Vietnamese accented forms, so
// that folding works without golang.org/x/text. Upper case is lowered first.
var vietBases = [...]struct {
	base    rune
	variant string
}{
	{'a', "àáảãạăằắẳẵặâầấẩẫậ"},
	{'e', "èéẻẽẹêềếểễệ"},
	{'i', "ìíỉĩị"},
	{'o', "òóỏõọôồốổỗộơờớởỡợ"},
	{'u', "ùúủũụưừứửữự"},
	{'y', "ỳýỷỹỵ"},
	{'d', "đð"},
}

// baseLetter strips the Vietnamese diacritics of a lower-case letter.
func baseLetter(r rune) rune {
	if r < 0x80 {
		return r
	}
	for _, b := range vietBases {
		if strings.ContainsRune(b.variant, r) {
			return b.base
		}
	}
	return r
}

// fold reduces a header or a value to a key for lookup: lower case, no
// diacritics (precomposed or combining, so NFC and NFD input fold alike),
// anything but letters and digits turned into single spaces.
// "Sở, ngành" and "SO  NGANH" both fold to "so nganh".
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue // combining mark of a decomposed letter
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(baseLetter(unicode.ToLower(r)))
		default:
			space = true
		}
	}
	return b.String()
}

// foldHeader folds a column header after dropping parenthesised hints and
// required-field stars, as in "Loại (tỉnh, sở, xã…) *".
func foldHeader(s string) string {
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch r {
		case '(', '[':
			depth++
		case ')', ']':
			if depth > 0 {
				depth--
			}
		default:
			if depth == 0 {
				b.WriteRune(r)
			}
		}
	}
	return fold(b.String())
}

// isBlank reports whether r is white space, including the no-break and
// zero-width spaces that copying from web pages and Word leaves behind.
func isBlank(r rune) bool {
	return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' || r == '\u2060'
}

// clean trims a cell and collapses each run of white space inside it, line
// breaks from Alt+Enter included, into one space.
func clean(s string) string {
	if s == "" {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if isBlank(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// hasControl reports whether s holds a control character (after clean, only
// the ones that are not white space can remain).
func hasControl(s string) bool {
	return strings.IndexFunc(s, unicode.IsControl) >= 0
}

// quote shortens a user value for echoing in a message.
func quote(s string) string {
	const max = 60
	if r := []rune(s); len(r) > max {
		s = string(r[:max]) + "…"
	}
	return "“" + s + "”"
}
