package web_test

import (
	"bytes"
	"encoding/csv"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"attt/internal/audit"
	"attt/internal/directory"
	"attt/internal/principal"
	"attt/internal/testutil/e2e"
)

// download fetches path with c's session and returns the answer and body.
func download(c *webClient, path string) (*http.Response, []byte) {
	c.t.Helper()
	res := c.once(func() *http.Request { r, _ := http.NewRequest("GET", c.base+path, nil); return r })
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return res, body
}

func signInWeb(t *testing.T, in *e2e.Instance, login, password string) *webClient {
	t.Helper()
	c := newWebClient(t, in.URL)
	c.get("/login")
	st, _ := c.post("/login", url.Values{"login": {login}, "password": {password}})
	c.expect("login "+login, st, 200)
	return c
}

func csvOf(t *testing.T, res *http.Response, body []byte) [][]string {
	t.Helper()
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/csv; charset=utf-8" || !bytes.HasPrefix(body, []byte("\xEF\xBB\xBF")) {
		t.Fatalf("csv: %d %s %.200q", res.StatusCode, res.Header.Get("Content-Type"), body)
	}
	rows, err := csv.NewReader(bytes.NewReader(body[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func exportCount(t *testing.T, in *e2e.Instance, action string) int {
	t.Helper()
	recs, err := in.Main.Trail.Search(in.System(), audit.Filter{Action: action, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return len(recs)
}

// TestExportDownloads: the list pages offer downloads that keep their
// filters; the files hold what the page lists (in scope), each download is
// audited, and the chain still verifies.
func TestExportDownloads(t *testing.T) {
	for _, pg := range []bool{false, true} {
		t.Run(map[bool]string{false: "sqlite", true: "postgres"}[pg], func(t *testing.T) {
			in := e2e.Start(t, e2e.Options{Postgres: pg})
			dept := in.Org(t, "SO-NV", "Sở Nội vụ", directory.TypeDepartment, "")
			in.Org(t, "SO-YT", "Sở Y tế", directory.TypeDepartment, "")
			in.Person(t, "quantri", "Trần Quản Trị", "", adminPassword, principal.Admin)
			in.Person(t, "binh.nv", "Nguyễn Văn Bình", "SO-NV", "Cầu-Treo#Kim-Động-1977", principal.Officer)
			in.Person(t, "hoa.yt", "Lê Thị Hoa", "SO-YT", "Cầu-Treo#Kim-Động-1977")
			admin := signInWeb(t, in, "quantri", adminPassword)

			// People: the button carries the filters.
			st, _ := admin.get("/people?q=binh&org=" + dept.ID)
			link := "/people/export.xlsx?org=" + dept.ID + "&amp;status=&amp;q=binh"
			admin.expect("people buttons", st, 200, `href="`+link+`"`, `href="/people/export.csv?org=`+dept.ID)
			res, body := download(admin, strings.ReplaceAll(link, "&amp;", "&"))
			if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
				t.Fatalf("people xlsx: %d %s", res.StatusCode, body)
			}
			day := time.Now().In(time.FixedZone("ICT", 7*3600)).Format("02-01-2006")
			if cd := res.Header.Get("Content-Disposition"); cd != `attachment; filename="can-bo-`+day+`.xlsx"; filename*=UTF-8''c%C3%A1n-b%E1%BB%99-`+day+`.xlsx` {
				t.Errorf("Content-Disposition %q", cd)
			}
			f, err := excelize.OpenReader(bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			rows, err := f.GetRows("Cán bộ")
			_ = f.Close()
			if err != nil || len(rows) != 2 || rows[0][1] != "Họ và tên" || rows[1][1] != "Nguyễn Văn Bình" || rows[1][2] != "SO-NV" {
				t.Fatalf("people xlsx rows %q %v", rows, err)
			}

			// Organisations as CSV.
			st, _ = admin.get("/orgs?q=SO-&retired=1")
			admin.expect("orgs buttons", st, 200, `href="/orgs/export.csv?q=SO-&amp;retired=1"`)
			res, body = download(admin, "/orgs/export.csv?q=SO-&retired=1")
			orgs := csvOf(t, res, body)
			if len(orgs) != 3 || orgs[0][0] != "Mã đơn vị" || orgs[1][0]+orgs[2][0] != "SO-NVSO-YT" && orgs[1][0]+orgs[2][0] != "SO-YTSO-NV" || orgs[1][3] != "HY" {
				t.Errorf("orgs csv %q", orgs)
			}

			// An officer of SO-NV downloads nothing of SO-YT.
			officer := signInWeb(t, in, "binh.nv", "Cầu-Treo#Kim-Động-1977")
			res, body = download(officer, "/people/export.csv")
			people := csvOf(t, res, body)
			if len(people) != 2 || people[1][0] != "binh.nv" || bytes.Contains(body, []byte("Hoa")) {
				t.Errorf("officer's people csv %q", people)
			}
			res, body = download(officer, "/audit/export.csv")
			if csvOf(t, res, body); bytes.Contains(body, []byte("hoa.yt")) || bytes.Contains(body, []byte("SO-YT")) || bytes.Contains(body, []byte("Sở Y tế")) {
				t.Errorf("officer's trail export names SO-YT:\n%s", body)
			}
			if res, _ := download(officer, "/people/export.xlsx?org="+mustOrg(t, in, "SO-YT").ID); res.StatusCode != 403 {
				t.Errorf("officer exported SO-YT: %d", res.StatusCode)
			}

			// The audit page: buttons with the search, and the export of it.
			st, _ = admin.get("/audit?action=people.export")
			admin.expect("audit buttons", st, 200, `href="/audit/export.xlsx?from=&amp;to=&amp;action=people.export&amp;actor=&amp;q=&amp;org="`)
			res, body = download(admin, "/audit/export.csv?action=people.export")
			trail := csvOf(t, res, body)
			if len(trail) != 3 || trail[0][0] != "Số thứ tự" || trail[1][3] != "people.export" || trail[1][2] != "binh.nv" || trail[2][2] != "quantri" {
				t.Errorf("audit csv %q", trail)
			}
			if !strings.Contains(trail[2][11], `"rows":1`) || !strings.Contains(trail[2][11], `"q":"binh"`) {
				t.Errorf("the export record lacks its filter and count: %s", trail[2][11])
			}
			res, _ = download(admin, "/audit/export.xlsx?from=31/02/2025")
			if res.StatusCode != 400 {
				t.Errorf("bad date: %d", res.StatusCode)
			}

			for action, want := range map[string]int{"people.export": 2, "org.export": 1, "audit.export": 2} {
				if n := exportCount(t, in, action); n != want {
					t.Errorf("%s: %d records, want %d", action, n, want)
				}
			}
			res2, err := audit.Verify(in.System(), in.Main.DB)
			if err != nil || !res2.OK {
				t.Fatalf("verify: %+v %v", res2, err)
			}
		})
	}
}

func mustOrg(t *testing.T, in *e2e.Instance, code string) *directory.Org {
	t.Helper()
	o, err := in.Main.Dir.GetOrgByCode(in.System(), code)
	if err != nil {
		t.Fatal(err)
	}
	return o
}
