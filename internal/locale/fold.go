package locale

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Fold returns s lower-cased with its diacritics removed and đ turned into
// d, the way Vietnamese is typed without accents: "Hưng Yên" → "hung yen".
// Searches compare folded text with a folded query, so "tấn công" and
// "tan cong" find the same records. NFC and NFD input fold alike.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'đ' || r == 'ð':
			b.WriteByte('d')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
