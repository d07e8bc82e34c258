package web

import (
	"net/http"
	"strconv"
	"time"

	"attt/internal/auth"
	"attt/internal/locale"
)

type tokensData struct {
	Tokens []auth.Token
	// New is the token just created, its secret shown this once.
	New    *auth.Token
	MaxDay int
	Now    time.Time
}

// accountTokensPage lists the signed-in person's API tokens.
func (s *Server) accountTokensPage(w http.ResponseWriter, r *http.Request) {
	s.renderTokens(w, r, nil, map[string]string{"days": "90"}, nil)
}

func (s *Server) renderTokens(w http.ResponseWriter, r *http.Request, created *auth.Token, form map[string]string, failure error) {
	tokens, err := s.Auth.ListTokens(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, locale.T("Mã truy cập API", "API tokens"), "account")
	p.Data = tokensData{Tokens: tokens, New: created, MaxDay: int(s.Auth.Config().TokenMaxTTL / (24 * time.Hour)), Now: s.Now()}
	p.Form = form
	if failure != nil {
		s.renderFailed(w, r, "account_tokens", p, failure)
		return
	}
	s.render(w, http.StatusOK, "account_tokens", p)
}

// accountTokenCreate issues a token valid for the chosen number of days and
// shows its secret once.
func (s *Server) accountTokenCreate(w http.ResponseWriter, r *http.Request) {
	days, _ := strconv.Atoi(r.FormValue("days"))
	t, err := s.Auth.CreateToken(r.Context(), r.FormValue("name"), time.Duration(days)*24*time.Hour)
	if err != nil {
		s.renderTokens(w, r, nil, formEcho(r), err)
		return
	}
	s.renderTokens(w, r, t, map[string]string{"days": "90"}, nil)
}

// accountTokenRevoke ends one of the person's tokens at once.
func (s *Server) accountTokenRevoke(w http.ResponseWriter, r *http.Request) {
	if err := s.Auth.RevokeToken(r.Context(), r.PathValue("id")); err != nil {
		s.renderTokens(w, r, nil, nil, err)
		return
	}
	redirectFlash(w, r, "/account/tokens", "revoked")
}
