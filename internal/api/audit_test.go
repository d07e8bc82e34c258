package api_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"testing"
	"time"

	"attt/internal/locale"
	"attt/internal/principal"
	"attt/internal/testutil/e2e"
)

type auditRecord struct {
	Seq        int64           `json:"seq"`
	At         time.Time       `json:"at"`
	ActorLogin string          `json:"actor_login"`
	OrgID      string          `json:"org_id"`
	Action     string          `json:"action"`
	TargetID   string          `json:"target_id"`
	IP         string          `json:"ip"`
	UserAgent  string          `json:"user_agent"`
	After      json.RawMessage `json:"after"`
	Hash       string          `json:"hash"`
}

type auditPage struct {
	Items      []auditRecord `json:"items"`
	NextBefore int64         `json:"next_before"`
}

func TestAuditSearch(t *testing.T) {
	eachDB(t, func(t *testing.T, in *e2e.Instance) {
		khcn := in.Org(t, "SO-KHCN", "Sở Khoa học và Công nghệ", "department", "")
		tc := in.Org(t, "SO-TC", "Sở Tài chính", "department", "")
		in.Person(t, "quan.tri", "Quản Trị Viên", "", pw, principal.Admin)
		in.Person(t, "le.chuyentrach", "Lê Văn Chuyên", "SO-KHCN", pw, principal.Officer)
		in.Person(t, "nguyen.vana", "Nguyễn Văn A", "SO-KHCN", pw)
		admin := signIn(t, in, "quan.tri", pw)
		officer := signIn(t, in, "le.chuyentrach", pw)
		staff := signIn(t, in, "nguyen.vana", pw)
		signInReply(t, in, "nguyen.vana", "Sai-mật-khẩu#2024")
		var unit org
		admin.must(201, "POST", "/api/v1/orgs", map[string]string{"code": "TT-CDS", "name": "Trung tâm Chuyển đổi số", "type": "unit", "parent_id": tc.ID}, &unit)

		var page auditPage
		admin.must(200, "GET", "/api/v1/audit?action=org.create&actor=quan.tri", nil, &page)
		if len(page.Items) != 1 || page.Items[0].TargetID != unit.ID || page.Items[0].At.Location() != time.UTC || page.NextBefore != 0 {
			t.Fatalf("org.create by quan.tri: %+v", page)
		}
		var after map[string]any
		if err := json.Unmarshal(page.Items[0].After, &after); err != nil || after["code"] != "TT-CDS" {
			t.Errorf("after is not the recorded object: %s", page.Items[0].After)
		}

		// Sign-in failures carry address and agent (Đ7.8).
		admin.must(200, "GET", "/api/v1/audit?action=auth.login.failure", nil, &page)
		if len(page.Items) != 1 || page.Items[0].ActorLogin != "nguyen.vana" || page.Items[0].IP == "" || page.Items[0].UserAgent == "" {
			t.Errorf("login failure: %+v", page.Items)
		}

		// Dates: today (dd/mm/yyyy, Vietnam) includes everything; a range
		// ending yesterday nothing; RFC 3339 works too.
		today := locale.Date(time.Now())
		yesterday := locale.Date(time.Now().Add(-24 * time.Hour))
		admin.must(200, "GET", "/api/v1/audit?from="+url.QueryEscape(today)+"&to="+url.QueryEscape(today), nil, &page)
		all := len(page.Items)
		if all < 5 {
			t.Errorf("today: %d records", all)
		}
		admin.must(200, "GET", "/api/v1/audit?to="+url.QueryEscape(yesterday), nil, &page)
		if len(page.Items) != 0 {
			t.Errorf("until yesterday: %+v", page.Items)
		}
		admin.must(200, "GET", "/api/v1/audit?from="+url.QueryEscape(time.Now().Add(time.Hour).Format(time.RFC3339)), nil, &page)
		if len(page.Items) != 0 {
			t.Errorf("from the future: %+v", page.Items)
		}

		// Paging walks the whole trail, newest first, without overlap.
		seen, before := 0, int64(0)
		for range 100 {
			q := "/api/v1/audit?limit=2"
			if before > 0 {
				q += fmt.Sprintf("&before=%d", before)
			}
			admin.must(200, "GET", q, nil, &page)
			for _, it := range page.Items {
				if before > 0 && it.Seq >= before {
					t.Fatalf("page overlaps: %d after before=%d", it.Seq, before)
				}
			}
			seen += len(page.Items)
			if before = page.NextBefore; before == 0 {
				break
			}
		}
		if seen != all {
			t.Errorf("paging saw %d of %d", seen, all)
		}

		for _, q := range []string{"from=yesterday", "to=2025-13-01", "limit=0", "limit=5000", "before=-1"} {
			if r := admin.do("GET", "/api/v1/audit?"+q, nil); r.Status != 400 || r.err().Error.Code != "invalid" {
				t.Errorf("%s: %s", q, r)
			}
		}

		// Scope: the officer of SO-KHCN sees their agency's records only.
		officer.must(200, "GET", "/api/v1/audit", nil, &page)
		if len(page.Items) == 0 {
			t.Fatal("officer sees nothing")
		}
		for _, it := range page.Items {
			if it.OrgID != khcn.ID {
				t.Errorf("officer sees %+v", it)
			}
		}
		officer.must(200, "GET", "/api/v1/audit?org="+tc.ID, nil, &page)
		if len(page.Items) != 0 {
			t.Errorf("officer searches SO-TC: %+v", page.Items)
		}
		if r := staff.do("GET", "/api/v1/audit", nil); r.Status != 403 {
			t.Errorf("staff reads the trail: %s", r)
		}
	})
}
