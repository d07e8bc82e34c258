package web

import (
	"net/http"

	"attt/internal/locale"
)

// logRulesPage lists the detection rules, shipped and written, and offers
// a YAML form to write one (the service lets only the province's
// authority save).
func (s *Server) logRulesPage(w http.ResponseWriter, r *http.Request) {
	s.renderLogRules(w, r, nil)
}

func (s *Server) renderLogRules(w http.ResponseWriter, r *http.Request, failed error) {
	if s.Logs == nil {
		s.fail(w, r, msgLogsOff)
		return
	}
	p := s.page(r, locale.T("Quy tắc phát hiện", "Detection rules"), "logs")
	rs, err := s.Logs.Rules(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Data = rs
	if failed != nil {
		s.renderFailed(w, r, "log_rules", p, failed)
		return
	}
	s.render(w, http.StatusOK, "log_rules", p)
}

// logRuleSave writes a rule from the form's YAML.
func (s *Server) logRuleSave(w http.ResponseWriter, r *http.Request) {
	if s.Logs == nil {
		s.fail(w, r, msgLogsOff)
		return
	}
	if _, err := s.Logs.SaveRule(r.Context(), r.PostFormValue("yaml")); err != nil {
		s.renderLogRules(w, r, err)
		return
	}
	redirectFlash(w, r, "/log-rules", "saved")
}

// logRuleDelete removes a written rule.
func (s *Server) logRuleDelete(w http.ResponseWriter, r *http.Request) {
	if s.Logs == nil {
		s.fail(w, r, msgLogsOff)
		return
	}
	if err := s.Logs.DeleteRule(r.Context(), r.PathValue("id")); err != nil {
		s.renderLogRules(w, r, err)
		return
	}
	redirectFlash(w, r, "/log-rules", "saved")
}
