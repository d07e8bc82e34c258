package export

import (
	"net/http"
	"strings"
	"time"
	"unicode"

	"attt/internal/locale"
)

// FileName is the download name of an export of table t made on day (shown
// in Asia/Ho_Chi_Minh): the table's name in lang, lower case, words joined
// by hyphens, then the date — "cán-bộ-24-11-2026.xlsx".
func FileName(t Table, f Format, day time.Time, lang locale.Lang) string {
	var b strings.Builder
	dash := false
	for _, r := range t.Name.In(lang) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		dash = true
	}
	if b.Len() == 0 {
		b.WriteString("export")
	}
	return b.String() + "-" + day.In(locale.Zone).Format("02-01-2006") + "." + string(f)
}

// ContentDisposition is the header value that downloads a file called
// name: an ASCII fallback for old clients ("can-bo-24-11-2026.xlsx") and
// the exact UTF-8 name (RFC 6266, RFC 8187) for the others.
func ContentDisposition(name string) string {
	return `attachment; filename="` + ASCIIName(name) + `"; filename*=UTF-8''` + encodeRFC8187(name)
}

// ASCIIName folds name to printable ASCII: Vietnamese letters lose their
// diacritics (đ → d), anything else that is not safe in a quoted header
// value becomes "_".
func ASCIIName(name string) string {
	var b strings.Builder
	for _, r := range name {
		if r >= 0x80 {
			r = foldLetter(r)
		}
		switch {
		case r >= 0x80, r < 0x20, r == 0x7f, r == '"', r == '\\', r == '/', r == ';':
			b.WriteByte('_')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// vietLetters maps each base letter to its Vietnamese forms, lower case
// then upper case.
var vietLetters = [...]struct {
	base    rune
	variant string
}{
	{'a', "àáảãạăằắẳẵặâầấẩẫậ"},
	{'e', "èéẻẽẹêềếểễệ"},
	{'i', "ìíỉĩị"},
	{'o', "òóỏõọôồốổỗộơờớởỡợ"},
	{'u', "ùúủũụưừứửữự"},
	{'y', "ỳýỷỹỵ"},
	{'d', "đ"},
}

// foldLetter strips the diacritics of a Vietnamese letter, keeping its case;
// other runes are returned unchanged.
func foldLetter(r rune) rune {
	lower := unicode.ToLower(r)
	for _, v := range vietLetters {
		if strings.ContainsRune(v.variant, lower) {
			if lower != r {
				return unicode.ToUpper(v.base)
			}
			return v.base
		}
	}
	return r
}

// encodeRFC8187 percent-encodes s as an ext-value: every byte outside
// attr-char is written %XX.
func encodeRFC8187(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// SetHeaders prepares an HTTP answer carrying an export in f called name.
// Exports hold personal data: nothing caches them.
func SetHeaders(h http.Header, f Format, name string) {
	h.Set("Content-Type", f.ContentType())
	h.Set("Content-Disposition", ContentDisposition(name))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
}
