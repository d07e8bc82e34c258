package web

import "net/http"

// pageRoutes registers the signed-in pages beyond the dashboard, through
// page (rate limit, session, CSRF, needUser).
func (s *Server) pageRoutes(page func(pattern string, h http.HandlerFunc)) {
}
