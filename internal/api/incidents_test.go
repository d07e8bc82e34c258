package api_test

import (
	"archive/zip"
	"bytes"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"attt/internal/directory"
	"attt/internal/incident"
	"attt/internal/principal"
	"attt/internal/testutil/e2e"
)

// reportMultipart posts a report with files as multipart/form-data.
func (c *client) reportMultipart(report string, files map[string]string) reply {
	c.tb.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("report", report)
	for name, data := range files {
		fw, _ := mw.CreateFormFile("file", name)
		_, _ = fw.Write([]byte(data))
	}
	_ = mw.Close()
	req, _ := http.NewRequest("POST", c.base+"/api/v1/incidents", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.send(req)
}

func TestIncidentsScenario(t *testing.T) {
	eachDB(t, func(t *testing.T, in *e2e.Instance) {
		in.Org(t, "SO-TC", "Sở Tài chính", directory.TypeDepartment, "")
		in.Person(t, "tc.staff", "Vũ Đức Bình", "SO-TC", pw)
		officer := in.Person(t, "tc.officer", "Ngô Thị Lan", "SO-TC", pw, principal.Officer)
		in.Person(t, "tc.head", "Trần Văn Hải", "SO-TC", pw, principal.Head)
		in.Person(t, "so.authority", "Phạm Thị Hằng", "", pw, principal.Authority)
		staff, off, auth := signIn(t, in, "tc.staff", pw), signIn(t, in, "tc.officer", pw), signIn(t, in, "so.authority", pw)

		// A refused file refuses the report and keeps nothing.
		eicar := `X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*`
		r := staff.reportMultipart(`{"title":"Máy tính có virus"}`, map[string]string{"virus.txt": eicar})
		if r.Status != 400 || !strings.Contains(r.err().Error.Message+strings.Join(r.err().Error.Details, " "), "EICAR") && r.Status != 400 {
			t.Fatalf("EICAR: %s", r)
		}
		var page struct {
			Items []incident.Incident `json:"items"`
			Total int                 `json:"total"`
		}
		off.must(200, "GET", "/api/v1/incidents", nil, &page)
		if page.Total != 0 {
			t.Fatalf("a refused report left %d incidents", page.Total)
		}

		var inc incident.Incident
		r = staff.reportMultipart(`{"title":"Tấn công giả mạo email lãnh đạo","description":"Email giả danh Giám đốc yêu cầu chuyển tiền"}`,
			map[string]string{"email.txt": "From: giamdoc@stc-hungyen.com\nSubject: Chuyen khoan gap\n"})
		if r.Status != 201 {
			t.Fatalf("report: %s", r)
		}
		r.into(t, &inc)
		if inc.ReportedVia != incident.ViaAPI || len(inc.Files) != 1 {
			t.Fatalf("reported: %+v", inc)
		}
		off.must(200, "GET", "/api/v1/incidents?q=gia%20mao", nil, &page)
		if page.Total != 1 {
			t.Fatalf("search without diacritics: %d", page.Total)
		}
		dl := off.do("GET", "/api/v1/incidents/"+inc.ID+"/files/"+inc.Files[0].ID, nil)
		if dl.Status != 200 || !strings.Contains(string(dl.Body), "Chuyen khoan") || dl.Header.Get("X-Content-SHA256") != inc.Files[0].SHA256 {
			t.Fatalf("download: %s", dl)
		}

		off.must(200, "PUT", "/api/v1/incidents/"+inc.ID+"/triage", map[string]any{"title": inc.Title, "category": "phishing", "severity": "medium",
			"owner_id": officer.ID, "systems": []map[string]any{{"name": "Hệ thống thư điện tử", "level": 2, "domain": "mail.stc.hungyen.gov.vn"}}}, &inc)
		if inc.Status != incident.StatusTriaged || inc.OwnerName != "Ngô Thị Lan" {
			t.Fatalf("triaged: %+v", inc)
		}
		if r := staff.do("POST", "/api/v1/incidents/"+inc.ID+"/escalate", map[string]string{"reason": "x"}); r.Status != 403 {
			t.Fatalf("staff escalates: %s", r)
		}
		auth.must(403, "GET", "/api/v1/incidents/"+inc.ID, nil, nil)
		off.must(200, "POST", "/api/v1/incidents/"+inc.ID+"/escalate", map[string]string{"reason": "Nhiều cán bộ đã nhận email", "support_requested": "Chặn tên miền giả mạo"}, &inc)
		if len(inc.Documents) != 2 {
			t.Fatalf("documents: %+v", inc.Documents)
		}
		pdf := off.do("GET", "/api/v1/incidents/"+inc.ID+"/documents/"+inc.Documents[1].ID, nil)
		if pdf.Status != 200 || pdf.Header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(pdf.Body, []byte("%PDF")) {
			t.Fatalf("Mẫu 03 PDF: %d %s", pdf.Status, pdf.Header)
		}
		docx := off.do("GET", "/api/v1/incidents/"+inc.ID+"/documents/"+inc.Documents[0].ID+"?format=docx", nil)
		if docx.Status != 200 || !zipHas(t, docx.Body, "word/document.xml") {
			t.Fatalf("notice DOCX: %d", docx.Status)
		}
		auth.must(200, "GET", "/api/v1/incidents/"+inc.ID, nil, &inc)
		if !inc.View.Coordinate {
			t.Fatalf("authority view: %+v", inc.View)
		}
		off.must(409, "POST", "/api/v1/incidents/"+inc.ID+"/close", nil, nil)
		off.must(200, "POST", "/api/v1/incidents/"+inc.ID+"/end", map[string]any{"actions_taken": "Chặn tên miền\nCảnh báo cán bộ", "damage": 0}, nil)
		off.must(200, "POST", "/api/v1/incidents/"+inc.ID+"/closing-report", nil, nil)
		off.must(200, "POST", "/api/v1/incidents/"+inc.ID+"/close", nil, &inc)
		if inc.Status != incident.StatusClosed {
			t.Fatalf("closed: %+v", inc)
		}

		var sum incident.Summary
		auth.must(200, "GET", "/api/v1/incidents/summary?year="+inc.DetectedAt.Format("2006")+"&org="+inc.OrgID, nil, &sum)
		if sum.Total.Total != 1 || sum.ByCategory[1].Category != "phishing" || sum.ByCategory[1].Supported != 1 {
			t.Fatalf("summary: %+v", sum)
		}
		x := auth.do("GET", "/api/v1/incidents/summary/report?format=xlsx&year="+inc.DetectedAt.Format("2006")+"&org="+inc.OrgID, nil)
		if x.Status != 200 || !zipHas(t, x.Body, "xl/workbook.xml") {
			t.Fatalf("Mẫu 05 XLSX: %s", x.Header)
		}
		csv := off.do("GET", "/api/v1/incidents/export?format=csv", nil)
		if csv.Status != 200 || !strings.Contains(string(csv.Body), "Tấn công giả mạo email lãnh đạo") {
			t.Fatalf("export: %s", csv)
		}
	})
}

func zipHas(t *testing.T, b []byte, name string) bool {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return false
	}
	for _, f := range zr.File {
		if f.Name == name {
			return true
		}
	}
	return false
}
