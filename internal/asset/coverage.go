package asset

import (
	"context"
	"strings"

	"attt/internal/db"
	"attt/internal/directory"
	"attt/internal/errs"
)

// CoverageSource is what compliance (S8) and reporting (S10) read as
// automatic evidence: the coverage figures of an organisation's subtree.
// *Service implements it.
type CoverageSource interface {
	Coverage(ctx context.Context, orgID string) (*CoverageReport, error)
}

var _ CoverageSource = (*Service)(nil)

// Counts grades the assets one control concerns.
type Counts struct {
	OK      int `json:"ok"`
	Warning int `json:"warning"`
	Failing int `json:"failing"`
	Unknown int `json:"unknown"`
}

// Total is the number of assets the control concerns.
func (c Counts) Total() int { return c.OK + c.Warning + c.Failing + c.Unknown }

// Percent is the share graded OK, 0–100 (100 when nothing is concerned).
func (c Counts) Percent() int {
	if c.Total() == 0 {
		return 100
	}
	return c.OK * 100 / c.Total()
}

// Of returns the count of status s.
func (c Counts) Of(s Status) int {
	switch s {
	case StatusOK:
		return c.OK
	case StatusWarning:
		return c.Warning
	case StatusFailing:
		return c.Failing
	}
	return c.Unknown
}

func (c *Counts) add(s Status, n int) {
	switch s {
	case StatusOK:
		c.OK += n
	case StatusWarning:
		c.Warning += n
	case StatusFailing:
		c.Failing += n
	default:
		c.Unknown += n
	}
}

// Figures are the coverage figures of one organisation's subtree.
type Figures struct {
	OrgID     string `json:"org_id"`
	OrgName   string `json:"org_name"`
	Assets    int    `json:"assets"`
	Computers int    `json:"computers"`
	// Controls grades each control over the assets it concerns: antivirus
	// coverage, backups (failing = overdue or missing), approved software
	// (failing = hosts with unapproved software), default passwords, the
	// off-network computer.
	Controls map[ControlKind]Counts `json:"controls"`
	// NeverSeen computers no agent ever reported from; Stale computers
	// whose agent fell silent for Rules.StaleAfter.
	NeverSeen int `json:"never_seen"`
	Stale     int `json:"stale"`
	// SecretMachines counts designated off-network computers for secret
	// documents (Đ6.1.c): an agency with none lacks one.
	SecretMachines int `json:"secret_machines"`
}

// Control returns the counts of control k.
func (f *Figures) Control(k ControlKind) Counts { return f.Controls[k] }

// Of returns the counts of the control named name (for templates).
func (f Figures) Of(name string) Counts { return f.Controls[ControlKind(name)] }

func newFigures(id, name string) Figures {
	f := Figures{OrgID: id, OrgName: name, Controls: map[ControlKind]Counts{}}
	for _, k := range ControlKinds() {
		f.Controls[k] = Counts{}
	}
	return f
}

// CoverageReport is the figures of an organisation's whole subtree (Total)
// and of each agency under it: the organisation itself (its own assets,
// when it has any and also has children; alone it would repeat Total) and
// each of its direct children with their subtrees — also those without
// any asset, which is itself worth seeing.
type CoverageReport struct {
	Total    Figures   `json:"total"`
	Agencies []Figures `json:"agencies"`
}

