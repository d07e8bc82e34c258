package analyze

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"
)

// Bounds on script work per page.
const (
	maxScripts     = 200       // inline scripts hashed
	maxScriptBytes = 256 << 10 // of one script examined
	maxScriptSigns = 20        // script signs kept
)

// isJSType reports whether a <script type> is executed as JavaScript;
// data blocks (JSON-LD, JSON, templates, import maps) are not.
func isJSType(t string) bool {
	t = strings.ToLower(strings.TrimSpace(t))
	if t == "" {
		return true
	}
	for _, js := range []string{"javascript", "ecmascript", "jscript", "module", "babel", "rocketscript", "livescript"} {
		if strings.Contains(t, js) {
			return true
		}
	}
	return false
}

// normaliseScript reduces a script to what identifies it: white space
// dropped, digit runs replaced by '#', and long mixed letter-digit runs
// (nonces, tokens, cache-busters) by '~', so a timestamp or CSRF token in
// an otherwise unchanged script does not make it new.
func normaliseScript(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			i++
		case isTokenByte(c):
			j := i
			letters, digits := 0, 0
			for j < len(s) && isTokenByte(s[j]) {
				if isDigit(s[j]) {
					digits++
				} else if isLetter(s[j]) {
					letters++
				}
				j++
			}
			if j-i >= 20 && letters > 0 && digits > 0 {
				b.WriteByte('~')
			} else {
				writeMaskedDigits(&b, s[i:j])
			}
			i = j
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String()
}

func isDigit(c byte) bool  { return '0' <= c && c <= '9' }
func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isTokenByte(c byte) bool {
	return isDigit(c) || isLetter(c) || c == '_' || c == '-' || c == '+' || c == '/' || c == '='
}

func writeMaskedDigits(b *strings.Builder, s string) {
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			if i == 0 || !isDigit(s[i-1]) {
				b.WriteByte('#')
			}
			continue
		}
		b.WriteByte(s[i])
	}
}

// scriptHash is the hash an inline script is known by.
func scriptHash(src string) string {
	sum := sha256.Sum256([]byte(normaliseScript(src)))
	return hex.EncodeToString(sum[:16])
}

// Script patterns; read-only.
var (
	packedRe       = regexp.MustCompile(`eval\s*\(\s*function\s*\(\s*p\s*,\s*a\s*,\s*c\s*,\s*k\s*,\s*e\s*,`)
	atobRe         = regexp.MustCompile(`\batob\s*\(`)
	unescapeRe     = regexp.MustCompile(`\bunescape\s*\(`)
	charCodeArgsRe = regexp.MustCompile(`fromCharCode\s*\(\s*(?:(?:0x[0-9a-fA-F]+|\d+)\s*[-+^]?\s*\d*\s*,\s*){7,}`)
	searchEngineRe = regexp.MustCompile(`(?i)google|bing|coccoc|cốc\s*cốc|yahoo|yandex|baidu|duckduckgo`)
	locationSetRe  = regexp.MustCompile(`\blocation\s*(?:\.\s*href\s*)?=[^=]|\blocation\s*\.\s*(?:replace|assign)\s*\(|\bwindow\s*\.\s*open\s*\(|http-equiv\s*=\s*["']?refresh`)
	referrerRe     = regexp.MustCompile(`document\s*(?:\.\s*referrer|\[\s*["']referrer["']\s*\])`)
)

