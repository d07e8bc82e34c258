package api_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"attt/internal/principal"
	"attt/internal/testutil/e2e"
)

// TestExports: an officer downloads their agency's people as CSV and XLSX;
// the files hold their people only, Vietnamese intact, formulas defused;
// each download is in the audit trail with its row count.
func TestExports(t *testing.T) {
	eachDB(t, func(t *testing.T, in *e2e.Instance) {
		in.Org(t, "SO-KHCN", "Sở Khoa học và Công nghệ", "department", "")
		in.Org(t, "SO-TC", "Sở Tài chính", "department", "")
		in.Person(t, "le.chuyentrach", "Lê Văn Chuyên", "SO-KHCN", pw, principal.Officer)
		in.Person(t, "nguyen.vana", "=HYPERLINK(\"http://x\")", "SO-KHCN", pw)
		in.Person(t, "tran.thib", "Trần Thị Bích", "SO-TC", pw)
		officer := signIn(t, in, "le.chuyentrach", pw)

		csv := officer.do("GET", "/api/v1/people/export?format=csv", nil)
		if csv.Status != 200 || !bytes.HasPrefix(csv.Body, []byte("\xEF\xBB\xBF")) {
			t.Fatalf("csv export: %.300s", csv)
		}
		body := string(csv.Body)
		if !strings.Contains(body, "Lê Văn Chuyên") || strings.Contains(body, "Trần Thị Bích") {
			t.Errorf("csv holds the wrong people:\n%s", body)
		}
		if strings.Contains(body, ",=HYPERLINK") || strings.Contains(body, "\n=HYPERLINK") || strings.Contains(body, "\"=HYPERLINK") {
			t.Errorf("a formula went out unescaped:\n%s", body)
		}

		xlsx := officer.do("GET", "/api/v1/people/export?format=xlsx", nil)
		if xlsx.Status != 200 {
			t.Fatalf("xlsx export: %.300s", xlsx)
		}
		f, err := excelize.OpenReader(bytes.NewReader(xlsx.Body))
		if err != nil {
			t.Fatalf("the xlsx does not open: %v", err)
		}
		rows, err := f.GetRows(f.GetSheetName(0))
		if err != nil || len(rows) < 3 {
			t.Fatalf("xlsx rows: %v %v", rows, err)
		}
		joined := strings.Join(rows[0], "|")
		if !strings.Contains(joined, "Họ và tên") {
			t.Errorf("xlsx header: %v", rows[0])
		}

		var page auditPage
		in.Person(t, "quan.tri", "Quản Trị Viên", "", pw, principal.Admin)
		signIn(t, in, "quan.tri", pw).must(200, "GET", "/api/v1/audit?action=people.export", nil, &page)
		if len(page.Items) != 2 || page.Items[0].ActorLogin != "le.chuyentrach" || !strings.Contains(string(page.Items[0].After), `"rows":2`) {
			t.Errorf("exports must be audited with their row count: %+v", page.Items)
		}
	})
}
