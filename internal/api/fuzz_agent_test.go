package api_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"attt/internal/asset"
	"attt/internal/asset/agentwire"
	"attt/internal/db/dbtest"
	"attt/internal/directory"
)

// FuzzAgentReport feeds arbitrary bodies, correctly signed by an enrolled
// agent, to the real report route through the whole handler chain (limits,
// body cap, signature, window, nonce, strict decoder, apply) on SQLite
// and, when configured, PostgreSQL. Whatever the bytes, the answer is
// never a 5xx, and anything but success is the JSON error document.
func FuzzAgentReport(f *testing.F) {
	type target struct {
		name   string
		h      http.Handler
		id     string
		secret string
	}
	var targets []target
	dbs := []bool{false}
	if os.Getenv(dbtest.EnvPostgres) != "" {
		dbs = append(dbs, true)
	}
	for _, pg := range dbs {
		in := start(f, pg)
		org := in.Org(f, "STC", "Sở Tài chính", directory.TypeDepartment, "")
		e, err := in.Main.Assets.CreateEnrolment(in.System(), asset.EnrolmentInput{OrgID: org.ID})
		if err != nil {
			f.Fatal(err)
		}
		res, err := in.Main.Assets.Enroll(in.System(), agentwire.EnrollRequest{Token: e.Token, Hostname: "fuzz-01"})
		if err != nil {
			f.Fatal(err)
		}
		h, err := in.Main.Handler()
		if err != nil {
			f.Fatal(err)
		}
		targets = append(targets, target{map[bool]string{false: "sqlite", true: "postgres"}[pg], h, res.AgentID, res.Secret})
	}
	good, _ := json.Marshal(agentwire.Report{Hostname: "fuzz-01", OS: "Debian GNU/Linux", Addresses: []string{"10.0.0.9"},
		Software: []agentwire.Package{{Name: "vim", Version: "2:9.0", Source: "dpkg"}}, Antivirus: &agentwire.Antivirus{Product: "ClamAV", Installed: true}})
	f.Add(good)
	f.Add([]byte(`{"hostname":"fuzz-01","software":[{"name":"x"},{"name":"x"}],"backup":{"last_backup_at":"2026-01-01T00:00:00Z"}}`))
	f.Add([]byte(`{"hostname":"","macs":["zz"]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, tg := range targets {
			ts, nonce := agentwire.Timestamp(time.Now()), agentwire.NewNonce()
			req := httptest.NewRequest("POST", agentwire.PathReport, bytes.NewReader(body))
			req.RemoteAddr = "127.0.0.1:40000"
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("X-Forwarded-For", freshIP())
			req.Header.Set(agentwire.HeaderAgent, tg.id)
			req.Header.Set(agentwire.HeaderTimestamp, ts)
			req.Header.Set(agentwire.HeaderNonce, nonce)
			req.Header.Set(agentwire.HeaderSignature, agentwire.Sign(tg.secret, ts, nonce, body))
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
