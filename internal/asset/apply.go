package asset

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"sort"
	"strings"
	"time"

	"attt/internal/asset/agentwire"
	"attt/internal/audit"
	"attt/internal/db"
	"attt/internal/locale"
)

// apply writes a decoded report into its asset inside tx: host facts,
// installed software, and the controls the agent can see. The trail
// records a report when it changed something (a new OS, addresses,
// software installed or removed, a control's state), not every heartbeat.
func (s *Service) apply(ctx context.Context, tx *sql.Tx, orgID, assetID, actor string, r *agentwire.Report) error {
	a, err := getAsset(ctx, tx, assetID)
	if err != nil {
		return err
	}
	host := strings.ToLower(r.Hostname)
	hosts := a.Hostnames
	if validHostname(host) && !slices.Contains(hosts, host) {
		hosts = append(hosts, host)
	}
	addrs := sortedSet(r.Addresses)
	macs := sortedSet(r.MACs)
	now := s.now()
	changes := map[string]any{}
	if a.OS != r.OS || a.OSVersion != r.OSVersion {
		changes["os"] = strings.TrimSpace(r.OS + " " + r.OSVersion)
	}
	if strings.Join(a.Addresses, "\n") != strings.Join(addrs, "\n") {
		changes["addresses"] = addrs
	}
	_, err = tx.ExecContext(ctx, `UPDATE assets SET os = $1, os_version = $2, addresses = $3, macs = $4, hostnames = $5, last_seen_at = $6 WHERE id = $7`,
		r.OS, r.OSVersion, strings.Join(addrs, "\n"), strings.Join(macs, "\n"), strings.Join(hosts, "\n"), db.Millis(now), assetID)
	if err != nil {
		return err
	}
	added, removed, err := replaceSoftware(ctx, tx, assetID, r.Software)
	if err != nil {
		return err
	}
	if added+removed > 0 {
		changes["software"] = map[string]int{"added": added, "removed": removed, "total": len(r.Software)}
	}
	if len(r.Software) > 0 {
		opened, err := s.reviewSoftware(ctx, tx, orgID, assetID)
		if err != nil {
			return err
		}
		if opened > 0 {
			changes["unapproved"] = opened
			if err := s.tellOfficer(ctx, tx, orgID, "asset.unapproved_software", "/assets/"+assetID,
				locale.Tf("%d phần mềm chưa được phép trên máy %s", "%d unapproved programs on %s", opened, a.Name),
				locale.T("Xem và xử lý: cho phép, gỡ bỏ hoặc ngoại lệ có thời hạn (Điều 6 khoản 2 điểm f).",
					"Review them: approve, remove, or allow until a date (Article 6.2.f).")); err != nil {
				return err
			}
		}
	}
	for _, c := range s.reportedControls(a, r, now) {
		changed, err := s.putIfChanged(ctx, tx, orgID, c)
		if err != nil {
			return err
		}
		if changed {
			changes[string(c.Kind)] = c
		}
	}
	if len(changes) == 0 {
		return nil
	}
	return s.trail.Append(ctx, tx, audit.Event{Action: "agent.report", OrgID: orgID, TargetType: "asset", TargetID: assetID, ActorLogin: actor, After: changes})
}

// reportedControls are the controls a report establishes.
func (s *Service) reportedControls(a *Asset, r *agentwire.Report, now time.Time) []*Control {
	var out []*Control
	base := func(k ControlKind, evidence string) *Control {
		return &Control{AssetID: a.ID, Kind: k, Source: SourceAgent, ObservedAt: now, Evidence: evidence, RecordedBy: ""}
	}
	if av := r.Antivirus; av != nil {
		c := base(CtlAntivirus, "Tác tử: "+av.Product)
		c.Done, c.Running, c.Product, c.SignaturesAt = av.Installed, av.Running, av.Product, av.SignaturesAt
		out = append(out, c)
	}
	if b := r.Backup; b != nil && !b.LastBackupAt.IsZero() {
		c := base(CtlBackup, "Tác tử: "+b.Source)
		c.Done, c.LastBackupAt = true, b.LastBackupAt
		out = append(out, c)
	}
	if a.SecretMachine && r.Network.Checked {
		c := base(CtlOffline, "Tác tử: "+r.Network.Detail)
		c.Done, c.Networked = true, r.Network.Route
		out = append(out, c)
	}
	return out
}

