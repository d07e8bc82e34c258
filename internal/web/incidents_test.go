package web_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"attt/internal/directory"
	"attt/internal/principal"
	"attt/internal/testutil/e2e"
)

// eicar is the standard anti-virus test file.
const eicar = `X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*`

const incidentPassword = "Phố-Hiến#Chùa-Chuông-1709"

// postFiles posts a multipart form with fields and files under "files".
func (c *webClient) postFiles(path string, form url.Values, files map[string][]byte) (int, string) {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("csrf", c.csrf)
	for k, vs := range form {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	for name, data := range files {
		fw, _ := mw.CreateFormFile("files", name)
		_, _ = fw.Write(data)
	}
	_ = mw.Close()
	return c.send(func() *http.Request {
		r, _ := http.NewRequest("POST", c.base+path, bytes.NewReader(buf.Bytes()))
		r.Header.Set("Content-Type", mw.FormDataContentType())
		return r
	})
}

// incidentProvince starts attt with two departments, each with staff and
// an officer, and the provincial authority.
func incidentProvince(t *testing.T, pg bool) *e2e.Instance {
	t.Helper()
	in := e2e.Start(t, e2e.Options{Postgres: pg})
	in.Org(t, "STC", "Sở Tài chính", directory.TypeDepartment, "")
	in.Org(t, "SXD", "Sở Xây dựng", directory.TypeDepartment, "")
	in.Person(t, "an.nv", "Nguyễn Văn An", "STC", incidentPassword)
	in.Person(t, "lan.nt", "Ngô Thị Lan", "STC", incidentPassword, principal.Officer)
	in.Person(t, "hai.tv", "Trần Văn Hải", "STC", incidentPassword, principal.Head)
	in.Person(t, "minh.lv", "Lê Văn Minh", "SXD", incidentPassword, principal.Officer)
	in.Person(t, "thu.pt", "Phạm Thị Thu", "", incidentPassword, principal.Authority)
	return in
}

// TestIncidentPages walks the incident room without a browser: a report
// with a file, a refused EICAR upload that keeps what was typed, triage,
// another department's officer kept out, the audited export, the
// dashboard's overdue panel and the summary with Mẫu 05.
func TestIncidentPages(t *testing.T) {
	for _, pg := range []bool{false, true} {
		t.Run(map[bool]string{false: "sqlite", true: "postgres"}[pg], func(t *testing.T) {
			in := incidentProvince(t, pg)
			staff := signInWeb(t, in, "an.nv", incidentPassword)
			st, _ := staff.get("/incidents/new")
			staff.expect("report form", st, 200, `id="report-form"`, `enctype="multipart/form-data"`, `id="nav-report-incident"`)

			detected := time.Now().In(time.FixedZone("ICT", 7*3600)).Add(-10 * 24 * time.Hour).Format("2006-01-02T15:04")
			form := url.Values{"title": {"Máy tính phòng Kế toán hiện thông báo tống tiền"}, "description": {"Các tệp bị đổi đuôi thành .locked"},
				"detected_at": {detected}, "affected": {"Máy tính phòng Kế toán"}, "detection_method": {"Nhân viên phát hiện"}, "contact": {"0912 345 678"}}

			// A refused file refuses the report and keeps every field.
			st, _ = staff.postFiles("/incidents", form, map[string][]byte{"nhat-ky.txt": []byte(eicar)})
			staff.expect("EICAR refused", st, 400, "phát hiện mã độc", `value="Máy tính phòng Kế toán hiện thông báo tống tiền"`,
				"Các tệp bị đổi đuôi thành .locked", `value="0912 345 678"`, `value="`+detected+`"`)
			if n := exportCount(t, in, "incident.report"); n != 0 {
				t.Fatalf("a refused report was recorded %d times", n)
			}

			st, _ = staff.postFiles("/incidents", form, map[string][]byte{"nhat-ky.txt": []byte("Tệp bị mã hóa lúc 08:15\n")})
			staff.expect("report", st, 200, "Đã tạo.", "SC-STC-", "nhat-ky.txt", "Chưa gửi báo cáo ban đầu (Mẫu 03)")
			m := regexp.MustCompile(`/incidents/([0-9A-Z]{26})/files/([0-9A-Z]{26})`).FindStringSubmatch(staff.body)
			if m == nil {
				t.Fatal("no file link on the page")
			}
			id := m[1]
			res, body := download(staff, m[0])
			if res.StatusCode != 200 || string(body) != "Tệp bị mã hóa lúc 08:15\n" {
				t.Fatalf("file download: %d %q", res.StatusCode, body)
			}
			if strings.Contains(staff.body, `id="triage-form"`) {
				t.Fatal("the reporter sees the triage form")
			}

			// A's officer finds it, without diacritics, and triages it; a
			// refused triage keeps the system typed.
			officer := signInWeb(t, in, "lan.nt", incidentPassword)
			st, _ = officer.get("/incidents?q=tong+tien")
			officer.expect("officer list", st, 200, "/incidents/"+id, "Quá hạn")
			st, _ = officer.get("/incidents/" + id)
			officer.expect("officer page", st, 200, `id="triage-form"`, `id="check-beyond_capacity"`)
			triage := url.Values{"title": {"Mã độc tống tiền tại phòng Kế toán"}, "severity": {"high"}, "checks": {"disruption", "beyond_capacity"},
				"sys_name": {"Máy chủ kế toán", ""}, "sys_level": {"4", ""}, "sys_domain": {"ketoan.stc.hungyen.gov.vn", ""}, "sys_ips": {"10.1.2.3", ""}}
			st, _ = officer.post("/incidents/"+id+"/triage", triage)
			officer.expect("triage without a type", st, 400, "Hãy chọn loại sự cố", `value="Máy chủ kế toán"`, `value="ketoan.stc.hungyen.gov.vn"`)
			triage.Set("category", "ransomware")
			st, _ = officer.post("/incidents/"+id+"/triage", triage)
			officer.expect("triage", st, 200, "Đã lưu.", `id="serious"`, "Máy chủ kế toán", "Đã phân loại")
			st, _ = officer.post("/incidents/"+id+"/comment", url.Values{"body": {"Đã cách ly máy khỏi mạng"}})
			officer.expect("comment", st, 200, "Đã cách ly máy khỏi mạng", "nội bộ")
			st, _ = officer.post("/incidents/"+id+"/comment", url.Values{"body": {"  "}})
			officer.expect("empty comment", st, 400, "Ý kiến không được để trống")
			st, _ = officer.get("/lang/en?back=/incidents/" + id)
			officer.expect("english", st, 200, "Save the triage", "Encryption of software, data or devices (ransomware)", "Initial report (Form 03) not filed")
			st, _ = officer.post("/incidents/"+id+"/reject", url.Values{"reason": {""}})
			officer.expect("english error", st, 400, "Give the reason it is not an incident.")
			officer.get("/lang/vi?back=/")

			// B's officer neither sees it nor reaches it.
			other := signInWeb(t, in, "minh.lv", incidentPassword)
			st, _ = other.get("/incidents")
			other.expect("other list", st, 200, `id="incidents"`)
			if strings.Contains(other.body, id) || strings.Contains(other.body, "SC-STC-") {
				t.Fatal("B's officer sees A's incident in the list")
			}
			for _, p := range []string{"/incidents/" + id, m[0]} {
				st, _ = other.get(p)
				if st != 403 && st != 404 {
					t.Fatalf("B's officer on %s: status %d", p, st)
				}
			}
			st, _ = other.post("/incidents/"+id+"/comment", url.Values{"body": {"xem trộm"}})
			if st != 403 && st != 404 {
				t.Fatalf("B's officer comments: status %d", st)
			}

			// The export holds the filtered list and is audited.
			before := exportCount(t, in, "incident.export")
			st, _ = officer.get("/incidents?q=tong+tien")
			officer.expect("export link", st, 200, `href="/incidents/export.xlsx?q=tong&#43;tien"`)
			res, body = download(officer, "/incidents/export.xlsx?q=tong+tien")
			if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
				t.Fatalf("export: %d %.200s", res.StatusCode, body)
			}
			rows := xlsxRows(t, body)
			if len(rows) != 2 || rows[0][0] != "Mã sự cố" || !strings.HasPrefix(rows[1][0], "SC-STC-") || rows[1][2] != "Mã độc tống tiền tại phòng Kế toán" {
				t.Fatalf("export rows %q", rows)
			}
			res, body = download(other, "/incidents/export.xlsx")
			if rows := xlsxRows(t, body); res.StatusCode != 200 || len(rows) != 1 {
				t.Fatalf("B's export: %d %q", res.StatusCode, rows)
			}
			if n := exportCount(t, in, "incident.export"); n != before+2 {
				t.Fatalf("exports audited %d times, want %d", n, before+2)
			}

			// The dashboard flags the overdue initial report; the summary
			// counts it and renders Mẫu 05.
			st, _ = officer.get("/")
			officer.expect("dashboard", st, 200, `id="overdue-incidents"`, "Mã độc tống tiền tại phòng Kế toán")
			st, _ = staff.get("/")
			if strings.Contains(staff.body, `id="overdue-incidents"`) {
				t.Fatal("staff see the overdue panel")
			}
			year := time.Now().In(time.FixedZone("ICT", 7*3600)).Add(-10 * 24 * time.Hour).Format("2006")
			st, _ = officer.get("/incidents/summary?year=" + year)
			officer.expect("summary", st, 200, `id="by-agency"`, `<svg class="chart"`, "Sở Tài chính", "Mã hóa phần mềm, dữ liệu, thiết bị (ransomware)", `id="mau05-pdf"`)
			if got := regexp.MustCompile(`<b id="sum-total">(\d+)</b>`).FindStringSubmatch(officer.body); got == nil || got[1] != "1" {
				t.Fatalf("summary total %q", got)
			}
			link := regexp.MustCompile(`href="(/incidents/summary/mau05/pdf\?[^"]+)"`).FindStringSubmatch(officer.body)
			if link == nil {
				t.Fatal("no Mẫu 05 link")
			}
			res, body = download(officer, strings.ReplaceAll(link[1], "&amp;", "&"))
			if res.StatusCode != 200 || !bytes.HasPrefix(body, []byte("%PDF")) {
				t.Fatalf("Mẫu 05 PDF: %d %.200s", res.StatusCode, body)
			}
			res, body = download(officer, strings.ReplaceAll(strings.Replace(link[1], "/pdf?", "/xlsx?", 1), "&amp;", "&"))
			if res.StatusCode != 200 || !bytes.HasPrefix(body, []byte("PK")) {
				t.Fatalf("Mẫu 05 XLSX: %d %.200s", res.StatusCode, body)
			}
			st, _ = staff.get("/incidents/summary")
			if st != 403 {
				t.Fatalf("staff summary: status %d", st)
			}
		})
	}
}

// xlsxRows reads the first sheet of an XLSX file.
func xlsxRows(t *testing.T, body []byte) [][]string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("xlsx: %v", err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	return rows
}
