package api_test

import (
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"attt/internal/testutil/e2e"
)

type token struct {
	ID         string    `json:"id"`
	Name       string    `json:"name"`
	ExpiresAt  time.Time `json:"expires_at"`
	RevokedAt  time.Time `json:"revoked_at"`
	LastUsedAt time.Time `json:"last_used_at"`
	Secret     string    `json:"token"`
}

func TestTokens(t *testing.T) {
	eachDB(t, func(t *testing.T, in *e2e.Instance) {
		in.Org(t, "SO-KHCN", "Sở Khoa học và Công nghệ", "department", "")
		in.Person(t, "nguyen.vana", "Nguyễn Văn A", "SO-KHCN", pw)
		in.Person(t, "tran.thib", "Trần Thị B", "SO-KHCN", pw)
		a := signIn(t, in, "nguyen.vana", pw)
		b := signIn(t, in, "tran.thib", pw)

		var tok token
		a.must(201, "POST", "/api/v1/me/tokens", map[string]any{"name": "đồng bộ nhật ký", "days": 30}, &tok)
		if !strings.HasPrefix(tok.Secret, "attt_") || tok.ExpiresAt.Location() != time.UTC ||
			tok.ExpiresAt.Sub(time.Now()) < 29*24*time.Hour || tok.ExpiresAt.Sub(time.Now()) > 31*24*time.Hour {
			t.Fatalf("token: %+v", tok)
		}
		for _, bad := range []map[string]any{{"name": ""}, {"name": "x", "days": -1}, {"name": "x", "days": 10000}, {"name": "x", "scope": "all"}} {
			if r := a.do("POST", "/api/v1/me/tokens", bad); r.Status != 400 {
				t.Errorf("%v: %s", bad, r)
			}
		}
		machine := &client{tb: t, base: in.URL, token: tok.Secret}
		var me struct {
			Login string `json:"login"`
		}
		machine.must(200, "GET", "/api/v1/me", nil, &me)
		if me.Login != "nguyen.vana" {
			t.Errorf("token acts as %q", me.Login)
		}
		var toks list[token]
		a.must(200, "GET", "/api/v1/me/tokens", nil, &toks)
		if len(toks.Items) != 1 || toks.Items[0].Secret != "" || toks.Items[0].LastUsedAt.IsZero() {
			t.Errorf("list: %+v", toks.Items)
		}
		b.must(200, "GET", "/api/v1/me/tokens", nil, &toks)
		if len(toks.Items) != 0 {
			t.Errorf("someone else's tokens: %+v", toks.Items)
		}
		if r := b.do("DELETE", "/api/v1/me/tokens/"+tok.ID, nil); r.Status != 404 {
			t.Errorf("revoke someone else's token: %s", r)
		}
		a.must(200, "DELETE", "/api/v1/me/tokens/"+tok.ID, nil, nil)
		if r := machine.do("GET", "/api/v1/me", nil); r.Status != 401 {
			t.Errorf("revoked token works: %s", r)
		}
		if r := a.do("DELETE", "/api/v1/me/tokens/"+tok.ID, nil); r.Status != 404 {
			t.Errorf("revoke twice: %s", r)
		}
		a.must(200, "GET", "/api/v1/me/tokens", nil, &toks)
		if len(toks.Items) != 1 || toks.Items[0].RevokedAt.IsZero() {
			t.Errorf("after revoke: %+v", toks.Items)
		}
	})
}

func TestPasswordAndTOTP(t *testing.T) {
	eachDB(t, func(t *testing.T, in *e2e.Instance) {
		in.Org(t, "SO-KHCN", "Sở Khoa học và Công nghệ", "department", "")
		in.Person(t, "nguyen.vana", "Nguyễn Văn A", "SO-KHCN", pw)
		a := signIn(t, in, "nguyen.vana", pw)
		other := signIn(t, in, "nguyen.vana", pw)

		// Password change: the rule that failed is named.
		if r := a.do("POST", "/api/v1/me/password", map[string]string{"current": "Sai-mật-khẩu#2024", "new": "Đồng-Tháp#Mười-2099"}); r.Status != 400 {
			t.Errorf("wrong current: %s", r)
		}
		r := a.do("POST", "/api/v1/me/password", map[string]string{"current": pw, "new": "Matkhau@123"})
		if r.Status != 400 || len(r.err().Error.Details) == 0 {
			t.Errorf("weak new password: %s", r)
		}
		const pw2 = "Đồng-Tháp#Mười-2099"
		a.must(200, "POST", "/api/v1/me/password", map[string]string{"current": pw, "new": pw2}, nil)
		a.must(200, "GET", "/api/v1/me", nil, nil)
		if r := other.do("GET", "/api/v1/me", nil); r.Status != 401 {
			t.Errorf("other session survives a password change: %s", r)
		}
		if r := signInReply(t, in, "nguyen.vana", pw); r.Status != 401 {
			t.Errorf("old password: %s", r)
		}
		a = signIn(t, in, "nguyen.vana", pw2)

		// TOTP enrolment, then sign-in needs a fresh code.
		var enr struct {
			Secret string `json:"secret"`
			URL    string `json:"otpauth_url"`
		}
		a.must(200, "POST", "/api/v1/me/totp", nil, &enr)
		if enr.Secret == "" || !strings.HasPrefix(enr.URL, "otpauth://totp/") {
			t.Fatalf("enrolment: %+v", enr)
		}
		if r := a.do("POST", "/api/v1/me/totp/confirm", map[string]string{"code": "000000"}); r.Status != 400 {
			t.Errorf("wrong code: %s", r)
		}
		if r := a.do("POST", "/api/v1/me/totp/confirm", map[string]string{}); r.Status != 400 {
			t.Errorf("no code: %s", r)
		}
		now := time.Now()
		a.must(200, "POST", "/api/v1/me/totp/confirm", map[string]string{"code": code(t, enr.Secret, now)}, nil)
		r = anon(t, in).do("POST", "/api/v1/login", map[string]string{"login": "nguyen.vana", "password": pw2})
		if r.Status != 401 || r.err().Error.Code != "totp_required" {
			t.Errorf("sign-in without a code: %s", r)
		}
		r = anon(t, in).do("POST", "/api/v1/login", map[string]string{"login": "nguyen.vana", "password": pw2, "totp": code(t, enr.Secret, now)})
		if r.Status != 401 {
			t.Errorf("replayed code accepted: %s", r)
		}
		anon(t, in).must(200, "POST", "/api/v1/login", map[string]string{"login": "nguyen.vana", "password": pw2, "totp": code(t, enr.Secret, now.Add(30*time.Second))}, nil)
		var st accountState
		a.must(200, "GET", "/api/v1/people/"+meID(t, a)+"/account", nil, &st)
		if !st.TOTPEnabled {
			t.Errorf("state: %+v", st)
		}
		// Turning it off oneself (no role requires it here).
		st = accountState{}
		a.must(200, "DELETE", "/api/v1/people/"+meID(t, a)+"/totp", nil, &st)
		if st.TOTPEnabled {
			t.Errorf("after disable: %+v", st)
		}
	})
}

func code(tb testing.TB, secret string, at time.Time) string {
	tb.Helper()
	c, err := totp.GenerateCodeCustom(secret, at, totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

func meID(tb testing.TB, c *client) string {
	tb.Helper()
	var me struct {
		ID string `json:"id"`
	}
	c.must(200, "GET", "/api/v1/me", nil, &me)
	return me.ID
}
