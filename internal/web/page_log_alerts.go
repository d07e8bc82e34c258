package web

import (
	"net/http"

	"attt/internal/locale"
	"attt/internal/logs"
)

type logAlertsData struct {
	Alerts   []logs.Alert
	OrgNames map[string]string
}

// logAlertsPage lists the alerts of the reader's agencies (open ones by
// default) with their triggering events and the forms to acknowledge or
// dismiss each with a reason.
func (s *Server) logAlertsPage(w http.ResponseWriter, r *http.Request) {
	if s.Logs == nil {
		s.fail(w, r, msgLogsOff)
		return
	}
	p := s.page(r, locale.T("Cảnh báo từ nhật ký", "Log alerts"), "logs")
	p.Form = map[string]string{"status": r.URL.Query().Get("status")}
	alerts, err := s.Logs.Alerts(r.Context(), logs.AlertFilter{Status: p.Form["status"]})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	orgs, err := s.orgChoices(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := logAlertsData{Alerts: alerts, OrgNames: map[string]string{}}
	for _, o := range orgs {
		d.OrgNames[o.ID] = o.Name
	}
	p.Data = d
	s.render(w, http.StatusOK, "log_alerts", p)
}

// logAlertDecide acknowledges or dismisses an alert with the reason typed,
// or opens an incident from it and shows the incident.
func (s *Server) logAlertDecide(w http.ResponseWriter, r *http.Request) {
	if s.Logs == nil {
		s.fail(w, r, msgLogsOff)
		return
	}
	if r.PostFormValue("decision") == "incident" {
		a, err := s.Logs.OpenIncident(r.Context(), r.PathValue("id"), r.PostFormValue("reason"))
		if err != nil {
			s.fail(w, r, err)
			return
		}
		http.Redirect(w, r, "/incidents/"+a.IncidentID, http.StatusSeeOther)
		return
	}
	status := logs.AlertAcknowledged
	if r.PostFormValue("decision") == "dismiss" {
		status = logs.AlertDismissed
	}
	if _, err := s.Logs.DecideAlert(r.Context(), r.PathValue("id"), status, r.PostFormValue("reason")); err != nil {
		s.fail(w, r, err)
		return
	}
	redirectFlash(w, r, "/log-alerts", "saved")
}
