package audit

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"attt/internal/db"
	"attt/internal/errs"
	"attt/internal/principal"
)

// Readers are the roles that may read the trail of their subtrees (Đ7.8:
// the agency checks its logs; the authority province-wide).
var readers = []principal.Role{principal.Officer, principal.Head, principal.Authority, principal.Admin}

// Filter narrows a search. Zero fields do not filter.
type Filter struct {
	From, To  time.Time
	Action    string // prefix, e.g. "auth.login"
	Actor     string // login, exact
	TargetID  string
	OrgID     string // that organisation's subtree
	Text      string // substring of action, target, note, address or actor
	BeforeSeq int64  // page: records older than this one
	Seq       int64  // exactly this record
	Limit     int
}

// Search returns records the principal may see, newest first. Records of
// organisations outside the principal's reader grants are never returned;
// records tied to no organisation (installation-wide events) only to admins.
func (t *Trail) Search(ctx context.Context, f Filter) ([]Record, error) {
	p := principal.From(ctx)
	if !p.HasRole(readers...) {
		return nil, errs.New(errs.Forbidden, errs.MsgForbidden)
	}
	var where []string
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	if !p.System {
		// The subtrees' organisations are read once; the trail is then
		// walked newest first and the walk stops at the limit.
		var paths, scope []string
		roots := p.Roots(readers...)
		if principal.CoversAll(roots) {
			scope, roots = []string{"a.org_id <> ''"}, nil // every organisation: walk the trail alone
		}
		for _, root := range roots {
			paths = append(paths, "path LIKE "+arg(root+"%"))
		}
		if len(paths) > 0 {
			scope = append(scope, "a.org_id IN (SELECT id FROM organisations WHERE "+strings.Join(paths, " OR ")+")")
		}
		if p.HasRole(principal.Admin) {
			scope = append(scope, "a.org_id = ''")
		}
		if len(scope) == 0 {
			scope = append(scope, "1 = 0")
		}
		where = append(where, "("+strings.Join(scope, " OR ")+")")
	}
	if !f.From.IsZero() {
		where = append(where, "a.at >= "+arg(db.Millis(f.From)))
	}
	if !f.To.IsZero() {
		where = append(where, "a.at < "+arg(db.Millis(f.To)))
	}
	if f.Action != "" {
		where = append(where, "a.action LIKE "+arg(likePrefix(f.Action))+" ESCAPE '\\'")
	}
	if f.Actor != "" {
		where = append(where, "a.actor_login = "+arg(f.Actor))
	}
	if f.TargetID != "" {
		where = append(where, "a.target_id = "+arg(f.TargetID))
	}
	if f.OrgID != "" {
		where = append(where, "a.org_id IN (SELECT id FROM organisations WHERE path LIKE (SELECT path FROM organisations WHERE id = "+arg(f.OrgID)+") || '%')")
	}
	if f.Text != "" {
		x := arg("%" + escapeLike(strings.ToLower(f.Text)) + "%")
		where = append(where, "(LOWER(a.action) LIKE "+x+" ESCAPE '\\' OR LOWER(a.target_id) LIKE "+x+" ESCAPE '\\' OR LOWER(a.note) LIKE "+x+
			" ESCAPE '\\' OR a.ip LIKE "+x+" ESCAPE '\\' OR LOWER(a.actor_login) LIKE "+x+" ESCAPE '\\')")
	}
	if f.Seq > 0 {
		where = append(where, "a.seq = "+arg(f.Seq))
	}
	if f.BeforeSeq > 0 {
		where = append(where, "a.seq < "+arg(f.BeforeSeq))
	}
	limit := f.Limit
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	q := `SELECT a.seq, a.id, a.at, a.actor_id, a.actor_login, a.org_id, a.action, a.target_type, a.target_id,
		a.ip, a.user_agent, a.before_json, a.after_json, a.note, a.prev_hash, a.hash
		FROM audit_events a`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY a.seq DESC LIMIT " + strconv.Itoa(limit)
	rows, err := t.db.R.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("audit: search: %w", err)
	}
	defer rows.Close()
	var out []Record
	for rows.Next() {
		r, err := scanRecord(rows)
		if err != nil {
			return nil, fmt.Errorf("audit: search: %w", err)
		}
		out = append(out, *r)
	}
	return out, rows.Err()
}

func likePrefix(s string) string { return escapeLike(s) + "%" }

func escapeLike(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}

// Get returns one record the principal may read, and records that it was
// read: a record's before/after values can hold personal data, so opening
// one is itself in the trail (Đ7.8, "read of sensitive records").
// NotFound for a record that does not exist or is out of scope.
func (t *Trail) Get(ctx context.Context, seq int64) (*Record, error) {
	recs, err := t.Search(ctx, Filter{Seq: seq, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, errs.New(errs.NotFound, errs.MsgNotFound)
	}
	r := recs[0]
	if err := t.AppendNow(ctx, Event{Action: "audit.read", OrgID: r.OrgID, TargetType: "audit", TargetID: strconv.FormatInt(seq, 10)}); err != nil {
		return nil, err
	}
	return &r, nil
}
