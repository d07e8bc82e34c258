package incident

import (
	"context"
	"fmt"
	"strings"
	"time"

	"attt/internal/db"
	"attt/internal/directory"
	"attt/internal/errs"
)

// Counts are the figures of a group of incidents, in the columns of Mẫu 05
// plus what a dashboard needs.
type Counts struct {
	Total int `json:"total"`
	// SelfHandled were handled by the agency alone: not escalated, nobody
	// invited.
	SelfHandled int `json:"self_handled"`
	// Supported had outside help: escalated or shared.
	Supported int `json:"supported"`
	// VNCERTRequested were shared with VNCERT/CC (an organisation whose
	// code contains "VNCERT").
	VNCERTRequested int   `json:"vncert_requested"`
	Open            int   `json:"open"`
	Serious         int   `json:"serious"`
	Damage          int64 `json:"damage"`
}

func (c *Counts) add(r summaryRow) {
	c.Total++
	switch {
	case r.escalated || r.shared:
		c.Supported++
	default:
		c.SelfHandled++
	}
	if r.vncert {
		c.VNCERTRequested++
	}
	if r.status.Open() {
		c.Open++
	}
	if r.serious {
		c.Serious++
	}
	c.Damage += r.damage
}

// CategoryCounts are the figures of one incident type.
type CategoryCounts struct {
	Category Category `json:"category"`
	Counts
}

// AgencyCounts are the figures of one agency (a direct unit of the
// summarised organisation, with everything below it).
type AgencyCounts struct {
	OrgID   string `json:"org_id"`
	OrgName string `json:"org_name"`
	Counts
}

// Summary is the picture of a period for an organisation's subtree.
type Summary struct {
	OrgID      string           `json:"org_id"`
	OrgName    string           `json:"org_name"`
	From       time.Time        `json:"from"`
	To         time.Time        `json:"to"`
	Total      Counts           `json:"total"`
	ByCategory []CategoryCounts `json:"by_category"`
	ByAgency   []AgencyCounts   `json:"by_agency"`
}

type summaryRow struct {
	path                      string
	category                  Category
	status                    Status
	escalated, shared, vncert bool
	serious                   bool
	damage                    int64
}

// Summarise counts the incidents detected in [from, to) under an
// organisation, per type and per agency. Figures are aggregates, so the
// authority and the leader count every incident of the subtree, not only
// those reported to them; the agency's officers and heads count their own.
func (s *Service) Summarise(ctx context.Context, orgID string, from, to time.Time) (*Summary, error) {
	if err := s.dir.Authorize(ctx, directory.PermIncidentRead, orgID); err != nil {
		if err2 := s.dir.Authorize(ctx, directory.PermIncidentOverview, orgID); err2 != nil {
			return nil, err
		}
	}
	sum := &Summary{OrgID: orgID, From: from, To: to}
	var path string
	if err := s.db.R.QueryRowContext(ctx, `SELECT name, path FROM organisations WHERE id = $1`, orgID).Scan(&sum.OrgName, &path); err != nil {
		return nil, errs.New(errs.Forbidden, errs.MsgForbidden)
	}
	rows, err := s.summaryRows(ctx, path, from, to)
	if err != nil {
		return nil, err
	}
	agencies, err := s.agencies(ctx, orgID, sum.OrgName, path)
	if err != nil {
		return nil, err
	}
	byCat := map[Category]*Counts{}
	for _, c := range Categories() {
		byCat[c] = &Counts{}
	}
	for _, r := range rows {
		sum.Total.add(r)
		if c, ok := byCat[r.category]; ok {
			c.add(r)
		} else {
			byCat["other"].add(r)
		}
		for i := range agencies {
			if strings.HasPrefix(r.path, agencies[i].path) {
				agencies[i].Counts.add(r)
				break
			}
		}
	}
	for _, c := range Categories() {
		sum.ByCategory = append(sum.ByCategory, CategoryCounts{Category: c, Counts: *byCat[c]})
	}
	for _, a := range agencies {
		sum.ByAgency = append(sum.ByAgency, a.AgencyCounts)
	}
	return sum, nil
}

func (s *Service) summaryRows(ctx context.Context, path string, from, to time.Time) ([]summaryRow, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT o.path, i.category, i.status, i.escalated_at > 0,
		EXISTS (SELECT 1 FROM incident_shares sh WHERE sh.incident_id = i.id),
		EXISTS (SELECT 1 FROM incident_shares sh JOIN organisations so ON so.id = sh.org_id WHERE sh.incident_id = i.id AND UPPER(so.code) LIKE '%VNCERT%'),
		i.serious_checks, (SELECT COALESCE(MAX(level), 0) FROM incident_systems sy WHERE sy.incident_id = i.id), i.damage
		FROM incidents i JOIN organisations o ON o.id = i.org_id
		WHERE o.path LIKE $1 AND i.detected_at >= $2 AND i.detected_at < $3 AND i.status <> 'rejected'`,
		path+"%", db.Millis(from), db.Millis(to))
	if err != nil {
		return nil, fmt.Errorf("incident: summary: %w", err)
	}
	defer rows.Close()
	var out []summaryRow
	for rows.Next() {
		var r summaryRow
		var checks string
		var level int
		if err := rows.Scan(&r.path, &r.category, &r.status, &r.escalated, &r.shared, &r.vncert, &checks, &level, &r.damage); err != nil {
			return nil, err
		}
		r.serious = Serious(splitList(checks), []System{{Level: level}})
		out = append(out, r)
	}
	return out, rows.Err()
}

type agencyBucket struct {
	AgencyCounts
	path string
}

// agencies are the buckets of a summary: each direct unit of the
// organisation, then the organisation itself for incidents at its level.
func (s *Service) agencies(ctx context.Context, orgID, name, path string) ([]agencyBucket, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT id, name, path FROM organisations WHERE parent_id = $1 ORDER BY name`, orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []agencyBucket
	for rows.Next() {
		var b agencyBucket
		if err := rows.Scan(&b.OrgID, &b.OrgName, &b.path); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return append(out, agencyBucket{AgencyCounts: AgencyCounts{OrgID: orgID, OrgName: name}, path: path}), nil
}
