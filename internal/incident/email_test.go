package incident_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/smtp"
	"strings"
	"testing"

	"attt/internal/db"
	"attt/internal/db/dbtest"
	"attt/internal/directory"
	"attt/internal/incident"
	"attt/internal/incident/mailin"
	"attt/internal/testutil/fixture"
)

// TestReportByEmail delivers reports over SMTP to the real listener.
func TestReportByEmail(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		staff := w.p.Person(fixture.LoginAStaff)
		if _, err := w.p.Dir.UpdatePerson(w.p.System(context.Background()), staff.ID, directory.PersonInput{FullName: staff.FullName,
			Email: "binh.vd@stc.hungyen.gov.vn", OrgID: staff.OrgID}); err != nil {
			t.Fatal(err)
		}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		srv := mailin.New(mailin.Config{Recipients: []string{"suco@attt.hungyen.gov.vn"}}, w.inc.ReportEmail, slog.New(slog.NewTextHandler(io.Discard, nil)))
		done := make(chan error, 1)
		go func() { done <- srv.Serve(ctx, ln) }()
		t.Cleanup(func() { cancel(); <-done })

		send := func(from, body string) error {
			return smtp.SendMail(ln.Addr().String(), nil, from, []string{"suco@attt.hungyen.gov.vn"}, []byte(strings.ReplaceAll(body, "\n", "\r\n")))
		}
		msg := "From: =?UTF-8?Q?V=C5=A9_=C4=90=E1=BB=A9c_B=C3=ACnh?= <binh.vd@stc.hungyen.gov.vn>\n" +
			"To: suco@attt.hungyen.gov.vn\nSubject: =?UTF-8?B?" + b64("Máy tính phòng kế toán hiện thông báo đòi tiền chuộc") + "?=\n" +
			"Message-ID: <abc123@stc.hungyen.gov.vn>\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n" +
			"Sáng nay máy tính của tôi hiện màn hình đỏ yêu cầu chuyển bitcoin.\n"
		if err := send("binh.vd@stc.hungyen.gov.vn", msg); err != nil {
			t.Fatal(err)
		}
		// The mail server resends when it misses the reply: still one incident.
		if err := send("binh.vd@stc.hungyen.gov.vn", msg); err != nil {
			t.Fatal(err)
		}
		list, n, err := w.inc.List(w.as(fixture.LoginAOfficer), incident.Filter{})
		if err != nil || n != 1 {
			t.Fatalf("incidents after two deliveries: %d %v", n, err)
		}
		got := list[0]
		if got.Title != "Máy tính phòng kế toán hiện thông báo đòi tiền chuộc" || got.ReportedVia != incident.ViaEmail ||
			got.ReporterID != staff.ID || !strings.Contains(got.Description, "bitcoin") {
			t.Fatalf("emailed report: %+v", got)
		}
		// Unknown senders are refused with a permanent error that explains.
		err = send("ke.la@example.com", "From: ke.la@example.com\nSubject: test\n\nxin chao\n")
		if err == nil || !strings.HasPrefix(err.Error(), "550") {
			t.Fatalf("unknown sender: %v", err)
		}
	})
}
