package importfile

import (
	"fmt"
	"strings"

	"attt/internal/locale"
)

// Placement of a row while sorting.
const (
	unseen = iota
	onPath
	placed
	stuck // in a cycle, or below one
)

// SortOrgsByParent orders rows so that every organisation whose parent is
// defined in the same file comes after that parent, keeping file order
// otherwise; rows whose parent is not in the file (empty, or already in the
// database) are roots. The service inserts in this order within its
// transaction.
//
// A cycle of parents (A under B under A, or A under itself) cannot be
// inserted: each row in it gets a Problem in the parent column, and those
// rows, with any below them, come last in file order. When a code appears
// twice, parents resolve to its first row (ParseOrgs reports the duplicate).
// ParseOrgs already returns rows in this order with these problems reported;
// calling it again gives the same order.
func SortOrgsByParent(rows []OrgRow) ([]OrgRow, []Problem) {
	byCode := make(map[string]int, len(rows))
	for i, r := range rows {
		if _, dup := byCode[r.Code]; r.Code != "" && !dup {
			byCode[r.Code] = i
		}
	}
	parent := func(i int) int {
		if p, ok := byCode[rows[i].ParentCode]; ok && rows[i].ParentCode != "" {
			return p
		}
		return -1
	}
	state := make([]int, len(rows))
	out := make([]OrgRow, 0, len(rows))
	var problems []Problem
	var path []int
	for i := range rows {
		path = path[:0]
		j := i
		for j >= 0 && state[j] == unseen {
			state[j] = onPath
			path = append(path, j)
			j = parent(j)
		}
		switch {
		case j >= 0 && state[j] == onPath:
			problems = append(problems, cycleProblems(rows, path[indexOf(path, j):])...)
			fallthrough
		case j >= 0 && state[j] == stuck:
			for _, k := range path {
				state[k] = stuck
			}
		default:
			for k := len(path) - 1; k >= 0; k-- {
				state[path[k]] = placed
				out = append(out, rows[path[k]])
			}
		}
	}
	for i, s := range state {
		if s == stuck {
			out = append(out, rows[i])
		}
	}
	return out, problems
}

// cycleProblems reports each row of a cycle, the cycle given child first.
func cycleProblems(rows []OrgRow, cycle []int) []Problem {
	col := labelOf(orgColumns, FieldParent).VI
	if len(cycle) == 1 {
		r := rows[cycle[0]]
		return []Problem{{Line: r.Line, Column: col, Msg: locale.T(
			"Đơn vị không thể là cấp trên của chính nó.", "An organisation cannot be its own parent.")}}
	}
	const shown = 10
	codes := make([]string, 0, min(len(cycle), shown)+2)
	for _, k := range cycle[:min(len(cycle), shown)] {
		codes = append(codes, rows[k].Code)
	}
	if len(cycle) > shown {
		codes = append(codes, "…")
	}
	codes = append(codes, rows[cycle[0]].Code)
	chain := strings.Join(codes, " → ")
	problems := make([]Problem, 0, len(cycle))
	for _, k := range cycle {
		problems = append(problems, Problem{Line: rows[k].Line, Column: col, Msg: locale.T(
			fmt.Sprintf("Quan hệ cấp trên tạo thành vòng lặp: %s.", chain),
			fmt.Sprintf("The parent links form a cycle: %s.", chain))})
	}
	return problems
}

// indexOf returns the position of v in s, which must hold it.
func indexOf(s []int, v int) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}