// putIfChanged stores an agent-observed control unless it says what the
// stored one says; a backup keeps the restore test a person declared.
func (s *Service) putIfChanged(ctx context.Context, tx *sql.Tx, orgID string, c *Control) (bool, error) {
	old, err := scanControl(tx.QueryRowContext(ctx, controlSelect+` WHERE asset_id = $1 AND control = $2`, c.AssetID, c.Kind))
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return false, err
	}
	if old != nil {
		if c.Kind == CtlBackup {
			c.LastRestoreAt = old.LastRestoreAt
		}
		same := old.Source == c.Source && old.Done == c.Done && old.Running == c.Running && old.Networked == c.Networked &&
			old.Product == c.Product && old.SignaturesAt.Equal(c.SignaturesAt) && old.LastBackupAt.Equal(c.LastBackupAt)
		if same {
			_, err := tx.ExecContext(ctx, `UPDATE asset_controls SET observed_at = $1 WHERE asset_id = $2 AND control = $3`,
				db.Millis(c.ObservedAt), c.AssetID, c.Kind)
			return false, err
		}
	}
	return true, putControl(ctx, tx, orgID, c)
}

// replaceSoftware makes the stored software list of an asset the reported
// one, touching only the rows that differ.
func replaceSoftware(ctx context.Context, tx *sql.Tx, assetID string, pkgs []agentwire.Package) (added, removed int, err error) {
	want := map[[2]string][2]string{}
	for _, p := range pkgs {
		want[[2]string{p.Name, p.Version}] = [2]string{p.Publisher, p.Source}
	}
	rows, err := tx.QueryContext(ctx, `SELECT name, version FROM asset_software WHERE asset_id = $1`, assetID)
	if err != nil {
		return 0, 0, err
	}
	have := map[[2]string]bool{}
	for rows.Next() {
		var k [2]string
		if err := rows.Scan(&k[0], &k[1]); err != nil {
			rows.Close()
			return 0, 0, err
		}
		have[k] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, 0, err
	}
	for k := range have {
		if _, ok := want[k]; !ok {
			if _, err := tx.ExecContext(ctx, `DELETE FROM asset_software WHERE asset_id = $1 AND name = $2 AND version = $3`, assetID, k[0], k[1]); err != nil {
				return 0, 0, err
			}
			removed++
		}
	}
	var batch [][4]string
	for k, v := range want {
		if !have[k] {
			batch = append(batch, [4]string{k[0], k[1], v[0], v[1]})
		}
	}
	sort.Slice(batch, func(i, j int) bool { return batch[i][0]+"\x00"+batch[i][1] < batch[j][0]+"\x00"+batch[j][1] })
	for len(batch) > 0 {
		n := min(len(batch), 200)
		if err := insertSoftware(ctx, tx, assetID, batch[:n]); err != nil {
			return 0, 0, err
		}
		added += n
		batch = batch[n:]
	}
	return added, removed, nil
}

func insertSoftware(ctx context.Context, tx *sql.Tx, assetID string, rows [][4]string) error {
	var b strings.Builder
	args := []any{assetID}
	b.WriteString(`INSERT INTO asset_software (asset_id, name, version, publisher, source) VALUES `)
	for i, r := range rows {
		if i > 0 {
			b.WriteString(",")
		}
		n := len(args)
		b.WriteString("($1,$" + itoa(n+1) + ",$" + itoa(n+2) + ",$" + itoa(n+3) + ",$" + itoa(n+4) + ")")
		args = append(args, r[0], r[1], r[2], r[3])
	}
	_, err := tx.ExecContext(ctx, b.String(), args...)
	return err
}

func sortedSet(in []string) []string {
	out := []string{}
	for _, v := range in {
		if v = strings.TrimSpace(v); v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	sort.Strings(out)
	return out
}
