package notify_test

import (
	"context"
	"testing"
	"time"

	"attt/internal/db"
	"attt/internal/directory"
	"attt/internal/locale"
	"attt/internal/notify"
	"attt/internal/testutil/fixture"
)

// base is the public address links must start with.
const base = "https://attt.hungyen.gov.vn"

// world is the fixture province with a notifications service on its
// database and clock.
type world struct {
	*fixture.Province
	n *notify.Service
}

// newWorld builds the service with cfg's SMTP settings; every person of
// the fixture gets an address login@hungyen.gov.vn.
func newWorld(t *testing.T, d *db.DB, smtp notify.SMTP) *world {
	t.Helper()
	p := fixture.New(t, d)
	cfg := notify.DefaultConfig()
	cfg.SMTP, cfg.BaseURL, cfg.Timeout = smtp, base+"/", 5*time.Second
	w := &world{Province: p, n: notify.New(d, p.Trail, p.Dir, cfg, p.Clock.Now)}
	for _, login := range []string{fixture.LoginAStaff, fixture.LoginA1Staff, fixture.LoginBStaff, fixture.LoginAOfficer, fixture.LoginB1Staff} {
		w.setEmail(login, login+"@hungyen.gov.vn")
	}
	return w
}

func (w *world) setEmail(login, email string) {
	w.TB.Helper()
	pr := w.Person(login)
	if _, err := w.Dir.UpdatePerson(w.System(context.Background()), pr.ID, directory.PersonInput{FullName: pr.FullName, Email: email, OrgID: pr.OrgID}); err != nil {
		w.TB.Fatalf("set email %s: %v", login, err)
	}
}

// sinkSMTP is the SMTP setting for a sink on port.
func sinkSMTP(port int) notify.SMTP {
	return notify.SMTP{Host: "127.0.0.1", Port: port, From: "attt@hungyen.gov.vn", TLS: "none"}
}

// incident is a message like the incidents room sends.
func incident(orgID, id string, to ...string) notify.Message {
	return notify.Message{Kind: "incident.reported", OrgID: orgID, To: to,
		Subject: locale.Tf("Sự cố mới: lộ lọt dữ liệu tại %s", "New incident: data leak at %s", id),
		Body:    locale.T("Có báo cáo sự cố an toàn thông tin cần xử lý ngay.", "A security incident has been reported and needs handling."),
		Link:    "/incidents/" + id}
}

func (w *world) deliver(t *testing.T) int {
	t.Helper()
	n, err := w.n.DeliverDue(w.System(context.Background()))
	if err != nil {
		t.Fatalf("deliver: %v", err)
	}
	return n
}

// deliveries lists every delivery as the system.
func (w *world) deliveries(t *testing.T, channel string) []notify.Delivery {
	t.Helper()
	ds, err := w.n.ListDeliveries(w.System(context.Background()), notify.DeliveryFilter{Channel: channel})
	if err != nil {
		t.Fatal(err)
	}
	return ds
}
