package web

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"attt/internal/directory"
	"attt/internal/errs"
	"attt/internal/export"
	"attt/internal/incident"
	"attt/internal/locale"
	"attt/internal/principal"
	"attt/internal/web/respond"
)

// incidentData is what the detail page shows; the forms appear only as
// far as Inc.View allows.
type incidentData struct {
	Inc         *incident.Incident
	Late        []incident.Late
	Acknowledge string
	Resolve     string
	Serious     bool
	Checklist   []incident.Check
	Categories  []incident.Category
	Severities  []incident.Severity
	// Systems are the rows of the triage form: the recorded systems and a
	// few blank rows.
	Systems []incident.System
	Levels  []int
	// People are the choices of owners; TaskPeople of task owners.
	People     []directory.Person
	TaskPeople []directory.Person
	// ShareOrgs are organisations outside the incident's agency that may be
	// invited; Coordinators the people the authority may assign.
	ShareOrgs    []directory.Org
	Coordinators []directory.Person
	Now          time.Time
}

// Entry names a timeline entry kind.
func (incidentData) Entry(kind string) locale.Text { return incident.EntryLabel(kind) }

// Form names an issued form.
func (incidentData) Form(form string) locale.Text { return incident.FormLabel(form) }

// Ticked reports whether a checklist item is ticked in the form.
func (incidentData) Ticked(form map[string]string, code string) bool {
	for _, c := range strings.Split(form["checks"], ",") {
		if c == code {
			return true
		}
	}
	return false
}

// blankSystems returns the empty rows the triage form offers after n
// recorded systems: two at first, then one (saving adds more).
func blankSystems(n int) []incident.System { return make([]incident.System, max(1, 2-n)) }

// incidentPage shows one incident.
func (s *Server) incidentPage(w http.ResponseWriter, r *http.Request) {
	s.renderIncident(w, r, nil, nil)
}

// renderIncident shows the incident of the request path; after a refused
// action err is shown on top and the submitted values are kept (systems
// are the triage form's rows as typed).
func (s *Server) renderIncident(w http.ResponseWriter, r *http.Request, systems []incident.System, err error) {
	ctx := r.Context()
	inc, gerr := s.Incidents.Get(ctx, r.PathValue("id"))
	if gerr != nil {
		if err == nil {
			err = gerr
		}
		s.fail(w, r, err)
		return
	}
	d, derr := s.incidentDetail(r, inc)
	if derr != nil {
		s.fail(w, r, derr)
		return
	}
	p := s.page(r, locale.Tf("Sự cố %s", "Incident %s", inc.Ref), "incidents")
	if err == nil {
		p.Form = triageForm(inc)
		p.Data = d
		s.render(w, http.StatusOK, "incident", p)
		return
	}
	if systems != nil {
		d.Systems = append(systems, blankSystems(len(systems))...)
	}
	p.Data = d
	s.renderFailed(w, r, "incident", p, err)
}

