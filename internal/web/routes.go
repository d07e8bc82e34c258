package web

import (
	"net/http"
	"strings"

	"attt/internal/api"
	"attt/internal/asset/agentwire"
	"attt/internal/directory/importfile"
)

// routes lists every route of the server. Page routes pass the page rate
// limit, sessions, CSRF and needUser; the API is mounted from package api
// behind the API limit; health, metrics and static files are light.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	// Bodies are bounded before anything reads them (the CSRF check parses
	// forms); only import routes take files.
	bounded := func(pattern string, h http.Handler) http.Handler {
		max := int64(s.Cfg.MaxBodyBytes)
		if strings.HasSuffix(pattern, "/import") {
			max = importfile.MaxBytes + 1<<20
		}
		if pattern == "POST /incidents" || pattern == "POST /incidents/{id}/files" {
			// Evidence files: a few of the largest upload at once.
			max = 4*int64(s.Cfg.UploadMaxBytes) + 1<<20
		}
		if strings.HasSuffix(pattern, "/offline-report") {
			max = agentwire.MaxBody + 1<<20
		}
		return http.MaxBytesHandler(h, max)
	}
	page := func(pattern string, h http.HandlerFunc) {
		mux.Handle(pattern, s.metrics.observe(pattern, s.limit(s.limits.Page, bounded(pattern, s.authenticate(s.csrf(s.needUser(h)))))))
	}
	public := func(pattern string, h http.HandlerFunc) {
		mux.Handle(pattern, s.metrics.observe(pattern, s.limit(s.limits.Page, bounded(pattern, s.authenticate(s.csrf(h))))))
	}
	login := func(pattern string, h http.HandlerFunc) {
		mux.Handle(pattern, s.metrics.observe(pattern, s.limit(s.limits.Login, bounded(pattern, s.authenticate(s.csrf(h))))))
	}

	mux.HandleFunc("GET /static/{hash}/{file}", s.views.assets.serve)
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	mux.Handle("GET /metrics", s.metrics.handler())

	login("GET /login", s.loginPage)
	login("POST /login", s.loginSubmit)
	public("POST /logout", s.logoutSubmit)
	public("GET /lang/{lang}", s.switchLanguage)
	login("GET /link/{token}", s.linkPage)
	login("POST /link/{token}", s.linkSubmit)

	page("GET /{$}", s.dashboard)
	s.pageRoutes(page)

	a := api.New(api.Deps{Dir: s.Dir, Auth: s.Auth, Trail: s.Trail, Settings: s.Settings, Monitors: s.Monitors, Notify: s.Notify, Incidents: s.Incidents,
		Logs: s.Logs, Ingest: s.Ingest, Assets: s.Assets, Log: s.Log, Login: s.signIn, OpenSession: s.setSessionCookie, EndSession: clearSessionCookie})
	for _, rt := range a.Routes() {
		h := s.authenticate(s.csrf(rt.Handler))
		if !rt.Public {
			h = s.authenticate(s.csrf(s.needUser(rt.Handler)))
		}
		lim := s.limits.API
		if rt.Login {
			lim = s.limits.Login
		}
		maxBody := int64(s.Cfg.MaxBodyBytes)
		if rt.MaxBody > 0 {
			maxBody = rt.MaxBody
		}
		mux.Handle(rt.Method+" "+rt.Path, s.metrics.observe(rt.Path, s.limit(lim, http.MaxBytesHandler(h, maxBody))))
	}
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) { s.fail(w, r, api.ErrNoRoute) })
	return s.secure(s.language(mux))
}
