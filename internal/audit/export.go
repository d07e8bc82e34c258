package audit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"attt/internal/errs"
	"attt/internal/locale"
	"attt/internal/principal"
)

// MaxExportRows bounds one export, of the trail or of a directory list:
// the newest records up to this many; a narrower filter gets the rest.
const MaxExportRows = 100_000

// exportPage is how many records Export reads per Search.
const exportPage = 1000

// ExportSummary is what the record of an export holds (Đ7.8: exports are
// audited): the file format, the filter as the exporter set it, and how
// many rows left attt.
type ExportSummary struct {
	Format string            `json:"format"`
	Filter map[string]string `json:"filter,omitempty"`
	Rows   int               `json:"rows"`
	// Truncated is set when more rows matched than MaxExportRows.
	Truncated bool `json:"truncated,omitempty"`
}

// ExportEvent is the record of an export: action such as "people.export",
// tied to the organisation the filter names or else to the exporter's own
// agency, so that the officers of that agency see who exported what.
func ExportEvent(ctx context.Context, action, targetType, filterOrg string, s ExportSummary) Event {
	org := filterOrg
	if p := principal.From(ctx); org == "" && p != nil {
		org = p.OrgID
	}
	return Event{Action: action, OrgID: org, TargetType: targetType, After: s,
		Note: fmt.Sprintf("format=%s rows=%d", s.Format, s.Rows)}
}

var msgSignIn = locale.T("Vui lòng đăng nhập.", "Please sign in.")

// Export reads the records matching f that the principal may see, newest
// first, at most MaxExportRows (or f.Limit when smaller), handing each to
// each, then records "audit.export" with the filter and the row count.
// f.BeforeSeq is ignored. Records are read a page at a time, so memory does
// not grow with the export. When each fails, Export stops and records
// nothing: the caller has sent nothing yet (see package export).
//
// Errors: Unauthenticated without a principal; Forbidden for a principal
// who reads no trail, or when f.OrgID names an organisation outside their
// reader scope (the filter is recorded, so it only ever names what they may
// see).
func (t *Trail) Export(ctx context.Context, f Filter, format string, each func(*Record) error) (int, error) {
	p := principal.From(ctx)
	if p == nil {
		return 0, errs.New(errs.Unauthenticated, msgSignIn)
	}
	if !p.HasRole(readers...) {
		return 0, errs.New(errs.Forbidden, errs.MsgForbidden)
	}
	if f.OrgID != "" && !p.System {
		var path string
		err := t.db.R.QueryRowContext(ctx, `SELECT path FROM organisations WHERE id = $1`, f.OrgID).Scan(&path)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && !p.Has(path, readers...)) {
			return 0, errs.New(errs.Forbidden, errs.MsgForbidden)
		}
		if err != nil {
			return 0, fmt.Errorf("audit: export: %w", err)
		}
	}
	limit := MaxExportRows
	if f.Limit > 0 && f.Limit < limit {
		limit = f.Limit
	}
	page, n, truncated := f, 0, false
	page.BeforeSeq = 0
	for n < limit {
		page.Limit = min(exportPage, limit-n)
		recs, err := t.Search(ctx, page)
		if err != nil {
			return n, err
		}
		for i := range recs {
			if err := each(&recs[i]); err != nil {
				return n, err
			}
			n++
		}
		if len(recs) < page.Limit {
			break
		}
		page.BeforeSeq = recs[len(recs)-1].Seq
	}
	if n == limit && limit == MaxExportRows {
		page.Limit = 1
		more, err := t.Search(ctx, page)
		if err != nil {
			return n, err
		}
		truncated = len(more) > 0
	}
	sum := ExportSummary{Format: format, Filter: filterMap(f), Rows: n, Truncated: truncated}
	if err := t.AppendNow(ctx, ExportEvent(ctx, "audit.export", "audit", f.OrgID, sum)); err != nil {
		return n, err
	}
	return n, nil
}

// filterMap is f as recorded: only the fields set.
func filterMap(f Filter) map[string]string {
	m := map[string]string{}
	set := func(k, v string) {
		if v != "" {
			m[k] = v
		}
	}
	if !f.From.IsZero() {
		m["from"] = f.From.UTC().Format(time.RFC3339)
	}
	if !f.To.IsZero() {
		m["to"] = f.To.UTC().Format(time.RFC3339)
	}
	set("action", f.Action)
	set("actor", f.Actor)
	set("target", f.TargetID)
	set("org", f.OrgID)
	set("q", f.Text)
	if f.Limit > 0 {
		m["limit"] = fmt.Sprint(f.Limit)
	}
	return m
}
