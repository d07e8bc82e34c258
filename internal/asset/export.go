package asset

import (
	"context"

	"attt/internal/audit"
	"attt/internal/directory"
	"attt/internal/errs"
)

// MaxExportRows bounds one export.
const MaxExportRows = 20000

// Export returns every asset List would show for f (up to MaxExportRows)
// and records the export, with its filter and row count, in the audit
// trail (Đ7.8). An organisation outside the principal's reach is
// Forbidden, so the record only names what its author may see.
func (s *Service) Export(ctx context.Context, f Filter, format string) ([]Asset, error) {
	if f.OrgID != "" {
		if err := s.dir.Authorize(ctx, directory.PermAssetRead, f.OrgID); err != nil {
			return nil, err
		}
	} else if paths, all, err := s.dir.Scope(ctx, directory.PermAssetRead); err != nil {
		return nil, err
	} else if !all && len(paths) == 0 {
		return nil, errs.New(errs.Forbidden, errs.MsgForbidden)
	}
	f.Limit, f.Offset = 5000, 0
	var out []Asset
	for len(out) < MaxExportRows {
		page, err := s.List(ctx, f)
		if err != nil {
			return nil, err
		}
		out = append(out, page...)
		if len(page) < f.Limit {
			break
		}
		f.Offset += len(page)
	}
	sum := audit.ExportSummary{Format: format, Rows: len(out), Filter: map[string]string{}}
	for k, v := range map[string]string{"org": f.OrgID, "kind": string(f.Kind), "q": f.Text, "control": string(f.Control), "status": string(f.Status)} {
		if v != "" {
			sum.Filter[k] = v
		}
	}
	if f.Secret {
		sum.Filter["secret"] = "true"
	}
	if f.Seen != "" {
		sum.Filter["seen"] = f.Seen
	}
	return out, s.trail.AppendNow(ctx, audit.ExportEvent(ctx, "asset.export", "asset", f.OrgID, sum))
}