// incidentDetail gathers the page's data and the choices of its forms.
func (s *Server) incidentDetail(r *http.Request, inc *incident.Incident) (*incidentData, error) {
	now := s.Now()
	d := &incidentData{Inc: inc, Late: s.Incidents.Lateness(inc, now), Serious: inc.Serious(), Checklist: incident.SeriousChecklist(),
		Categories: incident.Categories(), Severities: incident.Severities(), Levels: []int{1, 2, 3, 4, 5}, Now: now,
		Systems: append(append([]incident.System{}, inc.Systems...), blankSystems(len(inc.Systems))...)}
	lang := locale.FromContext(r.Context())
	d.Acknowledge = durationText(incident.TimeToAcknowledge(inc, now), lang)
	d.Resolve = durationText(incident.TimeToResolve(inc, now), lang)
	if !inc.Status.Open() {
		return d, nil
	}
	var err error
	if inc.View.Manage {
		if d.People, err = s.activePeople(r, inc.OrgID); err != nil {
			return nil, err
		}
		for _, c := range inc.Coordinators {
			d.People = appendPerson(d.People, directory.Person{ID: c.ID, FullName: c.FullName})
		}
		d.TaskPeople = d.People
		if d.ShareOrgs, err = s.shareChoices(r, inc); err != nil {
			return nil, err
		}
	}
	me := principal.From(r.Context())
	if inc.View.Guest {
		if d.TaskPeople, err = s.activePeople(r, me.OrgID); err != nil {
			return nil, err
		}
		d.TaskPeople = appendPerson(d.TaskPeople, directory.Person{ID: me.PersonID, FullName: me.Name})
	}
	if inc.View.Coordinate && me.PersonID != "" {
		if d.Coordinators, err = s.activePeople(r, me.OrgID); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// activePeople lists the active people of an organisation's subtree that
// the person may see (none when they may see nobody there).
func (s *Server) activePeople(r *http.Request, orgID string) ([]directory.Person, error) {
	if orgID == "" {
		return nil, nil
	}
	people, err := s.Dir.ListPeople(r.Context(), directory.PersonFilter{OrgID: orgID, Status: directory.StatusActive, Limit: 500})
	if errs.Is(err, errs.Forbidden) {
		return nil, nil
	}
	return people, err
}

func appendPerson(list []directory.Person, p directory.Person) []directory.Person {
	if p.ID == "" {
		return list
	}
	for _, x := range list {
		if x.ID == p.ID {
			return list
		}
	}
	return append(list, p)
}

// shareChoices are the organisations outside the incident's agency that
// are not invited yet.
func (s *Server) shareChoices(r *http.Request, inc *incident.Incident) ([]directory.Org, error) {
	home, err := s.Dir.GetOrg(r.Context(), inc.OrgID)
	if err != nil {
		return nil, nil // an organisation out of the person's reach: no choices
	}
	orgs, err := s.orgChoices(r)
	if err != nil {
		return nil, err
	}
	invited := map[string]bool{}
	for _, sh := range inc.Shares {
		invited[sh.OrgID] = true
	}
	var out []directory.Org
	for _, o := range orgs {
		if o.Active && !strings.HasPrefix(o.Path, home.Path) && !invited[o.ID] {
			out = append(out, o)
		}
	}
	return out, nil
}

// triageForm fills the triage form from the incident.
func triageForm(inc *incident.Incident) map[string]string {
	return map[string]string{"title": inc.Title, "description": inc.Description, "category": string(inc.Category),
		"severity": string(inc.Severity), "checks": strings.Join(inc.SeriousChecks, ","), "owner": inc.OwnerID,
		"containment": inc.Containment, "support": inc.SupportRequested}
}

// durationText prints a duration as days, hours and minutes.
func durationText(d time.Duration, lang locale.Lang) string {
	if d < 0 {
		d = 0
	}
	days, hours, mins := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour), int(d%time.Hour/time.Minute)
	var parts []string
	unit := func(n int, vi, en string) {
		if n > 0 {
			parts = append(parts, locale.Tf("%d "+vi, "%d "+en, n).In(lang))
		}
	}
	unit(days, "ngày", "d")
	unit(hours, "giờ", "h")
	if days == 0 {
		unit(mins, "phút", "min")
	}
	if len(parts) == 0 {
		return locale.T("dưới 1 phút", "under a minute").In(lang)
	}
	return strings.Join(parts, " ")
}

// incidentFile downloads an evidence file the person may see.
func (s *Server) incidentFile(w http.ResponseWriter, r *http.Request) {
	f, rc, err := s.Incidents.OpenFile(r.Context(), r.PathValue("id"), r.PathValue("file"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	defer rc.Close()
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", export.ContentDisposition(f.Name))
	w.Header().Set("Content-Length", strconv.FormatInt(f.Size, 10))
	w.Header().Set("Cache-Control", "no-store")
	if _, err := io.Copy(w, rc); err != nil {
		s.Log.Warn("evidence file not delivered", "file", f.ID, "err", err)
	}
}

// incidentDocument downloads an issued document as PDF or DOCX.
func (s *Server) incidentDocument(w http.ResponseWriter, r *http.Request) {
	doc, err := s.Incidents.RenderDocument(r.Context(), r.PathValue("id"), r.PathValue("doc"), r.PathValue("format"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	respond.Download(w, doc.Name, doc.ContentType, doc.Body)
}
