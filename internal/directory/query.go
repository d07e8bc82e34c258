package directory

import (
	"strconv"
	"strings"
)

// query builds a SELECT with numbered placeholders, so filters compose
// without string juggling at each call site.
type query struct {
	base  string
	conds []string
	args  []any
}

func newQuery(base string) *query { return &query{base: base} }

func (q *query) arg(v any) string {
	q.args = append(q.args, v)
	return "$" + strconv.Itoa(len(q.args))
}

func (q *query) where(cond string) { q.conds = append(q.conds, cond) }

// scope limits column (a tree path) to the given subtrees; all means no limit
// and no paths means nothing at all.
func (q *query) scope(column string, paths []string, all bool) {
	if cond, ok := q.subtrees(column, paths, all); ok {
		q.where(cond)
	}
}

// subtrees is the condition "column (a path) lies in one of paths"; ok is
// false when there is nothing to limit.
func (q *query) subtrees(column string, paths []string, all bool) (cond string, ok bool) {
	if all {
		return "", false
	}
	if len(paths) == 0 {
		return "1 = 0", true
	}
	var or []string
	for _, p := range paths {
		or = append(or, column+" LIKE "+q.arg(p+"%"))
	}
	return "(" + strings.Join(or, " OR ") + ")", true
}

func (q *query) sql() string {
	if len(q.conds) == 0 {
		return q.base
	}
	return q.base + " WHERE " + strings.Join(q.conds, " AND ")
}

// scopeOrgs limits column (an organisation id) to organisations inside the
// given subtrees. The subquery reads the organisations once; the outer query
// can then walk its own index (people by name, audit by sequence) and stop
// at its LIMIT instead of testing a path pattern on every row.
func (q *query) scopeOrgs(column string, paths []string, all bool) {
	if cond, ok := q.subtrees("path", paths, all); ok {
		q.where(column + " IN (SELECT id FROM organisations WHERE " + cond + ")")
	}
}
