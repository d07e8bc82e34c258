package asset

import (
	"context"
	"database/sql"
	"strings"
	"unicode/utf8"

	"attt/internal/audit"
	"attt/internal/directory"
	"attt/internal/errs"
	"attt/internal/locale"
	"attt/internal/principal"
)

// Controls returns every control of an asset, graded at the current time;
// controls never observed come back with StatusUnknown and Source "".
func (s *Service) Controls(ctx context.Context, assetID string) ([]Control, error) {
	a, err := s.Get(ctx, assetID)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.R.QueryContext(ctx, controlSelect+` WHERE asset_id = $1`, assetID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	have := map[ControlKind]*Control{}
	for rows.Next() {
		c, err := scanControl(rows)
		if err != nil {
			return nil, err
		}
		have[c.Kind] = c
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	now := s.now()
	out := make([]Control, 0, len(ControlKinds()))
	for _, k := range ControlKinds() {
		c, ok := have[k]
		if !ok {
			if !s.cfg.Rules.applies(a, k) {
				continue
			}
			out = append(out, Control{AssetID: a.ID, Kind: k, Status: StatusUnknown,
				Reason: locale.T("Chưa có ai khai báo và tác tử chưa báo cáo.", "Nobody has declared it and no agent has reported it.")})
			continue
		}
		s.cfg.Rules.Grade(a, c, now)
		out = append(out, *c)
	}
	return out, nil
}

// applies reports whether control k concerns asset a when nothing is
// recorded: antivirus and software on computers, backups where a frequency
// is required, the off-network control on the designated machine only.
func (r Rules) applies(a *Asset, k ControlKind) bool {
	switch k {
	case CtlAntivirus, CtlSoftware:
		return a.Kind.Computer()
	case CtlBackup:
		return r.backupEvery(a) > 0
	case CtlOffline:
		return a.SecretMachine
	}
	return true
}

// Declare records a person's declaration of a control's state on an asset,
// with its evidence (Source "declared").
func (s *Service) Declare(ctx context.Context, assetID string, in ControlInput) (*Control, error) {
	if !in.Kind.Valid() {
		return nil, errs.New(errs.Invalid, locale.Tf("Biện pháp “%s” không tồn tại.", "No control “%s”.", string(in.Kind)))
	}
	in.Evidence, in.Product = strings.TrimSpace(in.Evidence), strings.TrimSpace(in.Product)
	if utf8.RuneCountInString(in.Evidence) > 4000 || utf8.RuneCountInString(in.Product) > 200 {
		return nil, errs.New(errs.Invalid, locale.T("Minh chứng tối đa 4000 ký tự, tên sản phẩm tối đa 200 ký tự.",
			"Evidence has at most 4000 characters, the product name at most 200."))
	}
	now := s.now()
	if in.ObservedAt.IsZero() || in.ObservedAt.After(now) {
		in.ObservedAt = now
	}
	var out *Control
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		a, err := s.assetFor(ctx, tx, assetID, directory.PermAssetManage)
		if err != nil {
			return err
		}
		c := &Control{AssetID: a.ID, Kind: in.Kind, Done: in.Done, Running: in.Running, Networked: in.Networked, Product: in.Product,
			SignaturesAt: in.SignaturesAt, LastBackupAt: in.LastBackupAt, LastRestoreAt: in.LastRestoreAt, Source: SourceDeclared,
			ObservedAt: in.ObservedAt, Evidence: in.Evidence, RecordedBy: principal.From(ctx).PersonID}
		if err := putControl(ctx, tx, a.OrgID, c); err != nil {
			return err
		}
		s.cfg.Rules.Grade(a, c, now)
		out = c
		return s.trail.Append(ctx, tx, audit.Event{Action: "asset.control", OrgID: a.OrgID, TargetType: "asset", TargetID: a.ID, After: in})
	})
	return out, err
}
