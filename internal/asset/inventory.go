package asset

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"attt/internal/audit"
	"attt/internal/db"
	"attt/internal/directory"
	"attt/internal/errs"
	"attt/internal/locale"
	"attt/internal/principal"
)

var msgNameTaken = locale.T("Đơn vị đã có tài sản cùng tên.", "The organisation already has an asset with this name.")

// Create adds an asset to an agency's inventory.
func (s *Service) Create(ctx context.Context, in Input) (*Asset, error) {
	if err := check(&in); err != nil {
		return nil, err
	}
	var a *Asset
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		a, err = s.createTx(ctx, tx, in)
		return err
	})
	return a, err
}

// createTx stores a checked Input inside tx.
func (s *Service) createTx(ctx context.Context, tx *sql.Tx, in Input) (*Asset, error) {
	if err := s.dir.Authorize(ctx, directory.PermAssetManage, in.OrgID); err != nil {
		return nil, err
	}
	id, now := db.NewID(), db.Millis(s.now())
	_, err := tx.ExecContext(ctx, `INSERT INTO assets (id, org_id, kind, name, owner, location, criticality, addresses, hostnames,
		security_level, level_decision, level_approved_by, level_approved_at, backup_every_hours, secret_machine, notes,
		search_text, created_by, created_at, updated_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$19)`,
		id, in.OrgID, in.Kind, in.Name, in.Owner, in.Location, in.Criticality, strings.Join(in.Addresses, "\n"),
		strings.Join(in.Hostnames, "\n"), in.SecurityLevel, in.LevelDecision, in.LevelApprovedBy, db.Millis(in.LevelApprovedAt),
		in.BackupEveryHours, in.SecretMachine, in.Notes, searchText(in), principal.From(ctx).PersonID, now)
	if db.IsUniqueViolation(err) {
		return nil, errs.New(errs.Conflict, msgNameTaken)
	}
	if err != nil {
		return nil, err
	}
	a, err := getAsset(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	return a, s.trail.Append(ctx, tx, audit.Event{Action: "asset.create", OrgID: in.OrgID, TargetType: "asset", TargetID: id, After: in})
}

// searchText is what the free-text filter matches, folded.
func searchText(in Input) string {
	parts := append([]string{in.Name, in.Owner, in.Location, in.LevelDecision}, in.Hostnames...)
	return locale.Fold(strings.Join(append(parts, in.Addresses...), " "))
}

// Update replaces an asset's details; the organisation may change within
// the principal's reach.
func (s *Service) Update(ctx context.Context, id string, in Input) (*Asset, error) {
	if err := check(&in); err != nil {
		return nil, err
	}
	var after *Asset
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		before, err := s.assetFor(ctx, tx, id, directory.PermAssetManage)
		if err != nil {
			return err
		}
		if in.OrgID == "" {
			in.OrgID = before.OrgID
		}
		if err := s.dir.Authorize(ctx, directory.PermAssetManage, in.OrgID); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE assets SET org_id=$1, kind=$2, name=$3, owner=$4, location=$5, criticality=$6, addresses=$7,
			hostnames=$8, security_level=$9, level_decision=$10, level_approved_by=$11, level_approved_at=$12, backup_every_hours=$13,
			secret_machine=$14, notes=$15, search_text=$16, updated_at=$17 WHERE id=$18`,
			in.OrgID, in.Kind, in.Name, in.Owner, in.Location, in.Criticality, strings.Join(in.Addresses, "\n"), strings.Join(in.Hostnames, "\n"),
			in.SecurityLevel, in.LevelDecision, in.LevelApprovedBy, db.Millis(in.LevelApprovedAt), in.BackupEveryHours, in.SecretMachine,
			in.Notes, searchText(in), db.Millis(s.now()), id)
		if db.IsUniqueViolation(err) {
			return errs.New(errs.Conflict, msgNameTaken)
		}
		if err != nil {
			return err
		}
		if in.OrgID != before.OrgID {
			if err := s.moveTx(ctx, tx, id, in.OrgID); err != nil {
				return err
			}
		}
		if after, err = getAsset(ctx, tx, id); err != nil {
			return err
		}
		return s.trail.Append(ctx, tx, audit.Event{Action: "asset.update", OrgID: in.OrgID, TargetType: "asset", TargetID: id, Before: before, After: in})
	})
	return after, err
}

// moveTx carries an asset's controls and agents to its new organisation.
func (s *Service) moveTx(ctx context.Context, tx *sql.Tx, id, orgID string) error {
	if _, err := tx.ExecContext(ctx, `UPDATE asset_controls SET org_id = $1 WHERE asset_id = $2`, orgID, id); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE agents SET org_id = $1 WHERE asset_id = $2`, orgID, id)
	return err
}

