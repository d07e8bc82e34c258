package analyze

import (
	"strconv"
	"strings"
)

// op is one line of a line diff: '=' kept, '-' only in the old text, '+'
// only in the new one; at is the line's index in its own text.
type op struct {
	kind byte
	line string
	at   int
}

// maxDiffCells bounds the LCS table (2 bytes a cell); beyond it the middle
// of the texts is compared as sets of lines.
const maxDiffCells = 1 << 21

// maxDiffBytes bounds the readable diff kept in a Change.
const maxDiffBytes = 8 << 10

// splitLines splits text into lines; "" has none.
func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// diffLines is a longest-common-subsequence line diff, with the common
// prefix and suffix trimmed first so the usual small change costs little.
func diffLines(a, b []string) []op {
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	out := make([]op, 0, len(a)+len(b)-pre-suf)
	for i := range pre {
		out = append(out, op{'=', b[i], i})
	}
	am, bm := a[pre:len(a)-suf], b[pre:len(b)-suf]
	if len(am)*len(bm) <= maxDiffCells {
		out = lcs(out, am, bm, pre)
	} else {
		out = setDiff(out, am, bm, pre)
	}
	for i := len(b) - suf; i < len(b); i++ {
		out = append(out, op{'=', b[i], i})
	}
	return out
}

// lcs appends the diff of a and b (both starting at line off).
func lcs(out []op, a, b []string, off int) []op {
	n, m := len(a), len(b)
	if n == 0 || m == 0 {
		for i, l := range a {
			out = append(out, op{'-', l, off + i})
		}
		for j, l := range b {
			out = append(out, op{'+', l, off + j})
		}
		return out
	}
	// t[i*(m+1)+j] is the LCS length of a[i:] and b[j:].
	t := make([]uint16, (n+1)*(m+1))
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			switch {
			case a[i] == b[j]:
				t[i*(m+1)+j] = t[(i+1)*(m+1)+j+1] + 1
			case t[(i+1)*(m+1)+j] >= t[i*(m+1)+j+1]:
				t[i*(m+1)+j] = t[(i+1)*(m+1)+j]
			default:
				t[i*(m+1)+j] = t[i*(m+1)+j+1]
			}
		}
	}
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case a[i] == b[j]:
			out = append(out, op{'=', b[j], off + j})
			i++
			j++
		case t[(i+1)*(m+1)+j] >= t[i*(m+1)+j+1]:
			out = append(out, op{'-', a[i], off + i})
			i++
		default:
			out = append(out, op{'+', b[j], off + j})
			j++
		}
	}
	for ; i < n; i++ {
		out = append(out, op{'-', a[i], off + i})
	}
	for ; j < m; j++ {
		out = append(out, op{'+', b[j], off + j})
	}
	return out
}

// setDiff is the fallback for huge changes: lines of a missing from b are
// removed, lines of b missing from a are added.
func setDiff(out []op, a, b []string, off int) []op {
	inA := make(map[string]int, len(a))
	for _, l := range a {
		inA[l]++
	}
	inB := make(map[string]int, len(b))
	for _, l := range b {
		inB[l]++
	}
	for i, l := range a {
		if inB[l] > 0 {
			inB[l]--
			out = append(out, op{'=', l, off + i})
		} else {
			out = append(out, op{'-', l, off + i})
		}
	}
	for j, l := range b {
		if inA[l] > 0 {
			inA[l]--
			continue
		}
		out = append(out, op{'+', l, off + j})
	}
	return out
}

// hunk is a run of changed lines: ops[from:to].
type hunk struct{ from, to int }

// hunks groups the changed lines of a diff.
func hunks(ops []op) []hunk {
	var out []hunk
	for i := 0; i < len(ops); {
		if ops[i].kind == '=' {
			i++
			continue
		}
		j := i
		for j < len(ops) && ops[j].kind != '=' {
			j++
		}
		out = append(out, hunk{i, j})
		i = j
	}
	return out
}

// settle takes the volatile slots out of a diff: in each hunk, a removed
// volatile line and the added line in its place (the k-th removed pairs
// with the k-th added) are not a change, nor is an added line that is
// itself volatile; when a hunk removes only volatile lines, up to two extra
// added lines are tolerated too. What is left as '-' and '+' is the real
// change; added lines that took a slot come back as '=' and in slots.
func settle(ops []op, vol map[string]bool) (out []op, slots []string) {
	out = make([]op, 0, len(ops))
	for i := 0; i < len(ops); {
		if ops[i].kind == '=' {
			out = append(out, ops[i])
			i++
			continue
		}
		j := i
		var dels, ins []op
		for ; j < len(ops) && ops[j].kind != '='; j++ {
			if ops[j].kind == '-' {
				dels = append(dels, ops[j])
			} else {
				ins = append(ins, ops[j])
			}
		}
		realDel := 0
		for _, d := range dels {
			if !vol[d.line] {
				realDel++
			}
		}
		var realDels []op
		for k, d := range dels {
			if !vol[d.line] {
				realDels = append(realDels, d)
			} else if k < len(ins) {
				ins[k].kind = '='
				slots = append(slots, ins[k].line)
			}
		}
		for k := range ins {
			o := &ins[k]
			switch {
			case o.kind == '=':
			case vol[o.line]:
				o.kind = '='
			case realDel == 0 && len(dels) > 0 && k < len(dels)+2:
				o.kind = '='
				slots = append(slots, o.line)
			}
		}
		// kept lines first, then what was removed and what came instead
		for _, o := range ins {
			if o.kind == '=' {
				out = append(out, o)
			}
		}
		out = append(out, realDels...)
		for _, o := range ins {
			if o.kind == '+' {
				out = append(out, o)
			}
		}
		i = j
	}
	return out, slots
}

// render writes the given hunks as a short unified-style diff with two
// lines of context, capped at maxDiffBytes.
func render(ops []op, hs []hunk) string {
	var b strings.Builder
	last := -1
	for _, h := range hs {
		from, to := max(h.from-2, last+1, 0), min(h.to+2, len(ops))
		if from > last+1 || last < 0 {
			line := 1
			for k := from; k < len(ops); k++ {
				if ops[k].kind != '-' {
					line = ops[k].at + 1
					break
				}
			}
			b.WriteString("@@ line " + strconv.Itoa(line) + " @@\n")
		}
		for _, o := range ops[from:to] {
			prefix := "  "
			switch o.kind {
			case '-':
				prefix = "- "
			case '+':
				prefix = "+ "
			}
			if b.Len()+len(o.line)+3 > maxDiffBytes {
				b.WriteString("… (diff truncated)\n")
				return b.String()
			}
			b.WriteString(prefix + o.line + "\n")
		}
		last = to - 1
	}
	return b.String()
}
