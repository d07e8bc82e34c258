package password

import (
	"attt/internal/locale"
	"strings"
	"unicode"
	"unicode/utf8"
)

// minPersonal is the shortest login or name word looked for inside a
// password; shorter ones ("le", "an") would refuse half of all passwords.
const minPersonal = 3

// personalWords turns the person's login, full name, email and the like into
// the folded strings a password must not contain: each word of three or
// more characters, and each input with everything but letters and digits
// removed ("hung.nv" → "hung", "hungnv"; "Nguyễn Văn Hùng" → "nguyen",
// "van", "hung", "nguyenvanhung"). Of an email only the part before @ counts.
func personalWords(personal []string) []string {
	var out []string
	seen := map[string]bool{}
	keep := func(w string) {
		if utf8.RuneCountInString(w) >= minPersonal && !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	for _, p := range personal {
		p, _, _ = strings.Cut(locale.Fold(p), "@")
		notAlnum := func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }
		words := strings.FieldsFunc(p, notAlnum)
		for _, w := range words {
			keep(w)
		}
		keep(strings.Join(words, ""))
	}
	return out
}

// containsPersonal reports whether folded, read as is or with look-alikes
// undone, contains one of words.
func containsPersonal(folded string, words []string) bool {
	vs := variants(folded)
	for _, w := range words {
		for _, v := range vs {
			if strings.Contains(v, w) {
				return true
			}
		}
	}
	return false
}