// SetRetired takes an asset out of service (or back); retired assets are
// kept for the record but leave coverage figures, and their agents stop.
func (s *Service) SetRetired(ctx context.Context, id string, retired bool) (*Asset, error) {
	var after *Asset
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		before, err := s.assetFor(ctx, tx, id, directory.PermAssetManage)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE assets SET retired = $1, updated_at = $2 WHERE id = $3`, retired, db.Millis(s.now()), id); err != nil {
			return err
		}
		if retired {
			if _, err := tx.ExecContext(ctx, `UPDATE agents SET revoked = TRUE WHERE asset_id = $1`, id); err != nil {
				return err
			}
		}
		if after, err = getAsset(ctx, tx, id); err != nil {
			return err
		}
		action := "asset.restore"
		if retired {
			action = "asset.retire"
		}
		return s.trail.Append(ctx, tx, audit.Event{Action: action, OrgID: before.OrgID, TargetType: "asset", TargetID: id})
	})
	return after, err
}

// Get returns an asset the principal may read.
func (s *Service) Get(ctx context.Context, id string) (*Asset, error) {
	return s.assetFor(ctx, s.db.R, id, directory.PermAssetRead)
}

// assetFor loads an asset and checks perm on its organisation; an unknown
// id answers Forbidden like an out-of-reach one.
func (s *Service) assetFor(ctx context.Context, q db.Querier, id string, perm directory.Perm) (*Asset, error) {
	a, err := getAsset(ctx, q, id)
	return directory.Reachable(ctx, s.dir, perm, a, err, func(a *Asset) string { return a.OrgID })
}

// Filter narrows List.
type Filter struct {
	OrgID string // subtree
	Kind  Kind
	Text  string
	// Retired lists retired assets instead of those in service.
	Retired bool
	// Control with Status keeps assets whose control has that status
	// (StatusUnknown: never observed). Status alone is ignored.
	Control ControlKind
	Status  Status
	// Seen keeps computers by what agents saw of them: "never" (no
	// report ever), "stale" (silent for Rules.StaleAfter) or "unseen"
	// (either).
	Seen string
	// Secret keeps the designated off-network computers.
	Secret bool
	Limit  int
	Offset int
}

// List returns the assets the principal may read, by organisation and name.
func (s *Service) List(ctx context.Context, f Filter) ([]Asset, error) {
	q := db.NewQuery(assetSelect)
	if ok, err := s.dir.RestrictTo(ctx, q, directory.PermAssetRead, "a.org_id", f.OrgID); !ok || err != nil {
		return nil, err
	}
	q.Where("a.retired = " + q.Arg(f.Retired))
	if f.Kind != "" {
		q.Where("a.kind = " + q.Arg(f.Kind))
	}
	if f.Text != "" {
		q.Where("a.search_text LIKE " + q.Arg("%"+locale.Fold(f.Text)+"%"))
	}
	if f.Secret {
		q.Where("a.secret_machine")
	}
	if f.Seen != "" {
		cond, err := s.seenCondition(q, f.Seen)
		if err != nil {
			return nil, err
		}
		q.Where(cond)
	}
	if f.Control != "" && f.Status != "" {
		cond, err := s.statusCondition(q, f.Control, f.Status)
		if err != nil {
			return nil, err
		}
		q.Where(cond)
	}
	limit := f.Limit
	if limit <= 0 || limit > 5000 {
		limit = 500
	}
	return queryAll(ctx, s.db.R, q.SQL()+" ORDER BY o.name, a.name LIMIT "+strconv.Itoa(limit)+" OFFSET "+strconv.Itoa(max(f.Offset, 0)), q.Args, scanAsset)
}
