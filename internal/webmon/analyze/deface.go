package analyze

import (
	"regexp"
	"strings"
	"unicode/utf8"
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
	if loc, what := signature(folded, len(text) < shortPage); loc != nil {
		cur := cursor{orig: text, folded: folded}
		st, e := cur.span(loc[0], loc[1])
		out = append(out, Sign{Kind: SignDefacement, Detail: what, Evidence: clip(context(text, st, e), 300)})
	}
	return out
}

// signature finds the first defacement signature in folded text; "owned
// by …" only counts on a short page.
func signature(folded string, short bool) ([]int, string) {
	if loc := hackedBy(folded); loc != nil {
		return loc, "defacement signature (hacked/defaced by …)"
	}
	if hasLeet(folded) {
		if loc := leetRe.FindStringIndex(folded); loc != nil {
			return loc, "defacement signature (h4ck3d)"
		}
	}
	if short && strings.Contains(folded, "by") {
		if loc := ownedByRe.FindStringIndex(folded); loc != nil {
			return loc, "defacement signature (owned by …) on a short page"
		}
	}
	return nil, ""
}

// maxBy bounds the " by" occurrences examined.
const maxBy = 200

// hackedBy finds "hacked by" and its variants, looking only around the
// occurrences of "by": a regexp over a whole page would cost too much.
func hackedBy(folded string) []int {
	for from, n := 0, 0; n < maxBy; n++ {
		i := strings.Index(folded[from:], "by")
		if i < 0 {
			return nil
		}
		at := from + i
		from = at + 2
		start := max(0, at-40)
		for start > 0 && !utf8.RuneStart(folded[start]) {
			start++
		}
		if loc := hackedByRe.FindStringIndex(folded[start:min(len(folded), at+3)]); loc != nil {
			return []int{start + loc[0], start + loc[1]}
		}
	}
	return nil
}

// hasLeet is a cheap filter before leetRe.
func hasLeet(folded string) bool {
	return strings.Contains(folded, "h4") || strings.Contains(folded, "h@") || strings.Contains(folded, "ck3") || strings.Contains(folded, "d3f") || strings.Contains(folded, "f4c")
}
