package analyze

import (
	_ "embed"
	"slices"
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

// termSet is a compiled vocabulary, indexed by each term's first word.
type termSet struct {
	source  []string // the list as given
	list    []term
	byFirst map[string][]int
}

// defaultTerms is the shipped vocabulary compiled once; read-only.
var defaultTerms = newTermSet(DefaultTerms())

// compileTerms prepares the vocabulary: Rules.Terms when given, else the
// default list (compiled once, and recognised when passed as Rules.Terms).
func compileTerms(list []string) *termSet {
	if len(list) == 0 || slices.Equal(list, defaultTerms.source) {
		return defaultTerms
	}
	return newTermSet(list)
}

func newTermSet(list []string) *termSet {
	ts := &termSet{source: slices.Clone(list), list: termList(list), byFirst: map[string][]int{}}
	for i, t := range ts.list {
		first := t.folded
		if k := strings.IndexFunc(first, func(r rune) bool { return !isWordRune(r) }); k > 0 {
			first = first[:k]
		}
		ts.byFirst[first] = append(ts.byFirst[first], i)
	}
	return ts
}

func termList(list []string) []term {
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
// the context where. It makes one pass over the words of the corpus,
// looking each up by the first word of the terms.
func matchTerms(ts *termSet, corpus, folded, where string, hits map[string]*termHit) {
	if corpus == "" {
		return
	}
	if folded == "" {
		folded = foldAligned(corpus)
	}
	cur := cursor{orig: corpus, folded: folded}
	counts, evidence := map[int]int{}, map[int]string{}
	for i := 0; i < len(folded); {
		r, w := utf8.DecodeRuneInString(folded[i:])
		if !isWordRune(r) {
			i += w
			continue
		}
		j := i + w
		for j < len(folded) {
			r2, w2 := utf8.DecodeRuneInString(folded[j:])
			if !isWordRune(r2) {
				break
			}
			j += w2
		}
		cands := ts.byFirst[folded[i:j]]
		os := -1
		for _, k := range cands {
			t := &ts.list[k]
			end := i + len(t.folded)
			if counts[k] >= maxTermHits || !strings.HasPrefix(folded[i:], t.folded) || !boundary(folded, i, end) {
				continue
			}
			if os < 0 {
				os = cur.advance(i)
			}
			oe := origEnd(corpus, folded, os, i, end)
			if span := corpus[os:oe]; !isASCII(span) && strings.ToLower(span) != t.lower {
				continue // "bán cá" is not "bắn cá"
			}
			if counts[k] == 0 {
				evidence[k] = context(corpus, os, oe)
			}
			counts[k]++
		}
		i = j
	}
	for k, n := range counts {
		t := &ts.list[k]
		h := hits[t.name]
		if h == nil {
			h = &termHit{where: where, evidence: evidence[k]}
			hits[t.name] = h
		}
		h.count = max(h.count, n) // the same words are in several corpora
		if where != ctxText && !h.strong {
			h.strong, h.where, h.evidence = true, where, evidence[k]
		}
		h.strong = h.strong || t.strong
	}
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

// origEnd returns the offset in orig that corresponds to end in folded,
// walking rune by rune from the aligned offsets os (orig) and fs (folded).
func origEnd(orig, folded string, os, fs, end int) int {
	for fs < end && fs < len(folded) && os < len(orig) {
		_, fw := utf8.DecodeRuneInString(folded[fs:])
		_, ow := utf8.DecodeRuneInString(orig[os:])
		fs += fw
		os += ow
	}
	return os
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
func matchHosts(ts *termSet, hosts []string, hits map[string]*termHit) {
	for _, h := range hosts {
		fh := Fold(h)
		for i := range ts.list {
			t := &ts.list[i]
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
