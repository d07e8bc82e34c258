package password

import (
	"strings"
	"unicode"
)

// unleet undoes one look-alike substitution: 0→o 3→e 4→a 5→s 7→t @→a $→s,
// and 1→one (callers try both 'i' and 'l'). Other runes are returned as is.
func unleet(r, one rune) rune {
	switch r {
	case '0':
		return 'o'
	case '1':
		return one
	case '3':
		return 'e'
	case '4':
		return 'a'
	case '5':
		return 's'
	case '7':
		return 't'
	case '@':
		return 'a'
	case '$':
		return 's'
	}
	return r
}

// unleetAll applies unleet to every rune of s.
func unleetAll(s string, one rune) string {
	return strings.Map(func(r rune) rune { return unleet(r, one) }, s)
}

// variants returns the folded form of s and its two un-leeted forms: the
// spellings the word lists are compared with.
func variants(folded string) [3]string {
	return [3]string{folded, unleetAll(folded, 'i'), unleetAll(folded, 'l')}
}

// letterCore trims everything but letters from both ends of a folded list
// entry and un-leets what is left ("p@ssw0rd1" → "password", "abc123" →
// "abc"). It returns "" when the rest is not letters only or is shorter than
// two letters, since such entries only make sense as whole passwords.
func letterCore(folded string, one rune) string {
	core := strings.TrimFunc(folded, func(r rune) bool { return !unicode.IsLetter(r) })
	core = unleetAll(core, one)
	if len([]rune(core)) < 2 {
		return ""
	}
	for _, r := range core {
		if !unicode.IsLetter(r) {
			return ""
		}
	}
	return core
}
