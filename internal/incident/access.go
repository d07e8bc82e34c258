package incident

import (
	"context"
	"strings"

	"attt/internal/db"
	"attt/internal/directory"
	"attt/internal/errs"
	"attt/internal/principal"
)

// View is what the viewer of an incident may see and do.
type View struct {
	// Full sees every part; without it only the summary, shared timeline
	// entries, shared files and tasks of the viewer's organisation.
	Full bool `json:"full"`
	// Manage triages, plans tasks, issues documents, escalates and closes.
	Manage bool `json:"manage"`
	// Coordinate assigns coordinators and invites outside parties.
	Coordinate bool `json:"coordinate"`
	// Contribute adds comments, evidence and tasks.
	Contribute bool `json:"contribute"`
	// Guest marks an invited outside party.
	Guest bool `json:"guest"`
	// Reporter marks the person who reported it.
	Reporter bool `json:"reporter"`
}

func rolesOf(p directory.Perm) []principal.Role { return directory.RolesFor(p) }

// view decides what the principal may do with inc (whose organisation path
// is orgPath). Forbidden when nothing: an incident out of reach is never
// described.
func (s *Service) view(ctx context.Context, q db.Querier, inc *Incident, orgPath string) (View, error) {
	p := principal.From(ctx)
	if p == nil {
		return View{}, errs.New(errs.Unauthenticated, errs.MsgForbidden)
	}
	var v View
	escalated := !inc.EscalatedAt.IsZero()
	reported := escalated || !inc.InitialReportAt.IsZero()
	switch {
	case p.System || p.Has(orgPath, rolesOf(directory.PermIncidentManage)...):
		v = View{Full: true, Manage: true, Contribute: true, Coordinate: p.System}
	case escalated && p.Has(orgPath, rolesOf(directory.PermIncidentCoordinate)...):
		v = View{Full: true, Manage: true, Coordinate: true, Contribute: true}
	case reported && p.Has(orgPath, rolesOf(directory.PermIncidentOverview)...):
		v = View{Full: true}
	}
	if !v.Manage && p.PersonID != "" {
		coordinator, err := isCoordinator(ctx, q, inc.ID, p.PersonID)
		if err != nil {
			return View{}, err
		}
		if coordinator {
			v = View{Full: true, Manage: true, Contribute: true}
		}
	}
	if v.Full {
		v.Reporter = inc.ReporterID == p.PersonID
		return v, nil
	}
	guest, err := s.isGuest(ctx, q, inc.ID, p)
	if err != nil {
		return View{}, err
	}
	switch {
	case guest:
		return View{Guest: true, Contribute: true, Reporter: inc.ReporterID == p.PersonID}, nil
	case p.PersonID != "" && inc.ReporterID == p.PersonID:
		return View{Reporter: true, Contribute: true}, nil
	}
	return View{}, errs.New(errs.Forbidden, errs.MsgForbidden)
}

func isCoordinator(ctx context.Context, q db.Querier, incidentID, personID string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM incident_coordinators WHERE incident_id = $1 AND person_id = $2`, incidentID, personID).Scan(&n)
	return n > 0, err
}

// isGuest reports whether the incident is shared with an organisation the
// principal holds a guest role on.
func (s *Service) isGuest(ctx context.Context, q db.Querier, incidentID string, p *principal.Principal) (bool, error) {
	rows, err := q.QueryContext(ctx, `SELECT o.path FROM incident_shares s JOIN organisations o ON o.id = s.org_id
		WHERE s.incident_id = $1 AND s.ended_at = 0`, incidentID)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	for rows.Next() {
		var path string
		if err := rows.Scan(&path); err != nil {
			return false, err
		}
		if p.Has(path, rolesOf(directory.PermIncidentGuest)...) {
			return true, nil
		}
	}
	return false, rows.Err()
}

// visibleFrom returns the FROM clause of a listing: the incidents the
// principal may see — the agency's officers and heads, the authority and
// leader on incidents escalated or formally reported to them (initial
// report filed), coordinators, invited parties and the reporter — as a
// UNION of indexed ways in that drives the join, so a listing reads the
// visible incidents only instead of testing every incident. The system
// principal sees them all.
func (s *Service) visibleFrom(ctx context.Context, q *db.Query) (string, error) {
	p := principal.From(ctx)
	if p == nil {
		return "", errs.New(errs.Unauthenticated, errs.MsgForbidden)
	}
	if p.System {
		return " FROM incidents i", nil
	}
	me := q.Arg(p.PersonID)
	ways := []string{
		"SELECT id FROM incidents WHERE reporter_id = " + me,
		"SELECT incident_id FROM incident_coordinators WHERE person_id = " + me,
	}
	if read := p.Roots(rolesOf(directory.PermIncidentRead)...); len(read) > 0 {
		ways = append(ways, "SELECT id FROM incidents"+inOrgs(q, "WHERE", read))
	}
	if over := p.Roots(append(rolesOf(directory.PermIncidentCoordinate), rolesOf(directory.PermIncidentOverview)...)...); len(over) > 0 {
		ways = append(ways, "SELECT id FROM incidents WHERE (escalated_at > 0 OR initial_report_at > 0)"+inOrgs(q, "AND", over))
	}
	if guest := p.Roots(rolesOf(directory.PermIncidentGuest)...); len(guest) > 0 {
		ways = append(ways, "SELECT s.incident_id FROM incident_shares s JOIN organisations so ON so.id = s.org_id WHERE s.ended_at = 0 AND "+
			q.AnyPrefix("so.path", guest))
	}
	// SQLite's CROSS JOIN keeps the visible ids as the outer loop.
	join := " JOIN "
	if s.db.Dialect == db.SQLite {
		join = " CROSS JOIN "
	}
	return " FROM (" + strings.Join(ways, " UNION ") + ") v" + join + "incidents i ON i.id = v.id", nil
}

// inOrgs is the condition "org_id lies in one of the subtrees at paths",
// joined with word; nothing when a path is the root's.
func inOrgs(q *db.Query, word string, paths []string) string {
	if principal.CoversAll(paths) {
		return ""
	}
	return " " + word + " org_id IN (SELECT id FROM organisations WHERE " + q.AnyPrefix("path", paths) + ")"
}
