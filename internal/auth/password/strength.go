package password

import (
	"unicode/utf8"

	"github.com/trustelem/zxcvbn"
)

// maxStrengthRunes is how much of a password zxcvbn reads. Its cost grows
// much faster than the length, worst with many look-alike symbols (measured
// on the build machine: 17 ms at 32 characters, 83 ms at 48, 183 ms at 64),
// while a password whose first 32 characters are strong is strong, so the
// prefix decides and one check stays below about 40 ms.
const maxStrengthRunes = 32

// strength returns the zxcvbn score (0..4) of pw, the lower of the score of
// pw as typed and of its folded form, so that Vietnamese words are found
// with or without accents. inputs are extra dictionary words, most telling
// first: the person's own words, then attt's lists.
func strength(pw, folded string, inputs []string) int {
	score := zxcvbn.PasswordStrength(prefix(pw, maxStrengthRunes), inputs).Score
	if folded != pw && score > 0 {
		score = min(score, zxcvbn.PasswordStrength(prefix(folded, maxStrengthRunes), inputs).Score)
	}
	return score
}

// prefix returns the first n runes of s.
func prefix(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i := 0
	for k := range s {
		if n == 0 {
			i = k
			break
		}
		n--
	}
	return s[:i]
}
