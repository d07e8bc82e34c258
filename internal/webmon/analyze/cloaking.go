package analyze

import (
	"fmt"
	"hash/fnv"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// minSimilarity is the word-shingle Jaccard similarity below which two
// variants' texts differ substantially; small A/B or layout differences
// stay above it.
const minSimilarity = 0.8

// shingleWords is the shingle size in words.
const shingleWords = 3

// cloakKinds are signs that matter when only a non-browser variant shows
// them: spam served to search engines or search visitors.
var cloakKinds = []SignKind{SignGambling, SignDefacement, SignRedirect, SignHiddenLink, SignReferrerRedirect}

// Cloaking compares every variant of one page with the Browser one and
// returns a SignCloaking per variant that differs: in status, in final URL
// host or path, in having a redirect, substantially in text, or in showing
// gambling, defacement, redirect or hidden-link signs the browser does not
// get. A Mobile variant that lands on the same site's own mobile pages
// (m.example.gov.vn) is not compared further. Variants that failed to fetch
// (status 0) and a missing Browser give nothing.
func Cloaking(v map[Variant]*Snapshot) []Sign {
	ref := v[Browser]
	if ref == nil || ref.Status == 0 {
		return nil
	}
	var out []Sign
	for _, name := range otherVariants(v) {
		s := v[name]
		if s == nil || s.Status == 0 {
			continue
		}
		if sg, ok := cloaked(name, ref, s); ok {
			out = append(out, sg)
		}
	}
	return out
}

// otherVariants lists the non-browser variants present, known ones first.
func otherVariants(v map[Variant]*Snapshot) []Variant {
	var out, extra []Variant
	for _, name := range Variants()[1:] {
		if _, ok := v[name]; ok {
			out = append(out, name)
		}
	}
	for name := range v {
		if name != Browser && !slices.Contains(out, name) {
			extra = append(extra, name)
		}
	}
	slices.Sort(extra)
	return append(out, extra...)
}

// cloaked compares one variant with the browser's snapshot.
func cloaked(name Variant, ref, s *Snapshot) (Sign, bool) {
	var diffs []string
	evidence := ""
	if s.Status != ref.Status {
		diffs = append(diffs, fmt.Sprintf("status %d (browser %d)", s.Status, ref.Status))
	}
	compareText := true
	if a, b := urlPlace(ref.FinalURL), urlPlace(s.FinalURL); a != b {
		if name == Mobile && sameSite(ref.FinalURL, s.FinalURL) {
			compareText = false
		} else {
			diffs = append(diffs, "final URL "+s.FinalURL+" (browser "+ref.FinalURL+")")
		}
	}
	if redirectPlace(s.Redirect) != redirectPlace(ref.Redirect) {
		diffs = append(diffs, "redirect "+orNone(s.Redirect)+" (browser "+orNone(ref.Redirect)+")")
	}
	if compareText {
		if sim := similarity(ref.Text, s.Text); sim < minSimilarity {
			diffs = append(diffs, "text differs (similarity "+strconv.FormatFloat(sim, 'f', 2, 64)+")")
			evidence = onlyIn(s.Text, ref.Text)
		}
	}
	for _, k := range cloakKinds {
		if hasKind(s.Signs, k) && !hasKind(ref.Signs, k) {
			diffs = append(diffs, string(k)+" signs only for "+string(name))
			if evidence == "" {
				evidence = firstOf(s.Signs, k)
			}
		}
	}
	if len(diffs) == 0 {
		return Sign{}, false
	}
	return Sign{
		Kind:     SignCloaking,
		Detail:   clip(string(name)+" differs from browser: "+strings.Join(diffs, "; "), 400),
		Evidence: clip(evidence, 300),
		Ref:      string(name),
	}, true
}

// urlPlace is a URL's host and path, the part that says where a visitor
// landed (scheme, query, fragment and a trailing slash ignored).
func urlPlace(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return hostOf(u) + "/" + strings.Trim(u.EscapedPath(), "/")
}

func redirectPlace(raw string) string {
	if raw == "" {
		return ""
	}
	return urlPlace(raw)
}

// sameSite reports whether two URLs share a registrable domain.
func sameSite(a, b string) bool {
	ha, hb := hostOfString(a), hostOfString(b)
	return ha != "" && hostKey(ha) == hostKey(hb)
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// similarity is the Jaccard similarity of the word shingles of two texts:
// 1 for equal texts, 0 for texts with nothing in common.
func similarity(a, b string) float64 {
	if a == b {
		return 1
	}
	sa, sb := shingles(a), shingles(b)
	if len(sa) == 0 && len(sb) == 0 {
		return 1
	}
	inter := 0
	for i, j := 0, 0; i < len(sa) && j < len(sb); {
		switch {
		case sa[i] == sb[j]:
			inter++
			i++
			j++
		case sa[i] < sb[j]:
			i++
		default:
			j++
		}
	}
	return float64(inter) / float64(len(sa)+len(sb)-inter)
}

// shingles returns the sorted distinct hashes of runs of shingleWords
// words (fewer for a shorter text).
func shingles(s string) []uint64 {
	words := strings.Fields(s)
	k := min(shingleWords, len(words))
	if k == 0 {
		return nil
	}
	out := make([]uint64, 0, len(words)-k+1)
	h := fnv.New64a()
	for i := 0; i+k <= len(words); i++ {
		h.Reset()
		for _, w := range words[i : i+k] {
			h.Write([]byte(w))
			h.Write([]byte{0})
		}
		out = append(out, h.Sum64())
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// onlyIn returns the first lines of a that b does not have, as evidence.
func onlyIn(a, b string) string {
	have := setOf(splitLines(b))
	var out []string
	size := 0
	for _, l := range splitLines(a) {
		if !have[l] {
			out = append(out, l)
			if size += len(l); size > 300 {
				break
			}
		}
	}
	return strings.Join(out, " | ")
}

func hasKind(signs []Sign, k SignKind) bool {
	return slices.ContainsFunc(signs, func(s Sign) bool { return s.Kind == k })
}

func firstOf(signs []Sign, k SignKind) string {
	for _, s := range signs {
		if s.Kind == k {
			return s.Detail + ": " + s.Evidence
		}
	}
	return ""
}
