package analyze

import (
	_ "embed"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

//go:embed terms/gambling.txt
var defaultTermsText string

// DefaultTerms returns the shipped gambling/betting spam vocabulary (the
// embedded file terms/gambling.txt), a fresh slice the caller may edit.
func DefaultTerms() []string { return parseTerms(defaultTermsText) }

// parseTerms reads one term per line, skipping blanks and # comments.
func parseTerms(text string) []string {
	var out []string
	for line := range strings.Lines(text) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, line)
	}
	return out
}

// term is one vocabulary entry ready for matching.
type term struct {
	name   string // as written, for evidence
	lower  string // NFC lower case, to check diacritics of a match
	folded string // Fold(name)
	host   string // folded without spaces, to match inside host names
	strong bool   // brand-like (contains a digit): one hit anywhere counts
}

// compileTerms prepares the vocabulary: Rules.Terms when given, else the
// default list.
func compileTerms(list []string) []term {
	if len(list) == 0 {
		list = DefaultTerms()
	}
	out := make([]term, 0, len(list))
	seen := make(map[string]bool, len(list))
	for _, t := range list {
		f := Fold(t)
		if f == "" || seen[f] {
			continue
		}
		seen[f] = true
		out = append(out, term{
			name:   strings.TrimSpace(t),
			lower:  strings.Join(strings.Fields(strings.ToLower(norm.NFC.String(t))), " "),
			folded: f,
			host:   strings.ReplaceAll(f, " ", ""),
			strong: strings.ContainsFunc(f, unicode.IsDigit),
		})
	}
	return out
}

// termHit is what was found of one term.
type termHit struct {
	count    int
	strong   bool   // found in a spam context or brand-like
	where    string // the strongest context it was found in
	evidence string
}

// The places a term can be found, weakest first.
const (
	ctxText    = "text"
	ctxHidden  = "hidden element"
	ctxOutLink = "outbound link"
	ctxHost    = "external host"
)

// maxTermHits bounds the matches examined per term and corpus.
const maxTermHits = 32

// matchTerms finds the terms in one corpus (NFC text; folded is its
// foldAligned form, or "" to compute it) and records them in hits under
// the context where.
func matchTerms(terms []term, corpus, folded, where string, hits map[string]*termHit) {
	if corpus == "" {
		return
	}
	if folded == "" {
		folded = foldAligned(corpus)
	}
	for i := range terms {
		t := &terms[i]
		n, ev := findTerm(t, corpus, folded)
		if n == 0 {
			continue
		}
		h := hits[t.name]
		if h == nil {
			h = &termHit{where: where, evidence: ev}
			hits[t.name] = h
		}
		h.count += n
		if where != ctxText && !h.strong {
			h.strong, h.where, h.evidence = true, where, ev
		}
		if t.strong {
			h.strong = true
		}
	}
}

// findTerm counts whole-word occurrences of t in folded whose original
// spelling in corpus is either the term's own or free of diacritics, and
// returns the context of the first one.
func findTerm(t *term, corpus, folded string) (int, string) {
	n, evidence := 0, ""
	cur := cursor{orig: corpus, folded: folded}
	for from, tries := 0, 0; from < len(folded) && tries < maxTermHits; tries++ {
		i := strings.Index(folded[from:], t.folded)
		if i < 0 {
			break
		}
		start, end := from+i, from+i+len(t.folded)
		from = end
		if !boundary(folded, start, end) {
			continue
		}
		os, oe := cur.span(start, end)
		span := corpus[os:oe]
		if !isASCII(span) && strings.ToLower(span) != t.lower {
			continue
		}
		if n == 0 {
			evidence = context(corpus, os, oe)
		}
		n++
	}
	return n, evidence
}

// boundary reports whether folded[start:end] is a whole word.
func boundary(folded string, start, end int) bool {
	if start > 0 {
		if r, _ := utf8.DecodeLastRuneInString(folded[:start]); isWordRune(r) {
			return false
		}
	}
	if end < len(folded) {
		if r, _ := utf8.DecodeRuneInString(folded[end:]); isWordRune(r) {
			return false
		}
	}
	return true
}

// cursor maps byte offsets in a folded string back to its source, walking
// both rune by rune; offsets must be asked in increasing order.
type cursor struct {
	orig, folded string
	fpos, opos   int
}

func (c *cursor) advance(to int) int {
	for c.fpos < to && c.fpos < len(c.folded) {
		_, fw := utf8.DecodeRuneInString(c.folded[c.fpos:])
		_, ow := utf8.DecodeRuneInString(c.orig[c.opos:])
		c.fpos += fw
		c.opos += ow
	}
	return c.opos
}

func (c *cursor) span(start, end int) (int, int) {
	s := c.advance(start)
	return s, c.advance(end)
}

// context returns up to 60 bytes either side of s[start:end], on rune
// boundaries and on one line.
func context(s string, start, end int) string {
	a, b := max(0, start-60), min(len(s), end+60)
	for a > 0 && !utf8.RuneStart(s[a]) {
		a--
	}
	for b < len(s) && !utf8.RuneStart(s[b]) {
		b++
	}
	return strings.Join(strings.Fields(s[a:b]), " ")
}

// matchHosts records terms found inside external host names
// ("fb88vn.com", "nhacaiuytin.net"): brand-like terms and terms of five or
// more letters match anywhere in a label, shorter ones whole labels only.
func matchHosts(terms []term, hosts []string, hits map[string]*termHit) {
	for _, h := range hosts {
		fh := Fold(h)
		for i := range terms {
			t := &terms[i]
			if !hostHas(fh, t.host, t.strong || len(t.host) >= 5) {
				continue
			}
			hit := hits[t.name]
			if hit == nil {
				hit = &termHit{}
				hits[t.name] = hit
			}
			hit.count++
			if !hit.strong || hit.where == ctxText {
				hit.strong, hit.where, hit.evidence = true, ctxHost, h
			}
		}
	}
}

func hostHas(host, t string, inside bool) bool {
	if inside {
		return strings.Contains(host, t)
	}
	for label := range strings.SplitSeq(host, ".") {
		if label == t {
			return true
		}
	}
	return false
}

// gamblingSign turns term hits into one sign when they are strong enough:
// any strong hit, or three different terms in plain text.
func gamblingSign(hits map[string]*termHit, order []term) (Sign, bool) {
	strong, weak := 0, 0
	var parts []string
	first, firstStrong := "", ""
	for _, t := range order {
		h := hits[t.name]
		if h == nil {
			continue
		}
		if !h.strong && widerHit(t, order, hits) {
			continue // "cá độ" inside "cá độ bóng đá" is one term, not two
		}
		if h.strong {
			strong++
			if firstStrong == "" {
				firstStrong = h.evidence
			}
		} else {
			weak++
		}
		if first == "" {
			first = h.evidence
		}
		parts = append(parts, t.name+" ×"+strconv.Itoa(h.count)+" ("+h.where+")")
	}
	if strong == 0 && weak < 3 {
		return Sign{}, false
	}
	if firstStrong != "" {
		first = firstStrong
	}
	return Sign{
		Kind:     SignGambling,
		Detail:   clip("gambling terms: "+strings.Join(parts, ", "), 400),
		Evidence: clip(first, 300),
	}, true
}

// widerHit reports whether a longer term containing t was also found.
func widerHit(t term, order []term, hits map[string]*termHit) bool {
	for _, o := range order {
		if len(o.folded) > len(t.folded) && hits[o.name] != nil && strings.Contains(o.folded, t.folded) {
			return true
		}
	}
	return false
}
