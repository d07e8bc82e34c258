package asset

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"attt/internal/db"
	"attt/internal/errs"
	"attt/internal/locale"
)

var msgAssetNotFound = locale.T("Không tìm thấy tài sản.", "Asset not found.")

const assetSelect = `SELECT a.id, a.org_id, o.name, a.kind, a.name, a.owner, a.location, a.criticality, a.addresses, a.hostnames, a.macs,
	a.os, a.os_version, a.security_level, a.level_decision, a.level_approved_by, a.level_approved_at, a.backup_every_hours,
	a.secret_machine, a.notes, a.retired, a.last_seen_at,
	EXISTS (SELECT 1 FROM agents g WHERE g.asset_id = a.id AND NOT g.revoked), a.created_at, a.updated_at
	FROM assets a JOIN organisations o ON o.id = a.org_id`

func scanAsset(sc scanner) (*Asset, error) {
	var a Asset
	var addrs, hosts, macs string
	var approved, seen, created, updated int64
	err := sc.Scan(&a.ID, &a.OrgID, &a.OrgName, &a.Kind, &a.Name, &a.Owner, &a.Location, &a.Criticality, &addrs, &hosts, &macs,
		&a.OS, &a.OSVersion, &a.SecurityLevel, &a.LevelDecision, &a.LevelApprovedBy, &approved, &a.BackupEveryHours,
		&a.SecretMachine, &a.Notes, &a.Retired, &seen, &a.HasAgent, &created, &updated)
	if err != nil {
		return nil, err
	}
	a.Addresses, a.Hostnames, a.MACs = lines(addrs), lines(hosts), lines(macs)
	a.LevelApprovedAt, a.LastSeenAt = db.Time(approved), db.Time(seen)
	a.CreatedAt, a.UpdatedAt = db.Time(created), db.Time(updated)
	return &a, nil
}

func getAsset(ctx context.Context, q db.Querier, id string) (*Asset, error) {
	a, err := scanAsset(q.QueryRowContext(ctx, assetSelect+` WHERE a.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.NotFound, msgAssetNotFound)
	}
	return a, err
}

const controlSelect = `SELECT asset_id, control, done, running, networked, product, signatures_at, last_backup_at, last_restore_at,
	source, observed_at, evidence, recorded_by FROM asset_controls`

func scanControl(sc scanner) (*Control, error) {
	var c Control
	var sig, backup, restore, observed int64
	err := sc.Scan(&c.AssetID, &c.Kind, &c.Done, &c.Running, &c.Networked, &c.Product, &sig, &backup, &restore,
		&c.Source, &observed, &c.Evidence, &c.RecordedBy)
	if err != nil {
		return nil, err
	}
	c.SignaturesAt, c.LastBackupAt, c.LastRestoreAt, c.ObservedAt = db.Time(sig), db.Time(backup), db.Time(restore), db.Time(observed)
	return &c, nil
}

// putControl stores c as the current state of its control.
func putControl(ctx context.Context, tx *sql.Tx, orgID string, c *Control) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM asset_controls WHERE asset_id = $1 AND control = $2`, c.AssetID, c.Kind)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO asset_controls (asset_id, org_id, control, done, running, networked, product,
		signatures_at, last_backup_at, last_restore_at, source, observed_at, evidence, recorded_by)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)`,
		c.AssetID, orgID, c.Kind, c.Done, c.Running, c.Networked, c.Product, db.Millis(c.SignaturesAt), db.Millis(c.LastBackupAt),
		db.Millis(c.LastRestoreAt), c.Source, db.Millis(c.ObservedAt), c.Evidence, c.RecordedBy)
	return err
}

func lines(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, "\n")
}

func itoa(n int) string { return strconv.Itoa(n) }

// scanner is a row to scan: *sql.Row or *sql.Rows.
type scanner interface{ Scan(...any) error }

// queryAll runs a query and scans every row with scan; the answer is
// never nil, so JSON lists are [] rather than null.
func queryAll[T any](ctx context.Context, q db.Querier, query string, args []any, scan func(scanner) (*T, error)) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		x, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *x)
	}
	return out, rows.Err()
}
