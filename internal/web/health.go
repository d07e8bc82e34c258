package web

import (
	"net/http"

	"attt/internal/web/respond"
)

// healthz answers while the process runs.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	respond.JSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// readyz answers 200 only when the database answers.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	if err := s.DB.Ping(r.Context()); err != nil {
		respond.JSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "database": "down"})
		return
	}
	respond.JSON(w, http.StatusOK, map[string]string{"status": "ready", "database": string(s.DB.Dialect)})
}
