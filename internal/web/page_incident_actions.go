package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"attt/internal/errs"
	"attt/internal/incident"
	"attt/internal/locale"
)

// incidentAction is one change to an incident made from a form of the
// detail page.
type incidentAction func(ctx context.Context, id string, r *http.Request) (*incident.Incident, error)

// incidentActionRoutes registers the forms of the detail page. Each one
// redirects back to the page, or shows it again with the error and the
// values typed.
func (s *Server) incidentActionRoutes(page func(pattern string, h http.HandlerFunc)) {
	page("POST /incidents/{id}/triage", s.incidentTriage)
	page("POST /incidents/{id}/files", s.incidentFiles)
	for path, act := range map[string]incidentAction{
		"comment": s.incidentComment,
		"tasks":   s.incidentAddTask,
		"respond": func(ctx context.Context, id string, _ *http.Request) (*incident.Incident, error) {
			return s.Incidents.StartResponse(ctx, id)
		},
		"reject": func(ctx context.Context, id string, r *http.Request) (*incident.Incident, error) {
			return s.Incidents.Reject(ctx, id, r.FormValue("reason"))
		},
		"escalate": s.incidentEscalate,
		"initial": func(ctx context.Context, id string, _ *http.Request) (*incident.Incident, error) {
			return s.Incidents.FileInitialReport(ctx, id)
		},
		"end": s.incidentEnd,
		"closing": func(ctx context.Context, id string, _ *http.Request) (*incident.Incident, error) {
			return s.Incidents.FileClosingReport(ctx, id)
		},
		"close": func(ctx context.Context, id string, _ *http.Request) (*incident.Incident, error) {
			return s.Incidents.Close(ctx, id)
		},
		"shares": func(ctx context.Context, id string, r *http.Request) (*incident.Incident, error) {
			return s.Incidents.Share(ctx, id, r.FormValue("share_org"), r.FormValue("share_note"))
		},
		"coordinators": func(ctx context.Context, id string, r *http.Request) (*incident.Incident, error) {
			return s.Incidents.AssignCoordinator(ctx, id, r.FormValue("coordinator"))
		},
	} {
		page("POST /incidents/{id}/"+path, s.incidentDo(act))
	}
	page("POST /incidents/{id}/tasks/{task}/done", s.incidentDo(func(ctx context.Context, id string, r *http.Request) (*incident.Incident, error) {
		return s.Incidents.CompleteTask(ctx, id, r.PathValue("task"))
	}))
	page("POST /incidents/{id}/shares/{share}/end", s.incidentDo(func(ctx context.Context, id string, r *http.Request) (*incident.Incident, error) {
		return s.Incidents.Unshare(ctx, id, r.PathValue("share"))
	}))
	page("POST /incidents/{id}/coordinators/{person}/remove", s.incidentDo(func(ctx context.Context, id string, r *http.Request) (*incident.Incident, error) {
		return s.Incidents.RemoveCoordinator(ctx, id, r.PathValue("person"))
	}))
}

// incidentDo runs an action and answers with the page.
func (s *Server) incidentDo(act incidentAction) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("id")
		if _, err := act(r.Context(), id, r); err != nil {
			s.renderIncident(w, r, nil, err)
			return
		}
		redirectFlash(w, r, "/incidents/"+id+"#"+anchorOf(r.URL.Path), "done")
	}
}

// anchorOf is the part of the page an action returns to.
func anchorOf(path string) string {
	switch parts := strings.Split(strings.Trim(path, "/"), "/"); {
	case len(parts) < 3:
		return "summary"
	case parts[2] == "comment":
		return "timeline"
	case parts[2] == "tasks":
		return "tasks"
	case parts[2] == "shares" || parts[2] == "coordinators":
		return "sharing"
	}
	return "summary"
}

func (s *Server) incidentComment(ctx context.Context, id string, r *http.Request) (*incident.Incident, error) {
	return s.Incidents.Comment(ctx, id, r.FormValue("body"), r.FormValue("shared") == "1")
}

