package analyze

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// foldTableSize covers Latin-1, Latin Extended-A/B and Latin Extended
// Additional, where every Vietnamese letter lives.
const foldTableSize = 0x1F00

// foldTab maps a rune below foldTableSize to its lower-case letter without
// diacritics. It is computed once and never written afterwards.
var foldTab = buildFoldTable()

func buildFoldTable() *[foldTableSize]rune {
	var t [foldTableSize]rune
	for r := rune(0); r < foldTableSize; r++ {
		t[r] = unicode.ToLower(r)
		if r < utf8.RuneSelf {
			continue
		}
		d := norm.NFD.String(string(r))
		if base, _ := utf8.DecodeRuneInString(d); base < utf8.RuneSelf && len(d) > 1 {
			t[r] = unicode.ToLower(base)
		}
	}
	t['đ'], t['Đ'] = 'd', 'd'
	return &t
}

// foldRune folds one rune to exactly one rune: lower case, diacritics of
// Latin letters removed, đ→d. Combining marks are kept, so a folded string
// has as many runes as its source and positions can be mapped back.
func foldRune(r rune) rune {
	if r < foldTableSize {
		return foldTab[r]
	}
	return unicode.ToLower(r)
}

// Fold returns s in lower case without diacritics (đ becomes d) and with
// runs of white space collapsed to one space, the form in which spam terms
// and defacement signatures are matched: "Nhà  CÁI" and "nha cai" fold alike.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range norm.NFD.String(strings.ToValidUTF8(s, "\uFFFD")) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(foldRune(r))
	}
	return b.String()
}

// foldAligned folds s rune for rune (see foldRune); s should be NFC.
func foldAligned(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		b.WriteRune(foldRune(r))
	}
	return b.String()
}

// isWordRune reports whether r continues a word for whole-word matching.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		c := byte(r)
		return c == '_' || isLetter(c) || isDigit(c)
	}
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// isASCII reports whether s is plain ASCII.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