// scriptSigns finds packed, obfuscated and referrer-redirect code in one
// script (an inline body, an event handler or a javascript: URL); ref is
// the script's hash for matching against a baseline, or "".
func scriptSigns(src, ref, where string) []Sign {
	if len(src) > maxScriptBytes {
		src = src[:maxScriptBytes]
	}
	var out []Sign
	if !strings.ContainsAny(src, "(\\") {
		return nil
	}
	if loc := find(packedRe, src, "eval"); loc != nil {
		out = append(out, Sign{Kind: SignPackedScript, Detail: "packed script eval(function(p,a,c,k,e,…)) in " + where, Evidence: excerpt(src, loc[0]), Ref: ref})
	}
	var why []string
	at := -1
	note := func(reason string, loc []int) {
		if loc == nil {
			return
		}
		why = append(why, reason)
		if at < 0 {
			at = loc[0]
		}
	}
	note("atob(", find(atobRe, src, "atob"))
	note("unescape(", find(unescapeRe, src, "unescape"))
	if strings.Count(src, "fromCharCode") >= 3 {
		note("String.fromCharCode chain", []int{strings.Index(src, "fromCharCode")})
	} else {
		note("String.fromCharCode chain", find(charCodeArgsRe, src, "fromCharCode"))
	}
	note(`long \x or \u escape run`, escapeRun(src))
	if len(why) > 0 {
		out = append(out, Sign{Kind: SignObfuscated, Detail: "obfuscated script (" + strings.Join(why, ", ") + ") in " + where, Evidence: excerpt(src, at), Ref: ref})
	}
	if loc := find(referrerRe, src, "referrer"); loc != nil && strings.Contains(src, "location") && searchEngineRe.MatchString(src) && locationSetRe.MatchString(src) {
		out = append(out, Sign{Kind: SignReferrerRedirect, Detail: "redirect depending on document.referrer (search engine visitors) in " + where, Evidence: excerpt(src, loc[0]), Ref: ref})
	}
	return out
}

// find runs re only when the literal it needs is in src: Go's regexp
// cannot skip ahead on patterns that start with \b or an alternation.
func find(re *regexp.Regexp, src, literal string) []int {
	if !strings.Contains(src, literal) {
		return nil
	}
	return re.FindStringIndex(src)
}

// minEscapeRun is the number of consecutive \xNN or \uNNNN escapes that
// marks an encoded payload.
const minEscapeRun = 41

