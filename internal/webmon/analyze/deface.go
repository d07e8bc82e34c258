package analyze

import (
	"regexp"
	"strings"
)

// Defacement signatures, matched on folded text (lower case, no
// diacritics); digits and symbols stand in for letters the way defacers
// write them ("h4ck3d"). Read-only.
var (
	hackedByRe = regexp.MustCompile(`\b(?:h[a4@]ck[e3]d|d[e3]f[a4@]c[e3]d|pwn[e3]d|h[a4@]x[e3]d)(?:\s*(?:&|and|\+)\s*[o0]wn[e3]d)?\s+by\b`)
	leetRe     = regexp.MustCompile(`\bh[4@]ck[e3]?d?\b|\bh[a4@]ck3d\b|\bd[3]f[a4@]c[e3]d\b|\bd[e3]f[4@]c[e3]d\b`)
	ownedByRe  = regexp.MustCompile(`\b[o0]wn[e3]d\s+by\s+\S+`)
	titleRe    = regexp.MustCompile(`\b(?:h[a4@]ck[e3]d|d[e3]f[a4@]c[e3]d|pwn[e3]d)\b`)
)

// shortPage is the size below which "owned by <handle>" counts: defacers
// replace the whole page with a short one, while a real site's footer may
// well say who owns it.
const shortPage = 3000

// defacementSigns looks for defacement signatures in the page title and in
// its text; folded is foldAligned(text).
func defacementSigns(title, text, folded string) []Sign {
	var out []Sign
	if title != "" && titleRe.MatchString(Fold(title)) {
		out = append(out, Sign{Kind: SignDefacement, Detail: "page title says the site was hacked", Evidence: clip(title, 300)})
	}
	cur := cursor{orig: text, folded: folded}
	find := func(re *regexp.Regexp, what string) bool {
		loc := re.FindStringIndex(folded)
		if loc == nil {
			return false
		}
		s, e := cur.span(loc[0], loc[1])
		out = append(out, Sign{Kind: SignDefacement, Detail: what, Evidence: clip(context(text, s, e), 300)})
		return true
	}
	if !find(hackedByRe, "defacement signature (hacked/defaced by …)") {
		cur = cursor{orig: text, folded: folded}
		if !find(leetRe, "defacement signature (h4ck3d)") && len(text) < shortPage {
			cur = cursor{orig: text, folded: folded}
			find(ownedByRe, "defacement signature (owned by …) on a short page")
		}
	}
	return out
}

// hasDefacementWords is a cheap filter before the regexps.
func hasDefacementWords(folded string) bool {
	return strings.Contains(folded, "by") || strings.Contains(folded, "h4") || strings.Contains(folded, "h@") || strings.Contains(folded, "ck3")
}
