package db

import (
	"strconv"
	"strings"
)

// Query builds a SELECT with numbered placeholders, so filters compose
// without string juggling at each call site.
type Query struct {
	base  string
	conds []string
	// Args are the values of the placeholders, in order.
	Args []any
}

// NewQuery starts a query from its SELECT … FROM … part.
func NewQuery(base string) *Query { return &Query{base: base} }

// SetBase replaces the SELECT … FROM … part, for a FROM clause that itself
// takes arguments: add them with Arg first, then set the base, then the
// conditions, so the placeholders stay in order.
func (q *Query) SetBase(base string) { q.base = base }

// Arg adds a value and returns its placeholder ($n).
func (q *Query) Arg(v any) string {
	q.Args = append(q.Args, v)
	return "$" + strconv.Itoa(len(q.Args))
}

// Where adds a condition; conditions are joined with AND.
func (q *Query) Where(cond string) { q.conds = append(q.conds, cond) }

// AnyPrefix is the condition "column starts with one of prefixes" ("1 = 0"
// for none). Prefixes must not contain LIKE wildcards (tree paths do not).
func (q *Query) AnyPrefix(column string, prefixes []string) string {
	if len(prefixes) == 0 {
		return "1 = 0"
	}
	or := make([]string, len(prefixes))
	for i, p := range prefixes {
		or[i] = column + " LIKE " + q.Arg(p+"%")
	}
	return "(" + strings.Join(or, " OR ") + ")"
}

// SQL returns the statement with its WHERE clause.
func (q *Query) SQL() string {
	if len(q.conds) == 0 {
		return q.base
	}
	return q.base + " WHERE " + strings.Join(q.conds, " AND ")
}
