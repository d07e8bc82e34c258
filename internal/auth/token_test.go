package auth_test

import (
	"strings"
	"testing"
	"time"

	"attt/internal/db"
	"attt/internal/db/dbtest"
	"attt/internal/errs"
	"attt/internal/testutil/fixture"
)

func TestAPITokens(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := fixture.New(t, d)
		me := p.As(fixture.LoginAOfficer)
		tok, err := p.Auth.CreateToken(me, " sao lưu nhật ký ", 24*time.Hour)
		must(t, err, "create")
		if !strings.HasPrefix(tok.Secret, "attt_") || len(tok.Secret) < 40 || tok.Name != "sao lưu nhật ký" {
			t.Errorf("token %+v", tok)
		}
		if !tok.ExpiresAt.Equal(p.Clock.Now().Add(24 * time.Hour)) {
			t.Errorf("expires %v", tok.ExpiresAt)
		}
		list, err := p.Auth.ListTokens(me)
		must(t, err, "list")
		if len(list) != 1 || list[0].ID != tok.ID || list[0].Secret != "" {
			t.Errorf("list %+v: the secret must be shown once only", list)
		}
		var stored string
		must(t, d.R.QueryRow(`SELECT token_hash FROM api_tokens WHERE id = $1`, tok.ID).Scan(&stored), "read hash")
		if strings.Contains(stored, tok.Secret) || strings.Contains(tok.Secret, stored) {
			t.Error("the secret is stored in clear")
		}

		pr, sess, err := p.Auth.Authenticate(t.Context(), tok.Secret, "192.0.2.50", "backup/1.0")
		must(t, err, "authenticate")
		if pr.PersonID != p.ID(fixture.LoginAOfficer) || pr.TokenID != tok.ID || pr.SessionID != "" || sess != nil || pr.IP != "192.0.2.50" {
			t.Errorf("principal %+v", pr)
		}
		if list, _ := p.Auth.ListTokens(me); list[0].LastUsedAt.IsZero() {
			t.Error("last use not recorded")
		}
		_, _, err = p.Auth.Authenticate(t.Context(), "attt_"+strings.Repeat("A", 43), "", "")
		wantCode(t, err, errs.Unauthenticated, "unknown token")

		wantCode(t, p.Auth.RevokeToken(p.As(fixture.LoginAStaff), tok.ID), errs.NotFound, "someone else revokes")
		must(t, p.Auth.RevokeToken(me, tok.ID), "revoke")
		_, _, err = p.Auth.Authenticate(t.Context(), tok.Secret, "", "")
		wantCode(t, err, errs.Unauthenticated, "revoked token")
		wantCode(t, p.Auth.RevokeToken(me, tok.ID), errs.NotFound, "revoke twice")

		short, err := p.Auth.CreateToken(me, "ngắn hạn", time.Hour)
		must(t, err, "create short")
		p.Clock.Advance(time.Hour)
		_, _, err = p.Auth.Authenticate(t.Context(), short.Secret, "", "")
		must(t, err, "at the last moment")
		p.Clock.Advance(time.Millisecond)
		_, _, err = p.Auth.Authenticate(t.Context(), short.Secret, "", "")
		wantCode(t, err, errs.Unauthenticated, "expired token")

		_, err = p.Auth.CreateToken(me, "  ", time.Hour)
		wantCode(t, err, errs.Invalid, "no name")
		_, err = p.Auth.CreateToken(me, "quá dài", 10*365*24*time.Hour)
		wantCode(t, err, errs.Invalid, "a validity beyond the maximum is refused, not silently shortened")
		long, err := p.Auth.CreateToken(me, "tối đa", p.Config.TokenMaxTTL)
		must(t, err, "create with the maximum validity")
		if long.ExpiresAt.Sub(p.Clock.Now()) > p.Config.TokenMaxTTL {
			t.Errorf("a token lives until %v, beyond the maximum", long.ExpiresAt)
		}
		_, err = p.Auth.CreateToken(p.System(t.Context()), "system", time.Hour)
		wantCode(t, err, errs.Unauthenticated, "token without a person")
		if p.AuditCount("token.create") != 3 || p.AuditCount("token.revoke") != 1 {
			t.Errorf("audit: %d creates, %d revokes", p.AuditCount("token.create"), p.AuditCount("token.revoke"))
		}
	})
}
