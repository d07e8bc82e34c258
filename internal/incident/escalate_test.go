package incident_test

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"

	"attt/internal/db"
	"attt/internal/db/dbtest"
	"attt/internal/errs"
	"attt/internal/incident"
	"attt/internal/testutil/fixture"
)

func TestEscalateCoordinateAndClose(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		officer, authority, police := w.as(fixture.LoginAOfficer), w.as(fixture.LoginAuthority), w.as(fixture.LoginPolice)
		inc := w.report(t, fixture.LoginAStaff, "Trang chủ bị thay đổi")
		_, err := w.inc.Escalate(officer, inc.ID, incident.EscalateInput{Reason: "Không đủ nhân lực"})
		wantCode(t, err, errs.Invalid) // not triaged yet
		w.triage(t, inc.ID, incident.SeverityCritical)
		if _, err := w.inc.Comment(officer, inc.ID, "Nghi ngờ lộ mật khẩu quản trị (nội bộ)", false); err != nil {
			t.Fatal(err)
		}

		w.p.Clock.Advance(3600e9)
		got, err := w.inc.Escalate(officer, inc.ID, incident.EscalateInput{Reason: "Vượt quá khả năng xử lý của đơn vị", SupportRequested: "Hỗ trợ phân tích mã độc và khôi phục"})
		if err != nil {
			t.Fatal(err)
		}
		if got.EscalatedAt.IsZero() || got.Status != incident.StatusResponding || got.InitialReportAt.IsZero() {
			t.Fatalf("escalated: %+v", got)
		}
		if len(got.Documents) != 2 || got.Documents[0].Number != "01/STC" || got.Documents[1].Number != "02/BC-STC" {
			t.Fatalf("documents = %+v", got.Documents)
		}
		_, err = w.inc.Escalate(officer, inc.ID, incident.EscalateInput{Reason: "lần nữa"})
		wantCode(t, err, errs.Conflict)

		// The written notice and Mẫu 03, as PDF and DOCX.
		notice, err := w.inc.RenderDocument(officer, inc.ID, got.Documents[0].ID, "pdf")
		if err != nil {
			t.Fatal(err)
		}
		text := pdfText(t, notice.Body)
		for _, want := range []string{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 01/STC", "SỞ TÀI CHÍNH", "vượt quá khả năng xử lý", "Hỗ trợ phân tích mã độc", "stc.hungyen.gov.vn"} {
			if !strings.Contains(text, want) {
				t.Errorf("notice PDF lacks %q", want)
			}
		}
		m03, err := w.inc.RenderDocument(officer, inc.ID, got.Documents[1].ID, "pdf")
		if err != nil {
			t.Fatal(err)
		}
		text = pdfText(t, m03.Body)
		for _, want := range []string{"Số: 02/BC-STC", "sự cố", "stc.hungyen.gov.vn", "10.1.2.3", "Ngô Thị Lan", "Trần Văn Hải"} {
			if !strings.Contains(text, want) {
				t.Errorf("Mẫu 03 PDF lacks %q\n%s", want, text)
			}
		}
		docx, err := w.inc.RenderDocument(officer, inc.ID, got.Documents[1].ID, "docx")
		if err != nil || !strings.Contains(docxText(t, docx.Body), "02/BC-STC") {
			t.Fatalf("Mẫu 03 DOCX: %v", err)
		}

		// The superior (the province's authority here) is told in writing.
		if got := w.inbox(t, fixture.LoginAuthority, "incident.escalated"); len(got) != 1 {
			t.Errorf("authority inbox after escalation: %v", got)
		}
		// The authority now sees and coordinates; the police do not yet.
		seen, err := w.inc.Get(authority, inc.ID)
		if err != nil || !seen.View.Coordinate || len(seen.Entries) == 0 {
			t.Fatalf("authority: %+v %v", seen, err)
		}
		_, err = w.inc.Get(police, inc.ID)
		wantCode(t, err, errs.Forbidden)
		_, err = w.inc.Share(w.as(fixture.LoginBOfficer), inc.ID, w.p.PoliceOrg.ID, "")
		wantCode(t, err, errs.Forbidden)
		shared, err := w.inc.Share(authority, inc.ID, w.p.PoliceOrg.ID, "Đề nghị PA05 hỗ trợ điều tra")
		if err != nil || len(shared.Shares) != 1 {
			t.Fatalf("share: %v", err)
		}
		if _, err := w.inc.AssignCoordinator(authority, inc.ID, w.p.ID(fixture.LoginAuthority)); err != nil {
			t.Fatal(err)
		}
		_, err = w.inc.AssignCoordinator(officer, inc.ID, w.p.ID(fixture.LoginAOfficer))
		wantCode(t, err, errs.Forbidden)

		if got := w.inbox(t, fixture.LoginPolice, "incident.shared"); len(got) != 1 {
			t.Errorf("police inbox after sharing: %v", got)
		}
		// The police see the summary and shared entries only, and add
		// findings and tasks of their own.
		guest, err := w.inc.Get(police, inc.ID)
		if err != nil || !guest.View.Guest || guest.View.Full {
			t.Fatalf("police view: %+v %v", guest, err)
		}
		for _, e := range guest.Entries {
			if strings.Contains(e.Body, "nội bộ") {
				t.Fatalf("police see an internal comment: %+v", e)
			}
		}
		if len(guest.Documents) != 0 || guest.EscalationReason != "" {
			t.Fatal("police see documents or internal fields")
		}
		_, err = w.inc.RenderDocument(police, inc.ID, got.Documents[0].ID, "pdf")
		wantCode(t, err, errs.Forbidden)
		if _, err := w.inc.Comment(police, inc.ID, "Đã xác định địa chỉ IP tấn công 203.0.113.9", false); err != nil {
			t.Fatal(err)
		}
		if _, err := w.inc.AddTask(police, inc.ID, incident.TaskInput{Title: "Thu thập chứng cứ điện tử", OwnerID: w.p.ID(fixture.LoginPolice), DueAt: w.p.Clock.Now().Add(2 * day)}); err != nil {
			t.Fatal(err)
		}
		_, err = w.inc.Triage(police, inc.ID, incident.TriageInput{Title: "x", Category: "dos", Severity: "low"})
		wantCode(t, err, errs.Forbidden)
		full, _ := w.inc.Get(officer, inc.ID)
		last := full.Entries[len(full.Entries)-1]
		if !strings.Contains(last.Body, "Thu thập") || !last.Shared {
			t.Fatalf("last entry = %+v", last)
		}
		// Un-sharing ends their view; both are audited.
		if _, err := w.inc.Unshare(authority, inc.ID, shared.Shares[0].ID); err != nil {
			t.Fatal(err)
		}
		_, err = w.inc.Get(police, inc.ID)
		wantCode(t, err, errs.Forbidden)
		if w.p.AuditCount("incident.share") != 1 || w.p.AuditCount("incident.unshare") != 1 {
			t.Fatal("sharing is not audited")
		}

		// Close: only after the closing report (Mẫu 04).
		_, err = w.inc.Close(officer, inc.ID)
		wantCode(t, err, errs.Conflict)
		w.p.Clock.Advance(day)
		if _, err := w.inc.EndResponse(officer, inc.ID, incident.EndInput{Cause: "Lộ mật khẩu quản trị", Impact: "Gián đoạn 4 giờ",
			ActionsTaken: "Cô lập máy chủ\nKhôi phục từ bản sao lưu\nĐổi mật khẩu", Lessons: "Bật xác thực hai lớp", Damage: 15000000}); err != nil {
			t.Fatal(err)
		}
		_, err = w.inc.Close(officer, inc.ID)
		wantCode(t, err, errs.Conflict)
		filed, err := w.inc.FileClosingReport(officer, inc.ID)
		if err != nil {
			t.Fatal(err)
		}
		m04 := filed.Documents[len(filed.Documents)-1]
		if m04.Number != "03/BC-STC" || m04.Form != incident.Form04 {
			t.Fatalf("Mẫu 04 = %+v", m04)
		}
		pdf, err := w.inc.RenderDocument(officer, inc.ID, m04.ID, "pdf")
		if err != nil {
			t.Fatal(err)
		}
		text = pdfText(t, pdf.Body)
		for _, want := range []string{"03/BC-STC", "02/BC-STC", "Khôi phục từ bản sao lưu", "Lộ mật khẩu quản trị", "Bật xác thực hai lớp"} {
			if !strings.Contains(text, want) {
				t.Errorf("Mẫu 04 PDF lacks %q", want)
			}
		}
		closed, err := w.inc.Close(officer, inc.ID)
		if err != nil || closed.Status != incident.StatusClosed {
			t.Fatalf("close: %v", err)
		}
		_, err = w.inc.Comment(officer, inc.ID, "sau khi đóng", true)
		wantCode(t, err, errs.Conflict)
	})
}

// docxText returns the document.xml of a DOCX.
func docxText(t *testing.T, b []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			rc, _ := f.Open()
			x, _ := io.ReadAll(rc)
			rc.Close()
			return string(x)
		}
	}
	t.Fatal("no word/document.xml")
	return ""
}
