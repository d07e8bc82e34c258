// Package directory is the room for S1: organisations as a tree, people,
// their memberships and role grants, and the one place that decides whether a
// principal may act on an organisation (Đ2, Đ6.1.b, Đ11.1). Every other
// service asks Authorize before it reads or writes agency data.
package directory

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"attt/internal/audit"
	"attt/internal/db"
	"attt/internal/errs"
	"attt/internal/locale"
	"attt/internal/principal"
)

// Perm is something a principal may be allowed to do on an organisation's
// subtree.
type Perm string

// The directory's permissions and the roles that hold them.
const (
	PermOrgRead       Perm = "org.read"
	PermOrgManage     Perm = "org.manage"
	PermPeopleRead    Perm = "people.read"
	PermPeopleManage  Perm = "people.manage"
	PermRolesGrant    Perm = "roles.grant"
	PermOfficerAssign Perm = "officer.assign"
	PermAccountUnlock Perm = "account.unlock"
	PermAuditRead     Perm = "audit.read"
	PermSettings      Perm = "settings.manage"
	// Website monitoring (S6): officers run their agencies' monitors; the
	// authority, leaders and the police may look.
	PermMonitorRead   Perm = "monitor.read"
	PermMonitorManage Perm = "monitor.manage"
	// Notifications (S12): officers and administrators register webhooks
	// on their subtree; administrators watch and retry outbound deliveries.
	PermWebhookManage Perm = "webhook.manage"
	PermDeliveries    Perm = "deliveries.manage"

	// Incidents (S7). Reading and managing an agency's incidents belongs to
	// its officer and head; the authority coordinates escalated incidents
	// and the leader reads them; outside parties (police, provider, and the
	// officer of an invited organisation such as VNCERT/CC) see only what
	// is shared with an organisation they hold a role on.
	PermIncidentRead       Perm = "incident.read"
	PermIncidentManage     Perm = "incident.manage"
	PermIncidentCoordinate Perm = "incident.coordinate"
	PermIncidentOverview   Perm = "incident.overview"
	PermIncidentGuest      Perm = "incident.guest"

	// Central logs (S5): officers search and manage their agencies' log
	// sources; the authority sees the province and the unassigned senders.
	PermLogRead   Perm = "log.read"
	PermLogManage Perm = "log.manage"
	// Assets and technical controls (S4). Officers keep their agency's
	// inventory, enrol agents and resolve software findings; heads, the
	// authority and leaders read; the authority also maintains the
	// province-wide approved-software list (asset.manage on the root).
	PermAssetRead   Perm = "asset.read"
	PermAssetManage Perm = "asset.manage"
	// PermConnectionReview decides on connections to the provincial data
	// integration centre (Đ9): the centre's staff hold the datacenter role
	// on the province (or on the agencies they serve).
	PermConnectionReview Perm = "connection.review"
)

// rolesFor is the permission table: data, so a new role is a new row.
func rolesFor(p Perm) []principal.Role {
	switch p {
	case PermOrgRead:
		return principal.Roles()
	case PermOrgManage:
		return []principal.Role{principal.Admin, principal.Authority}
	case PermPeopleRead:
		return []principal.Role{principal.Officer, principal.Head, principal.Authority, principal.Leader, principal.Admin}
	case PermPeopleManage, PermAccountUnlock:
		return []principal.Role{principal.Officer, principal.Head, principal.Authority, principal.Admin}
	case PermRolesGrant, PermOfficerAssign:
		return []principal.Role{principal.Head, principal.Authority, principal.Admin}
	case PermAuditRead:
		return []principal.Role{principal.Officer, principal.Head, principal.Authority, principal.Admin}
	case PermSettings:
		return []principal.Role{principal.Admin}
	case PermMonitorRead:
		return []principal.Role{principal.Officer, principal.Head, principal.Authority, principal.Leader, principal.Police, principal.Admin}
	case PermMonitorManage, PermWebhookManage, PermLogManage:
		return []principal.Role{principal.Officer, principal.Authority, principal.Admin}
	case PermDeliveries:
		return []principal.Role{principal.Admin}
	case PermIncidentRead, PermIncidentManage:
		return []principal.Role{principal.Officer, principal.Head}
	case PermIncidentCoordinate:
		return []principal.Role{principal.Authority}
	case PermIncidentOverview:
		return []principal.Role{principal.Authority, principal.Leader}
	case PermAssetRead:
		return []principal.Role{principal.Officer, principal.Head, principal.Authority, principal.Leader, principal.Admin}
	case PermAssetManage:
		return []principal.Role{principal.Officer, principal.Authority, principal.Admin}
	case PermConnectionReview:
		return []principal.Role{principal.Datacenter}
	case PermIncidentGuest:
		return []principal.Role{principal.Police, principal.Provider, principal.Officer, principal.Head}
	case PermLogRead:
		return []principal.Role{principal.Officer, principal.Head, principal.Authority, principal.Police, principal.Admin}
	}
	return nil
}

// RolesFor returns the roles holding p, for other rooms that reuse the
// directory's permissions.
func RolesFor(p Perm) []principal.Role { return rolesFor(p) }

// Service manages the directory.
type Service struct {
	db    *db.DB
	trail *audit.Trail
	now   func() time.Time
}

// New returns the directory service.
func New(d *db.DB, trail *audit.Trail, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: d, trail: trail, now: now}
}

// Authorize returns nil when the principal in ctx holds perm on the
// organisation orgID, Unauthenticated without a principal and Forbidden
// otherwise (also for an unknown organisation, so scope does not leak
// existence).
func (s *Service) Authorize(ctx context.Context, perm Perm, orgID string) error {
	return s.authorize(ctx, s.db.R, perm, orgID)
}

func (s *Service) authorize(ctx context.Context, q db.Querier, perm Perm, orgID string) error {
	p := principal.From(ctx)
	if p == nil {
		return errs.New(errs.Unauthenticated, msgSignIn)
	}
	if p.System {
		return nil
	}
	path, err := orgPath(ctx, q, orgID)
	if errs.Is(err, errs.NotFound) {
		return errs.New(errs.Forbidden, errs.MsgForbidden)
	}
	if err != nil {
		return err
	}
	if !p.Has(path, rolesFor(perm)...) {
		return errs.New(errs.Forbidden, errs.MsgForbidden)
	}
	return nil
}

// Scope returns the tree paths of the subtrees where the principal holds
// perm; nil with all=true means everything (the system principal, or a
// grant on the root organisation).
func (s *Service) Scope(ctx context.Context, perm Perm) (paths []string, all bool, err error) {
	p := principal.From(ctx)
	if p == nil {
		return nil, false, errs.New(errs.Unauthenticated, msgSignIn)
	}
	if p.System {
		return nil, true, nil
	}
	paths = p.Roots(rolesFor(perm)...)
	if principal.CoversAll(paths) {
		// A grant on the root covers every organisation: no condition at
		// all lets queries walk their own index.
		return nil, true, nil
	}
	return paths, false, nil
}

var msgSignIn = locale.T("Vui lòng đăng nhập.", "Please sign in.")

func orgPath(ctx context.Context, q db.Querier, orgID string) (string, error) {
	var path string
	err := q.QueryRowContext(ctx, `SELECT path FROM organisations WHERE id = $1`, orgID).Scan(&path)
	if errors.Is(err, sql.ErrNoRows) {
		return "", errs.New(errs.NotFound, msgOrgNotFound)
	}
	return path, err
}
