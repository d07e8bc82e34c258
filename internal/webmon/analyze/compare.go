package analyze

import (
	"slices"
	"strings"
)

// Bounds on the signs one comparison reports.
const (
	maxNewDomainSigns = 20
	maxNewScriptSigns = 10
)

// activeKinds are references that load or run something, or send the
// visitor away: a known domain newly used this way is a sign too.
var activeKinds = []Kind{KindScript, KindIframe, KindForm, KindMetaRefresh}

// Learn builds a baseline from the two fetches made at setup: the second
// becomes the approved snapshot, and the lines that differed between them
// are volatile — slots that change by themselves (a random banner, a
// rotating quote) and are not reported later. Either may be nil.
func Learn(first, second *Snapshot) *Baseline {
	switch {
	case first == nil && second == nil:
		return nil
	case second == nil:
		return &Baseline{Snapshot: *first, Volatile: []string{}}
	case first == nil:
		return &Baseline{Snapshot: *second, Volatile: []string{}}
	}
	b := &Baseline{Snapshot: *second, Volatile: []string{}}
	if first.TextHash != second.TextHash {
		seen := map[string]bool{}
		for _, o := range diffLines(splitLines(first.Text), splitLines(second.Text)) {
			if o.kind != '=' && !seen[o.line] {
				seen[o.line] = true
				b.Volatile = append(b.Volatile, o.line)
			}
		}
	}
	b.DynamicScripts = !sameSet(first.InlineScripts, second.InlineScripts)
	return b
}

// Compare compares a snapshot with its baseline: whether the visible text
// changed beyond volatile lines (with a short diff), external domains that
// are new and not allowed, and inline scripts that are new. A nil baseline
// or snapshot compares as unchanged.
func Compare(b *Baseline, cur *Snapshot) *Change {
	ch := &Change{Signs: []Sign{}}
	if b == nil || cur == nil {
		return ch
	}
	if b.Snapshot.TextHash != cur.TextHash || b.Snapshot.Text != cur.Text {
		ops, _ := settle(diffLines(splitLines(b.Snapshot.Text), splitLines(cur.Text)), setOf(b.Volatile))
		hs := hunks(ops)
		ch.TextChanged = len(hs) > 0
		ch.Diff = render(ops, hs)
	}
	ch.Signs = append(ch.Signs, newDomainSigns(&b.Snapshot, cur)...)
	if !b.DynamicScripts {
		ch.Signs = append(ch.Signs, newScriptSigns(&b.Snapshot, cur)...)
	}
	return ch
}

// newDomainSigns reports external domains of cur that the baseline does
// not have and the rules do not allow, and known domains now used to load
// scripts, frames or forms or to redirect.
func newDomainSigns(base, cur *Snapshot) []Sign {
	allowed := setOf(cur.Allowed)
	var out []Sign
	for _, d := range sortedKeys(cur.Domains) {
		if allowed[d] || len(out) >= maxNewDomainSigns {
			continue
		}
		kinds := cur.Domains[d]
		old, known := base.Domains[d]
		detail := ""
		if !known {
			detail = "new external domain " + d + " (" + kindList(kinds) + ")"
		} else {
			var added []Kind
			for _, k := range activeKinds {
				if slices.Contains(kinds, k) && !slices.Contains(old, k) {
					added = append(added, k)
				}
			}
			if len(added) == 0 {
				continue
			}
			detail = "external domain " + d + " now also as " + kindList(added)
		}
		out = append(out, Sign{Kind: SignNewDomain, Detail: detail, Evidence: cur.DomainExamples[d], Ref: d})
	}
	return out
}

// newScriptSigns reports inline scripts of cur the baseline does not have.
func newScriptSigns(base, cur *Snapshot) []Sign {
	known := setOf(base.InlineScripts)
	var out []Sign
	for _, h := range cur.InlineScripts {
		if known[h] || len(out) >= maxNewScriptSigns {
			continue
		}
		out = append(out, Sign{Kind: SignNewInlineScript, Detail: "new inline script " + h[:min(12, len(h))], Evidence: cur.ScriptExcerpts[h], Ref: h})
	}
	return out
}

// Rebase is what accepting a change does to a baseline: cur becomes the
// approved snapshot, and what was learnt carries over — volatile lines
// still present stay volatile, and lines that came in place of volatile
// ones become volatile themselves.
func Rebase(b *Baseline, cur *Snapshot) *Baseline {
	if cur == nil {
		return b
	}
	nb := &Baseline{Snapshot: *cur, Volatile: []string{}}
	if b == nil {
		return nb
	}
	nb.DynamicScripts = b.DynamicScripts
	vol := setOf(b.Volatile)
	_, slots := settle(diffLines(splitLines(b.Snapshot.Text), splitLines(cur.Text)), vol)
	keep := setOf(slots)
	seen := map[string]bool{}
	for _, l := range splitLines(cur.Text) {
		if (vol[l] || keep[l]) && !seen[l] {
			seen[l] = true
			nb.Volatile = append(nb.Volatile, l)
		}
	}
	return nb
}

func kindList(kinds []Kind) string {
	s := make([]string, len(kinds))
	for i, k := range kinds {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}

func setOf(list []string) map[string]bool {
	m := make(map[string]bool, len(list))
	for _, s := range list {
		m[s] = true
	}
	return m
}

func sameSet(a, b []string) bool {
	sa, sb := setOf(a), setOf(b)
	if len(sa) != len(sb) {
		return false
	}
	for k := range sa {
		if !sb[k] {
			return false
		}
	}
	return true
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
