package analyze

import (
	"slices"
	"strings"
)

// Assess is the one call a check makes once its variants are analysed: the
// page signs of every variant (merged; a sign seen only in some variants
// names them), the comparison of the Browser variant (or the first one
// fetched) with the baseline, and cloaking. The severity follows Grade:
// every sign here — new domains and new inline scripts included — counts as
// suspicious. Packed and obfuscated scripts already in the approved
// baseline are not signs (the officer approved them); gambling, hidden
// links, defacement and redirects always are. A nil baseline skips the
// comparison; r may be nil, and its allowed domains drop new-domain signs
// for domains allowed since the snapshots were taken.
func Assess(b *Baseline, snaps map[Variant]*Snapshot, r *Rules) (Severity, []Sign, *Change) {
	signs := pageSigns(b, snaps)
	ref := snaps[Browser]
	if ref == nil {
		for _, v := range otherVariants(snaps) {
			if ref = snaps[v]; ref != nil {
				break
			}
		}
	}
	change := Compare(b, ref)
	if r != nil && len(r.AllowedDomains) > 0 {
		allowed := newDomainSet(r.AllowedDomains)
		change.Signs = slices.DeleteFunc(change.Signs, func(s Sign) bool {
			return s.Kind == SignNewDomain && allowed.has(s.Ref)
		})
	}
	signs = append(signs, change.Signs...)
	signs = append(signs, Cloaking(snaps)...)
	return Grade(change.TextChanged, len(signs) > 0), signs, change
}

// pageSigns merges the signs of all variants by kind and detail.
func pageSigns(b *Baseline, snaps map[Variant]*Snapshot) []Sign {
	approved := map[string]bool{}
	if b != nil {
		approved = setOf(b.Snapshot.InlineScripts)
	}
	var order []string
	first := map[string]Sign{}
	seenIn := map[string][]Variant{}
	present := 0
	for _, v := range append([]Variant{Browser}, otherVariants(snaps)...) {
		s := snaps[v]
		if s == nil {
			continue
		}
		present++
		for _, sg := range s.Signs {
			if (sg.Kind == SignPackedScript || sg.Kind == SignObfuscated) && sg.Ref != "" && approved[sg.Ref] {
				continue
			}
			key := string(sg.Kind) + "\x00" + sg.Detail
			if _, ok := first[key]; !ok {
				order = append(order, key)
				first[key] = sg
			}
			if !slices.Contains(seenIn[key], v) {
				seenIn[key] = append(seenIn[key], v)
			}
		}
	}
	out := make([]Sign, 0, len(order))
	for _, key := range order {
		sg := first[key]
		if vs := seenIn[key]; len(vs) < present {
			names := make([]string, len(vs))
			for i, v := range vs {
				names[i] = string(v)
			}
			sg.Detail += " [only: " + strings.Join(names, ", ") + "]"
		}
		out = append(out, sg)
	}
	return out
}
