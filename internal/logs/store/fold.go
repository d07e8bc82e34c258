package store

import (
	"unicode"
	"unicode/utf8"
)

// foldTable maps every Vietnamese letter with a diacritic to its base
// ASCII letter in lower case, so "Đăng nhập" and "dang nhap" fold alike.
var foldTable = buildFoldTable()

func buildFoldTable() map[rune]byte {
	groups := map[byte]string{
		'a': "àáảãạăằắẳẵặâầấẩẫậÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ",
		'e': "èéẻẽẹêềếểễệÈÉẺẼẸÊỀẾỂỄỆ",
		'i': "ìíỉĩịÌÍỈĨỊ",
		'o': "òóỏõọôồốổỗộơờớởỡợÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ",
		'u': "ùúủũụưừứửữựÙÚỦŨỤƯỪỨỬỮỰ",
		'y': "ỳýỷỹỵỲÝỶỸỴ",
		'd': "đĐ",
	}
	t := make(map[rune]byte, 160)
	for base, letters := range groups {
		for _, r := range letters {
			t[r] = base
		}
	}
	return t
}

// Fold returns s in lower case without Vietnamese diacritics, the form in
// which free text is indexed and matched.
func Fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || (c >= 'A' && c <= 'Z') {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	b := make([]byte, 0, len(s))
	return string(appendFold(b, s))
}

func appendFold(b []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			b = append(b, c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if base, ok := foldTable[r]; ok {
			b = append(b, base)
			continue
		}
		b = utf8.AppendRune(b, unicode.ToLower(r))
	}
	return b
}

// isWordByte reports whether c belongs to a word of free text: letters,
// digits and the bytes of non-ASCII letters. Dots, dashes, colons and
// underscores join words so that addresses, host names and user names such
// as 10.0.0.1, fw-01 and nguyen_van_a are one word each.
func isWordByte(c byte) bool {
	return c >= utf8.RuneSelf || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '.' || c == '-' || c == '_' || c == ':' || c == '@' || c == '/' || c == '\\'
}

// Words calls fn with each folded word of s; it stops early when fn
// returns false. Leading and trailing dots, colons and dashes are trimmed
// from a word, so "failed." and "failed" are the same word.
func Words(s string, fn func(w string) bool) {
	eachWord([]byte(Fold(s)), func(w []byte) bool { return fn(string(w)) })
}

// eachWord is Words over text already folded, without allocating.
func eachWord(folded []byte, fn func(w []byte) bool) {
	for i := 0; i < len(folded); {
		for i < len(folded) && !isWordByte(folded[i]) {
			i++
		}
		j := i
		for j < len(folded) && isWordByte(folded[j]) {
			j++
		}
		if w := trimPunct(folded[i:j]); len(w) > 0 && !fn(w) {
			return
		}
		i = j
	}
}

func trimPunct(w []byte) []byte {
	for len(w) > 0 && isEdgePunct(w[0]) {
		w = w[1:]
	}
	for len(w) > 0 && isEdgePunct(w[len(w)-1]) {
		w = w[:len(w)-1]
	}
	return w
}

func isEdgePunct(c byte) bool {
	return c == '.' || c == '-' || c == ':' || c == '_' || c == '/' || c == '\\' || c == '@'
}
