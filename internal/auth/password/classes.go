package password

import (
	"unicode"
	"unicode/utf8"
)

// classes records which kinds of character a password holds.
type classes struct {
	upper, lower, digit, special, invalid bool
}

// classify sorts the runes of pw (already NFC). A letter counts by its case,
// so Vietnamese "Đ" is upper and "đ" lower; letters without case (e.g. CJK)
// count as neither. Punctuation, symbols and spaces are special. Combining
// marks left after NFC belong to the letter before them. Control and
// invisible format characters, and bytes that are not UTF-8, are invalid.
func classify(pw string) classes {
	var c classes
	if !utf8.ValidString(pw) {
		c.invalid = true
	}
	for _, r := range pw {
		switch {
		case r == utf8.RuneError:
			c.invalid = true
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			c.invalid = true
		case unicode.IsUpper(r) || unicode.IsTitle(r):
			c.upper = true
		case unicode.IsLower(r):
			c.lower = true
		case unicode.IsLetter(r) || unicode.IsMark(r):
		case unicode.IsDigit(r):
			c.digit = true
		default:
			c.special = true
		}
	}
	return c
}
