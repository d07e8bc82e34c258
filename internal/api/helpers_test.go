package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"attt/internal/config"
	"attt/internal/principal"
	"attt/internal/testutil/e2e"
)

// pw passes the shipped password policy for every test person (their
// names and logins do not appear in it).
const pw = "Sông-Hồng#Phố-Hiến-1987"

// eachDB runs fn on a fresh attt over SQLite and over PostgreSQL (skipped
// when ATTT_TEST_POSTGRES is not set).
func eachDB(t *testing.T, fn func(t *testing.T, in *e2e.Instance)) {
	t.Helper()
	for _, pg := range []bool{false, true} {
		name := map[bool]string{false: "sqlite", true: "postgres"}[pg]
		t.Run(name, func(t *testing.T) { fn(t, start(t, pg)) })
	}
}

// start runs attt trusting 127.0.0.1 as a proxy, so each test request can
// come "from" its own address (X-Forwarded-For) and the per-address rate
// limits and sign-in throttle, which have their own tests, stay out of the
// way of API scenarios.
func start(tb testing.TB, pg bool) *e2e.Instance {
	tb.Helper()
	return e2e.Start(tb, e2e.Options{Postgres: pg, Tune: func(c *config.Config) {
		c.TrustedProxies = []string{"127.0.0.1"}
	}})
}

var lastIP atomic.Uint32

// freshIP returns a client address no request has used yet.
func freshIP() string {
	n := lastIP.Add(1)
	return fmt.Sprintf("10.%d.%d.%d", byte(n>>16), byte(n>>8), byte(n))
}

// client calls the API over real HTTP as one principal.
type client struct {
	tb    testing.TB
	base  string
	token string
	lang  string
}

func anon(tb testing.TB, in *e2e.Instance) *client { return &client{tb: tb, base: in.URL} }

// reply is an HTTP answer, read whole.
type reply struct {
	Status int
	Header http.Header
	Body   []byte
}

// errBody is the API's error document.
type errBody struct {
	Error struct {
		Code    string   `json:"code"`
		Message string   `json:"message"`
		Details []string `json:"details"`
	} `json:"error"`
}

func (r reply) err() errBody {
	var e errBody
	_ = json.Unmarshal(r.Body, &e)
	return e
}

func (r reply) String() string { return fmt.Sprintf("%d %s", r.Status, bytes.TrimSpace(r.Body)) }

// into decodes the body into v, failing the test when it cannot.
func (r reply) into(tb testing.TB, v any) {
	tb.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		tb.Fatalf("decode %s: %v", r, err)
	}
}

// do sends body (nil: none; []byte or string: raw JSON; else marshalled).
func (c *client) do(method, path string, body any) reply {
	c.tb.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	case string:
		rd = strings.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			c.tb.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	if err != nil {
		c.tb.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return c.send(req)
}

func (c *client) send(req *http.Request) reply {
	c.tb.Helper()
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	if c.lang != "" {
		req.Header.Set("Accept-Language", c.lang)
	}
	req.Header.Set("X-Forwarded-For", freshIP())
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		c.tb.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		c.tb.Fatalf("%s %s: read: %v", req.Method, req.URL.Path, err)
	}
	return reply{Status: res.StatusCode, Header: res.Header, Body: data}
}

// must calls the API and fails the test unless the status is want; the
// answer is decoded into out when out is not nil.
func (c *client) must(want int, method, path string, body, out any) reply {
	c.tb.Helper()
	r := c.do(method, path, body)
	if r.Status != want {
		c.tb.Fatalf("%s %s: want %d, got %s", method, path, want, r)
	}
	if out != nil {
		r.into(c.tb, out)
	}
	return r
}

// upload posts a multipart form with one "file" field.
func (c *client) upload(path, name string, data []byte) reply {
	c.tb.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		c.tb.Fatal(err)
	}
	_, _ = fw.Write(data)
	_ = mw.Close()
	req, err := http.NewRequest("POST", c.base+path, &buf)
	if err != nil {
		c.tb.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.send(req)
}

// signIn logs in over the API and returns a client with the session token.
func signIn(tb testing.TB, in *e2e.Instance, login, password string) *client {
	tb.Helper()
	c := anon(tb, in)
	var ans struct {
		Token string `json:"token"`
	}
	c.must(http.StatusOK, "POST", "/api/v1/login", map[string]string{"login": login, "password": password}, &ans)
	c.token = ans.Token
	return c
}

// as returns ctx acting as the person with login, for service-level setup
// that needs a real principal (e.g. an API token of theirs).
func as(tb testing.TB, in *e2e.Instance, personID string) context.Context {
	tb.Helper()
	p, err := in.Main.Dir.LoadPrincipal(context.Background(), personID)
	if err != nil {
		tb.Fatal(err)
	}
	return principal.With(context.Background(), p)
}

// org is the JSON of an organisation as the API answers it.
type org struct {
	ID        string `json:"id"`
	Code      string `json:"code"`
	Name      string `json:"name"`
	Type      string `json:"type"`
	ParentID  string `json:"parent_id"`
	Active    bool   `json:"active"`
	OfficerID string `json:"officer_id"`
	Depth     int    `json:"depth"`
}

// person is the JSON of a person as the API answers it.
type person struct {
	ID       string `json:"id"`
	Login    string `json:"login"`
	FullName string `json:"full_name"`
	Title    string `json:"title"`
	OrgID    string `json:"org_id"`
	Status   string `json:"status"`
}

type list[T any] struct {
	Items []T `json:"items"`
}

func ids[T any](items []T, id func(T) string) map[string]bool {
	m := map[string]bool{}
	for _, it := range items {
		m[id(it)] = true
	}
	return m
}

func orgIDs(l list[org]) map[string]bool { return ids(l.Items, func(o org) string { return o.ID }) }