// Coverage computes the coverage figures under orgID ("" means the top of
// the principal's reach: the province for the authority). The database
// grades controls (condition.go), so the figures match the lists behind
// them exactly.
func (s *Service) Coverage(ctx context.Context, orgID string) (*CoverageReport, error) {
	org, err := s.coverageOrg(ctx, orgID)
	if err != nil {
		return nil, err
	}
	tree, err := s.dir.ListOrgs(ctx, directory.OrgFilter{Under: org.ID, Limit: 100000})
	if err != nil {
		return nil, err
	}
	rep := &CoverageReport{Total: newFigures(org.ID, org.Name)}
	rows := []Figures{newFigures(org.ID, org.Name)}
	var prefixes []string
	for _, o := range tree {
		if o.ParentID == org.ID {
			rows = append(rows, newFigures(o.ID, o.Name))
			prefixes = append(prefixes, o.Path)
		}
	}
	rowOf := map[string]int{}
	for _, o := range tree {
		rowOf[o.ID] = 0
		for i, p := range prefixes {
			if strings.HasPrefix(o.Path, p) {
				rowOf[o.ID] = i + 1
			}
		}
	}
	add := func(orgID string, n int, f func(*Figures, int)) {
		i, ok := rowOf[orgID]
		if !ok {
			return
		}
		f(&rows[i], n)
		f(&rep.Total, n)
	}
	if err := s.countBy(ctx, org.ID, "", func(id string, n int) { add(id, n, func(f *Figures, n int) { f.Assets += n }) }); err != nil {
		return nil, err
	}
	if err := s.countBy(ctx, org.ID, "a.kind IN "+computerKinds, func(id string, n int) { add(id, n, func(f *Figures, n int) { f.Computers += n }) }); err != nil {
		return nil, err
	}
	if err := s.countBy(ctx, org.ID, "a.secret_machine", func(id string, n int) { add(id, n, func(f *Figures, n int) { f.SecretMachines += n }) }); err != nil {
		return nil, err
	}
	if err := s.countSeen(ctx, org.ID, "never", func(id string, n int) { add(id, n, func(f *Figures, n int) { f.NeverSeen += n }) }); err != nil {
		return nil, err
	}
	if err := s.countSeen(ctx, org.ID, "stale", func(id string, n int) { add(id, n, func(f *Figures, n int) { f.Stale += n }) }); err != nil {
		return nil, err
	}
	for _, k := range ControlKinds() {
		for _, st := range []Status{StatusOK, StatusWarning, StatusFailing, StatusUnknown} {
			err := s.countGraded(ctx, org.ID, k, st, func(id string, n int) {
				add(id, n, func(f *Figures, n int) { c := f.Controls[k]; c.add(st, n); f.Controls[k] = c })
			})
			if err != nil {
				return nil, err
			}
		}
	}
	for _, r := range rows {
		if r.OrgID != org.ID || (r.Assets > 0 && len(rows) > 1) {
			rep.Agencies = append(rep.Agencies, r)
		}
	}
	return rep, nil
}

// coverageOrg is the organisation a coverage report is about, checked.
func (s *Service) coverageOrg(ctx context.Context, orgID string) (*directory.Org, error) {
	if orgID == "" {
		paths, all, err := s.dir.Scope(ctx, directory.PermAssetRead)
		if err != nil {
			return nil, err
		}
		switch {
		case all:
			root, err := s.dir.Root(ctx)
			if err != nil {
				return nil, err
			}
			orgID = root.ID
		case len(paths) == 0:
			return nil, errs.New(errs.Forbidden, errs.MsgForbidden)
		default:
			if err := s.db.R.QueryRowContext(ctx, `SELECT id FROM organisations WHERE path = $1`, paths[0]).Scan(&orgID); err != nil {
				return nil, err
			}
		}
	}
	if err := s.dir.Authorize(ctx, directory.PermAssetRead, orgID); err != nil {
		return nil, err
	}
	return s.dir.GetOrg(ctx, orgID)
}

// countBy counts the in-service assets under orgID matching cond, per
// organisation.
func (s *Service) countBy(ctx context.Context, orgID, cond string, fn func(orgID string, n int)) error {
	q := db.NewQuery(`SELECT a.org_id, COUNT(*) FROM assets a`)
	return s.runCount(ctx, q, orgID, cond, fn)
}

func (s *Service) countSeen(ctx context.Context, orgID, seen string, fn func(string, int)) error {
	q := db.NewQuery(`SELECT a.org_id, COUNT(*) FROM assets a`)
	cond, err := s.seenCondition(q, seen)
	if err != nil {
		return err
	}
	return s.runCount(ctx, q, orgID, cond, fn)
}

func (s *Service) countGraded(ctx context.Context, orgID string, k ControlKind, st Status, fn func(string, int)) error {
	q := db.NewQuery(`SELECT a.org_id, COUNT(*) FROM assets a`)
	cond, err := s.statusCondition(q, k, st)
	if err != nil {
		return err
	}
	return s.runCount(ctx, q, orgID, cond, fn)
}

func (s *Service) runCount(ctx context.Context, q *db.Query, orgID, cond string, fn func(string, int)) error {
	if ok, err := s.dir.RestrictUnder(ctx, q, "a.org_id", orgID); !ok || err != nil {
		return err
	}
	q.Where("NOT a.retired")
	if cond != "" {
		q.Where(cond)
	}
	rows, err := s.db.R.QueryContext(ctx, q.SQL()+` GROUP BY a.org_id`, q.Args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return err
		}
		fn(id, n)
	}
	return rows.Err()
}
