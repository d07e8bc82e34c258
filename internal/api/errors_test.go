package api_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"attt/internal/principal"
	"attt/internal/testutil/e2e"
)

// TestErrorFormat checks the one error shape: Vietnamese by default,
// English when asked, codes and statuses that agree.
func TestErrorFormat(t *testing.T) {
	eachDB(t, func(t *testing.T, in *e2e.Instance) {
		in.Person(t, "quan.tri", "Quản Trị Viên", "", pw, principal.Admin)
		admin := signIn(t, in, "quan.tri", pw)
		vi := anon(t, in)
		en := &client{tb: t, base: in.URL, lang: "en-GB,en;q=0.9,vi;q=0.5"}

		tests := []struct {
			name         string
			c            *client
			method, path string
			body         any
			status       int
			code         string
			message      string
			detail       string
		}{
			{"anonymous vi", vi, "GET", "/api/v1/orgs", nil, 401, "unauthenticated", "Vui lòng đăng nhập.", ""},
			{"anonymous en", en, "GET", "/api/v1/orgs", nil, 401, "unauthenticated", "Please sign in.", ""},
			{"no route", vi, "GET", "/api/v1/nowhere", nil, 404, "not_found", "Không có API này.", ""},
			{"bad login vi", vi, "POST", "/api/v1/login", `{"login":"ai.do","password":"x"}`, 401, "unauthenticated", "Tên đăng nhập hoặc mật khẩu không đúng", ""},
			{"bad login en", en, "POST", "/api/v1/login", `{"login":"ai.do","password":"x"}`, 401, "unauthenticated", "Wrong login or password", ""},
			{"unknown field", vi, "POST", "/api/v1/login", `{"login":"a","password":"b","remember":true}`, 400, "invalid", "Nội dung JSON không hợp lệ.", `"remember"`},
			{"unknown field en", en, "POST", "/api/v1/login", `{"login":"a","password":"b","remember":true}`, 400, "invalid", "The JSON body is not valid.", "Unknown field"},
			{"wrong type", en, "POST", "/api/v1/login", `{"login":5,"password":"b"}`, 400, "invalid", "The JSON body is not valid.", "“login”"},
			{"trailing data", vi, "POST", "/api/v1/login", `{"login":"a","password":"b"} {}`, 400, "invalid", "dữ liệu thừa", ""},
			{"not json", en, "POST", "/api/v1/login", `login=a`, 400, "invalid", "The JSON body is not valid.", "Syntax error"},
			{"empty body", en, "POST", "/api/v1/login", ``, 400, "invalid", "The JSON body is not valid.", "missing"},
			{"oversized", admin, "POST", "/api/v1/orgs", `{"name":"` + strings.Repeat("x", 2<<20) + `"}`, 413, "too_large", "quá lớn", ""},
			{"unknown field signed in", admin, "POST", "/api/v1/orgs", `{"code":"X","name":"X","type":"unit","parent":"y"}`, 400, "invalid", "Nội dung JSON không hợp lệ.", "parent"},
			{"bad param en", &client{tb: t, base: in.URL, token: admin.token, lang: "en"}, "GET", "/api/v1/orgs?all=yes-please", nil, 400, "invalid", "The parameter “all” is not valid", ""},
			{"forbidden vi", admin, "GET", "/api/v1/orgs/01ARZ3NDEKTSV4RRFFQ69G5FAV", nil, 403, "forbidden", "Bạn không có quyền", ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				tt.c.tb = t
				r := tt.c.do(tt.method, tt.path, tt.body)
				e := r.err().Error
				if r.Status != tt.status || e.Code != tt.code || !strings.Contains(e.Message, tt.message) ||
					(tt.detail != "" && !strings.Contains(strings.Join(e.Details, "\n"), tt.detail)) {
					t.Errorf("want %d %s %q %q, got %.300s", tt.status, tt.code, tt.message, tt.detail, r)
				}
				if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
					t.Errorf("content type %q", ct)
				}
			})
		}
	})
}

// TestOversizedUpload: an import larger than the request limit is 413,
// whether the limit is the server's or the importer's.
func TestOversizedUpload(t *testing.T) {
	in := start(t, false)
	in.Person(t, "quan.tri", "Quản Trị Viên", "", pw, principal.Admin)
	admin := signIn(t, in, "quan.tri", pw)
	big := bytes.Repeat([]byte("SO-X,Sở X,department,\n"), (11<<20)/22)
	r := admin.upload("/api/v1/orgs/import", "big.csv", big)
	if r.Status != http.StatusRequestEntityTooLarge || r.err().Error.Code != "too_large" {
		t.Errorf("11 MiB upload: %.300s", r)
	}
}

// TestCookieSession: a browser session may call the API with its cookie,
// but unsafe calls need the CSRF token the sign-in answered; logout ends
// the session.
func TestCookieSession(t *testing.T) {
	in := start(t, false)
	in.Person(t, "quan.tri", "Quản Trị Viên", "", pw, principal.Admin)
	var ans struct {
		Token string `json:"token"`
		CSRF  string `json:"csrf_token"`
	}
	r := anon(t, in).must(200, "POST", "/api/v1/login", map[string]string{"login": "quan.tri", "password": pw}, &ans)
	var cookie *http.Cookie
	for _, c := range (&http.Response{Header: r.Header}).Cookies() {
		if c.Name == "attt_session" {
			cookie = c
		}
	}
	if cookie == nil || !cookie.HttpOnly || !cookie.Secure || cookie.Value != ans.Token {
		t.Fatalf("session cookie: %+v", cookie)
	}
	c := anon(t, in)
	call := func(method, path, csrf string, body string) reply {
		req, _ := http.NewRequest(method, in.URL+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.AddCookie(&http.Cookie{Name: "attt_session", Value: cookie.Value})
		if csrf != "" {
			req.Header.Set("X-CSRF-Token", csrf)
		}
		return c.send(req)
	}
	if r := call("GET", "/api/v1/me", "", ""); r.Status != 200 {
		t.Errorf("cookie GET: %s", r)
	}
	var root list[org]
	(&client{tb: t, base: in.URL, token: ans.Token}).must(200, "GET", "/api/v1/orgs", nil, &root)
	body := `{"code":"SO-X","name":"Sở X","type":"department","parent_id":"` + root.Items[0].ID + `"}`
	if r := call("POST", "/api/v1/orgs", "", body); r.Status != 403 {
		t.Errorf("cookie POST without CSRF: %s", r)
	}
	if r := call("POST", "/api/v1/orgs", "wrong", body); r.Status != 403 {
		t.Errorf("cookie POST with a wrong CSRF token: %s", r)
	}
	if r := call("POST", "/api/v1/orgs", ans.CSRF, body); r.Status != 201 {
		t.Errorf("cookie POST with CSRF: %s", r)
	}
	if r := call("POST", "/api/v1/logout", ans.CSRF, ""); r.Status != 200 {
		t.Errorf("logout: %s", r)
	}
	if r := call("GET", "/api/v1/me", "", ""); r.Status != 401 {
		t.Errorf("after logout: %s", r)
	}
}
