package api_test

import (
	"encoding/csv"
	"strings"
	"testing"

	"attt/internal/directory"
	"attt/internal/principal"
	"attt/internal/testutil/e2e"
)

type logSearch struct {
	Events []struct {
		ID         string `json:"id"`
		OrgID      string `json:"org_id"`
		Host       string `json:"host"`
		Message    string `json:"message"`
		Raw        string `json:"raw"`
		ParseError string `json:"parse_error"`
		Fields     []struct{ Key, Value string }
	} `json:"events"`
}

// TestLogsAPI sends a JSON batch with a source's token and finds it again
// as the agency's officer: search, one event, histogram and export.
func TestLogsAPI(t *testing.T) {
	eachDB(t, func(t *testing.T, in *e2e.Instance) {
		in.Org(t, "DEPT-A", "Sở Nội vụ", directory.TypeDepartment, "")
		in.Person(t, "a.officer", "Trần Văn Bình", "DEPT-A", pw, principal.Officer)
		officer := signIn(t, in, "a.officer", pw)
		a, err := in.Main.Dir.GetOrgByCode(in.System(), "DEPT-A")
		if err != nil {
			t.Fatal(err)
		}
		var src struct {
			ID, Token string
		}
		officer.must(201, "POST", "/api/v1/log-sources", map[string]any{"org_id": a.ID, "name": "Cổng dịch vụ công", "kind": "token"}, &src)
		if src.Token == "" {
			t.Fatal("no token in the answer")
		}
		sender := anon(t, in)
		if r := sender.do("POST", "/api/v1/logs", `[{"message":"x"}]`); r.Status != 401 {
			t.Fatalf("POST without a token: %s", r)
		}
		sender.token = "attl_wrong"
		if r := sender.do("POST", "/api/v1/logs", `[{"message":"x"}]`); r.Status != 401 {
			t.Fatalf("POST with a wrong token: %s", r)
		}
		sender.token = src.Token
		var acc struct{ Accepted int }
		sender.must(200, "POST", "/api/v1/logs", `[{"timestamp":"2026-11-20T08:00:00","host":"dvc-01","message":"Người dùng đăng nhập thất bại","user":"nguyen.an"}]`, nil)
		sender.must(200, "POST", "/api/v1/logs", "{\"host\":\"dvc-01\",\"message\":\"dòng một\"}\n{\"broken\n{\"host\":\"dvc-01\",\"message\":\"dòng hai\"}\n", &acc)
		if acc.Accepted != 3 {
			t.Fatalf("NDJSON accepted %d, want 3", acc.Accepted)
		}
		var all logSearch
		officer.must(200, "GET", "/api/v1/logs", nil, &all)
		if len(all.Events) != 4 {
			t.Fatalf("officer finds %d events, want 4 (the malformed one kept): %+v", len(all.Events), all)
		}
		flagged := 0
		for _, e := range all.Events {
			if e.ParseError != "" && e.Raw == `{"broken` {
				flagged++
			}
		}
		if flagged != 1 {
			t.Fatalf("the malformed line is not kept raw with its flag: %+v", all)
		}
		var found logSearch
		officer.must(200, "GET", "/api/v1/logs?q=dang+nhap+that+bai&field=user%3Dnguyen.an&from=20/11/2026&to=20/11/2026", nil, &found)
		if len(found.Events) != 1 || found.Events[0].Host != "dvc-01" || found.Events[0].OrgID != a.ID {
			t.Fatalf("free text without diacritics + field + dates: %+v", found)
		}
		var one struct{ Raw string }
		officer.must(200, "GET", "/api/v1/logs/"+found.Events[0].ID, nil, &one)
		if !strings.Contains(one.Raw, "nguyen.an") {
			t.Fatalf("raw line: %q", one.Raw)
		}
		var h struct {
			Buckets []struct{ Count int }
		}
		officer.must(200, "GET", "/api/v1/logs/histogram?from=20/11/2026&to=20/11/2026&bars=24", nil, &h)
		total := 0
		for _, b := range h.Buckets {
			total += b.Count
		}
		if total != 1 || len(h.Buckets) != 24 {
			t.Fatalf("histogram: %d buckets, %d events", len(h.Buckets), total)
		}
		r := officer.must(200, "GET", "/api/v1/logs/export?format=csv&q=nguyen.an", nil, nil)
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(r.Body), "\ufeff"))).ReadAll()
		if err != nil || len(rows) != 2 {
			t.Fatalf("export: %d rows, %v", len(rows), err)
		}
	})
}