// escapeRun finds a run of more than 40 \x or \u escapes.
func escapeRun(src string) []int {
	for from := 0; ; {
		i := strings.IndexByte(src[from:], '\\')
		if i < 0 {
			return nil
		}
		start := from + i
		j, n := start, 0
		for j+1 < len(src) && src[j] == '\\' {
			w := 0
			switch src[j+1] {
			case 'x':
				w = 4
			case 'u':
				w = 6
			}
			if w == 0 || j+w > len(src) || !isHex(src[j+2:j+w]) {
				break
			}
			j += w
			n++
		}
		if n >= minEscapeRun {
			return []int{start, j}
		}
		from = max(j, start+1)
	}
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isDigit(c) && !('a' <= c && c <= 'f') && !('A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// excerpt returns up to 200 bytes of src around at, on one line.
func excerpt(src string, at int) string {
	a := max(0, at-60)
	b := min(len(src), a+200)
	for a > 0 && a < len(src) && src[a]&0xC0 == 0x80 {
		a--
	}
	for b < len(src) && src[b]&0xC0 == 0x80 {
		b++
	}
	return oneLine(src[a:b])
}

// Script redirects: an assignment of a literal URL to the location.
var (
	assignRedirectRe = regexp.MustCompile(`\blocation(?:\s*\.\s*href)?\s*=\s*["']([^"'\s]+)["']`)
	callRedirectRe   = regexp.MustCompile(`\blocation\s*\.\s*(?:replace|assign)\s*\(\s*["']([^"'\s]+)["']\s*\)`)
	// loadCallRe ends the code before a function that runs on page load.
	loadCallRe = regexp.MustCompile(`(?:^|[;{}]|(?:^|[^\w$.])\(|\bsetTimeout\s*\(|\bready\s*\(|(?:^|[^\w.])\$\s*\(|\bjQuery\s*\(|\bonload\s*=|addEventListener\s*\(\s*["'](?:load|DOMContentLoaded)["']\s*,)$`)
)

// scriptRedirect returns the URL a script sends every visitor to: a literal
// assigned to location at top level or inside conditions and load-time
// callbacks — not inside named functions and click handlers, which only
// run when a visitor acts.
func scriptRedirect(src string) string {
	if !strings.Contains(src, "location") {
		return ""
	}
	if len(src) > maxScriptBytes {
		src = src[:maxScriptBytes]
	}
	for _, re := range []*regexp.Regexp{assignRedirectRe, callRedirectRe} {
		for _, m := range re.FindAllStringSubmatchIndex(src, 8) {
			end := m[1]
			if rest := strings.TrimLeft(src[end:], " \t\r\n"); strings.HasPrefix(rest, "+") {
				continue
			}
			if runsOnLoad(src, m[0]) {
				return src[m[2]:m[3]]
			}
		}
	}
	return ""
}

// runsOnLoad reports whether the code at pos is at top level or only inside
// blocks loadBlock accepts. Strings and comments are skipped roughly;
// this is a heuristic, not a JavaScript parser.
func runsOnLoad(src string, pos int) bool {
	var opens []int
	for i := 0; i < pos; i++ {
		switch c := src[i]; c {
		case '"', '\'', '`':
			for i++; i < pos && src[i] != c; i++ {
				if src[i] == '\\' {
					i++
				}
			}
		case '/':
			if i+1 < pos && src[i+1] == '/' {
				for i < pos && src[i] != '\n' {
					i++
				}
			} else if i+1 < pos && src[i+1] == '*' {
				if j := strings.Index(src[i+2:pos], "*/"); j >= 0 {
					i += j + 3
				} else {
					i = pos
				}
			}
		case '{':
			opens = append(opens, i)
		case '}':
			if len(opens) > 0 {
				opens = opens[:len(opens)-1]
			}
		}
	}
	for _, o := range opens {
		if !loadBlock(src[max(0, o-200):o]) {
			return false
		}
	}
	return true
}

const jsSpace = " \t\r\n"

// loadBlock reports whether the code before a '{' opens a block that runs
// on page load: else/try/do, a condition, or an anonymous function that is
// invoked at once, on load or on a timer.
func loadBlock(head string) bool {
	h := strings.TrimRight(head, jsSpace)
	switch {
	case wordSuffix(h, "else"), wordSuffix(h, "try"), wordSuffix(h, "do"):
		return true
	case strings.HasSuffix(h, "=>"):
		h = strings.TrimRight(h[:len(h)-2], jsSpace)
		if strings.HasSuffix(h, ")") {
			open := openParen(h)
			if open < 0 {
				return false
			}
			h = h[:open]
		} else {
			h = strings.TrimRightFunc(h, func(r rune) bool {
				return r == '_' || r == '$' || r < 128 && isLetter(byte(r)) || r < 128 && isDigit(byte(r))
			})
		}
		return loadCall(h)
	case strings.HasSuffix(h, ")"):
		open := openParen(h)
		if open < 0 {
			return false
		}
		before := strings.TrimRight(h[:open], jsSpace)
		switch {
		case wordSuffix(before, "if"), wordSuffix(before, "while"), wordSuffix(before, "for"):
			return true
		case wordSuffix(before, "function"):
			return loadCall(before[:len(before)-len("function")])
		}
	}
	return false
}

// loadCall reports whether an anonymous function written after code runs
// at once or on load.
func loadCall(code string) bool {
	code = strings.TrimRight(code, jsSpace)
	code = strings.TrimRight(strings.TrimSuffix(code, "async"), jsSpace)
	return loadCallRe.MatchString(code)
}

// wordSuffix reports whether s ends with the keyword w as a whole word.
func wordSuffix(s, w string) bool {
	if !strings.HasSuffix(s, w) {
		return false
	}
	rest := s[:len(s)-len(w)]
	if rest == "" {
		return true
	}
	c := rest[len(rest)-1]
	return !(isLetter(c) || isDigit(c) || c == '_' || c == '$' || c == '.')
}

// openParen returns the index of the '(' matching the ')' that ends s.
func openParen(s string) int {
	depth := 0
	for i := len(s) - 1; i >= 0; i-- {
		switch s[i] {
		case ')':
			depth++
		case '(':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}
