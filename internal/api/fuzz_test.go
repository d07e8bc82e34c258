package api_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"attt/internal/db/dbtest"
	"attt/internal/principal"
)

// FuzzLoginDecode feeds arbitrary bodies to the real sign-in route — the
// whole handler chain of the web server (limits, body cap, CSRF, strict
// decoder, throttle, accounts service) — on SQLite and, when configured,
// PostgreSQL. Whatever the bytes, the answer is never a 5xx or a panic,
// and anything but success is the JSON error document. Seeds live in
// testdata/fuzz/FuzzLoginDecode.
func FuzzLoginDecode(f *testing.F) {
	type target struct {
		name string
		h    http.Handler
	}
	var targets []target
	dbs := []bool{false}
	if os.Getenv(dbtest.EnvPostgres) != "" {
		dbs = append(dbs, true)
	}
	for _, pg := range dbs {
		in := start(f, pg)
		in.Person(f, "fuzz.user", "Người Thử Nghiệm", "", pw, principal.Staff)
		h, err := in.Main.Handler()
		if err != nil {
			f.Fatal(err)
		}
		targets = append(targets, target{map[bool]string{false: "sqlite", true: "postgres"}[pg], h})
	}
	f.Add([]byte(`{"login":"fuzz.user","password":"` + pw + `"}`))
	f.Add([]byte(`{"login":"fuzz.user","password":"x","totp":"123456"}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, tg := range targets {
			req := httptest.NewRequest("POST", "/api/v1/login", bytes.NewReader(body))
			req.RemoteAddr = "127.0.0.1:40000"
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("X-Forwarded-For", freshIP())
			rec := httptest.NewRecorder()
			tg.h.ServeHTTP(rec, req)
			if rec.Code >= 500 {
				t.Fatalf("%s: %q → %d %s", tg.name, body, rec.Code, rec.Body)
			}
			if rec.Code == http.StatusOK {
				continue
			}
			var e errBody
			if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Error.Code == "" || e.Error.Message == "" {
				t.Fatalf("%s: %q → %d, not the error document: %s", tg.name, body, rec.Code, rec.Body)
			}
		}
	})
}
