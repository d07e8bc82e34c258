package web

import (
	"net/http"

	"attt/internal/asset"
	"attt/internal/audit"
	"attt/internal/auth"
	"attt/internal/directory"
	"attt/internal/incident"
	"attt/internal/locale"
	"attt/internal/principal"
)

type dashboardData struct {
	Orgs           int
	People         int
	WithoutOfficer []directory.Org
	// MoreWithoutOfficer counts the flagged agencies beyond those listed.
	MoreWithoutOfficer int
	Locked             []auth.LockedAccount
	Recent             []audit.Record
	CanSeePeople       bool
	CanUnlock          bool
	CanReadAudit       bool
	// Overdue are open incidents with a missed deadline (S7), for officers,
	// heads and the authority.
	Overdue         []incident.Incident
	CanSeeIncidents bool
	// Coverage are the technical-control figures of the person's reach
	// (S4), nil without asset.read.
	Coverage *asset.Figures
}

// dashboardRows bounds each list on the dashboard; the full lists have
// pages of their own.
const dashboardRows = 20

// dashboard shows the signed-in person's scope at a glance; agencies
// without a designated security officer (Đ6.1.b) are flagged first.
func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	me := principal.From(ctx)
	if d, ok := s.dash.get(me.PersonID, s.Now()); ok {
		s.renderDashboard(w, r, d)
		return
	}
	var d dashboardData
	var err error
	if d.Orgs, err = s.Dir.CountOrgs(ctx, directory.OrgFilter{}); err != nil {
		s.fail(w, r, err)
		return
	}
	if d.WithoutOfficer, err = s.Dir.OrgsWithoutOfficer(ctx); err != nil {
		s.fail(w, r, err)
		return
	}
	if len(d.WithoutOfficer) > dashboardRows {
		d.MoreWithoutOfficer = len(d.WithoutOfficer) - dashboardRows
		d.WithoutOfficer = d.WithoutOfficer[:dashboardRows]
	}
	if d.CanSeePeople = me.HasRole(directory.RolesFor(directory.PermPeopleRead)...); d.CanSeePeople {
		if d.People, err = s.Dir.CountPeople(ctx, directory.PersonFilter{}); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if d.CanUnlock = me.HasRole(directory.RolesFor(directory.PermAccountUnlock)...); d.CanUnlock {
		if d.Locked, err = s.Auth.LockedAccounts(ctx); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if d.CanReadAudit = me.HasRole(directory.RolesFor(directory.PermAuditRead)...); d.CanReadAudit {
		if d.Recent, err = s.Trail.Search(ctx, audit.Filter{Limit: 10}); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if d.CanSeeIncidents = s.Incidents != nil && me.HasRole(principal.Officer, principal.Head, principal.Authority, principal.Leader); d.CanSeeIncidents {
		if d.Overdue, _, err = s.Incidents.List(ctx, incident.Filter{Overdue: true, Limit: 10}); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if s.Assets != nil && me.HasRole(directory.RolesFor(directory.PermAssetRead)...) {
		// Coverage tiles only once there is an inventory: figures of
		// nothing would cost a dozen counts to say zero.
		some, err := s.Assets.List(ctx, asset.Filter{Limit: 1})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if len(some) > 0 {
			rep, err := s.Assets.Coverage(ctx, "")
			if err != nil {
				s.fail(w, r, err)
				return
			}
			d.Coverage = &rep.Total
		}
	}
	s.dash.put(me.PersonID, d, s.Now())
	s.renderDashboard(w, r, d)
}

func (s *Server) renderDashboard(w http.ResponseWriter, r *http.Request, d dashboardData) {
	p := s.page(r, locale.T("Tổng quan", "Dashboard"), "dashboard")
	p.Data = d
	s.render(w, http.StatusOK, "dashboard", p)
}