func (s *Server) incidentAddTask(ctx context.Context, id string, r *http.Request) (*incident.Incident, error) {
	due, err := parseWhen(r.FormValue("task_due"))
	if err != nil {
		return nil, err
	}
	return s.Incidents.AddTask(ctx, id, incident.TaskInput{Title: r.FormValue("task_title"), OwnerID: r.FormValue("task_owner"),
		DueAt: due, Shared: r.FormValue("task_shared") == "1"})
}

func (s *Server) incidentEscalate(ctx context.Context, id string, r *http.Request) (*incident.Incident, error) {
	return s.Incidents.Escalate(ctx, id, incident.EscalateInput{Reason: r.FormValue("esc_reason"), SupportRequested: r.FormValue("esc_support")})
}

func (s *Server) incidentEnd(ctx context.Context, id string, r *http.Request) (*incident.Incident, error) {
	in := incident.EndInput{Cause: r.FormValue("cause"), Impact: r.FormValue("impact"), ActionsTaken: r.FormValue("actions"), Lessons: r.FormValue("lessons")}
	if v := strings.NewReplacer(".", "", ",", "", " ", "").Replace(r.FormValue("damage")); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return nil, errs.New(errs.Invalid, locale.T("Thiệt hại ước tính phải là một số (đồng).", "The estimated damage must be a number (đồng)."))
		}
		in.Damage = n
	}
	return s.Incidents.EndResponse(ctx, id, in)
}

// incidentTriage records the officer's assessment; a refusal keeps every
// row of systems as typed.
func (s *Server) incidentTriage(w http.ResponseWriter, r *http.Request) {
	in, err := triageInput(r)
	if err == nil {
		_, err = s.Incidents.Triage(r.Context(), r.PathValue("id"), in)
	}
	if err != nil {
		s.renderIncident(w, r, in.Systems, err)
		return
	}
	redirectFlash(w, r, "/incidents/"+r.PathValue("id")+"#summary", "saved")
}

// triageInput reads the triage form; the systems are parallel lists of
// fields, one row per name.
func triageInput(r *http.Request) (incident.TriageInput, error) {
	_ = r.ParseForm()
	in := incident.TriageInput{Title: r.FormValue("title"), Description: r.FormValue("description"), Category: incident.Category(r.FormValue("category")),
		Severity: incident.Severity(r.FormValue("severity")), SeriousChecks: r.PostForm["checks"], OwnerID: r.FormValue("owner"),
		Containment: strings.TrimSpace(r.FormValue("containment")), SupportRequested: strings.TrimSpace(r.FormValue("support"))}
	col := func(name string, i int) string {
		if v := r.PostForm[name]; i < len(v) {
			return strings.TrimSpace(v[i])
		}
		return ""
	}
	var bad error
	for i := range r.PostForm["sys_name"] {
		sys := incident.System{Name: col("sys_name", i), Operator: col("sys_operator", i), Owner: col("sys_owner", i), Domain: col("sys_domain", i),
			IPs: col("sys_ips", i), OS: col("sys_os", i), Services: col("sys_services", i), Protections: col("sys_protections", i)}
		if v := col("sys_level", i); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				bad = errs.New(errs.Invalid, locale.T("Cấp độ hệ thống phải từ 1 đến 5.", "The system level must be 1 to 5."))
			}
			sys.Level = n
		}
		if sys.Name != "" || sys.Domain != "" || sys.IPs != "" {
			in.Systems = append(in.Systems, sys)
		}
	}
	return in, bad
}

// incidentFiles adds evidence files; a refused file shows the gate's
// explanation.
func (s *Server) incidentFiles(w http.ResponseWriter, r *http.Request) {
	uploads, release, err := formUploads(r, "files")
	defer release()
	if err == nil {
		_, err = s.Incidents.AddFiles(r.Context(), r.PathValue("id"), uploads)
	}
	if err != nil {
		s.renderIncident(w, r, nil, err)
		return
	}
	redirectFlash(w, r, "/incidents/"+r.PathValue("id")+"#files", "done")
}
