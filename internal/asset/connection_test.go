package asset_test

import (
	"testing"
	"time"

	"attt/internal/asset"
	"attt/internal/db"
	"attt/internal/db/dbtest"
	"attt/internal/errs"
	"attt/internal/notify"
	"attt/internal/principal"
	"attt/internal/testutil/fixture"
)

func TestDataCentreConnections(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		n := notify.New(d, w.p.Trail, w.p.Dir, notify.DefaultConfig(), w.p.Clock.Now)
		w.svc.UseNotify(n)
		officer, dc := w.p.As(fixture.LoginAOfficer), w.p.As(fixture.LoginDatacenter)
		// The centre's people review over the agencies they serve: the
		// datacenter role on its own organisation alone reaches nobody.
		scoped := w.p.As(fixture.LoginDatacenter)
		w.p.Grant(fixture.LoginDatacenter, w.p.Root.ID, principal.Datacenter)
		dc = w.p.As(fixture.LoginDatacenter)
		in := asset.ConnectionInput{OrgID: w.p.DeptA.ID, Name: "Phần mềm quản lý tài chính công", Purpose: "Chia sẻ dữ liệu dự toán với LGSP",
			Endpoints: []string{"https://tc.hungyen.gov.vn/api", " "}, DataExchanged: "Dự toán, quyết toán", Responsible: "Ngô Thị Lan"}
		_, err := w.svc.RegisterConnection(officer, in)
		wantCode(t, err, errs.Invalid) // no policy acknowledgement
		in.PolicyAck = true
		_, err = w.svc.RegisterConnection(w.p.As(fixture.LoginBOfficer), in)
		wantCode(t, err, errs.Forbidden)
		c, err := w.svc.RegisterConnection(officer, in)
		if err != nil || c.Status != asset.ConnPending || len(c.Endpoints) != 1 || c.PolicyAckBy != w.p.ID(fixture.LoginAOfficer) {
			t.Fatalf("register %+v %v", c, err)
		}
		// The centre is told; it sees A's request, B does not; only the
		// centre decides.
		if inbox, _ := n.Inbox(dc, notify.InboxFilter{}); len(inbox) != 1 || inbox[0].Link != "/connections/"+c.ID {
			t.Errorf("datacenter inbox %+v", inbox)
		}
		if l, _ := w.svc.ListConnections(dc, "", ""); len(l) != 1 {
			t.Errorf("datacenter list %+v", l)
		}
		if l, _ := w.svc.ListConnections(w.p.As(fixture.LoginBOfficer), "", ""); len(l) != 0 {
			t.Errorf("B's list %+v", l)
		}
		_, err = w.svc.GetConnection(w.p.As(fixture.LoginBOfficer), c.ID)
		wantCode(t, err, errs.Forbidden)
		_, err = w.svc.DecideConnection(officer, c.ID, asset.Decision{Action: "approve"})
		wantCode(t, err, errs.Forbidden)
		_, err = w.svc.DecideConnection(dc, c.ID, asset.Decision{Action: "changes"})
		wantCode(t, err, errs.Invalid)

		_, err = w.svc.DecideConnection(scoped, c.ID, asset.Decision{Action: "approve"})
		wantCode(t, err, errs.Forbidden)
		c, err = w.svc.DecideConnection(dc, c.ID, asset.Decision{Action: "changes", Note: "Bổ sung sơ đồ kết nối và địa chỉ IP nguồn"})
		if err != nil || c.Status != asset.ConnChanges {
			t.Fatalf("changes %+v %v", c, err)
		}
		if inbox, _ := n.Inbox(officer, notify.InboxFilter{}); len(inbox) != 1 || inbox[0].Kind != "connection.decided" {
			t.Errorf("officer inbox %+v", inbox)
		}
		in.Endpoints = append(in.Endpoints, "10.10.1.20:443")
		if c, err = w.svc.UpdateConnection(officer, c.ID, in); err != nil || c.Status != asset.ConnPending {
			t.Fatalf("update %+v %v", c, err)
		}
		c, err = w.svc.DecideConnection(dc, c.ID, asset.Decision{Action: "approve"})
		if err != nil || c.Status != asset.ConnApproved || !c.ExpiresAt.Equal(w.p.Clock.Now().Add(asset.ConnectionValidity)) {
			t.Fatalf("approve %+v %v", c, err)
		}
		_, err = w.svc.DecideConnection(dc, c.ID, asset.Decision{Action: "reject", Note: "x"})
		wantCode(t, err, errs.Conflict)

		// A month before expiry: one reminder; at expiry: back to review.
		w.p.Clock.Advance(asset.ConnectionValidity - 20*24*time.Hour)
		for i, want := range []int{1, 0} {
			if k, err := w.svc.ReviewConnections(bg); err != nil || k != want {
				t.Fatalf("reminder round %d: %d %v", i, k, err)
			}
		}
		w.p.Clock.Advance(21 * 24 * time.Hour)
		if k, err := w.svc.ReviewConnections(bg); err != nil || k != 1 {
			t.Fatalf("expiry: %d %v", k, err)
		}
		if c, _ = w.svc.GetConnection(officer, c.ID); c.Status != asset.ConnExpired {
			t.Errorf("after a year: %+v", c)
		}
		if inbox, _ := n.Inbox(officer, notify.InboxFilter{}); len(inbox) != 4 { // changes, approval, reminder, expiry
			t.Errorf("officer inbox after reminders: %d", len(inbox))
		}
		for _, a := range []string{"connection.register", "connection.changes", "connection.update", "connection.approve", "connection.expire"} {
			if w.p.AuditCount(a) != 1 {
				t.Errorf("%s audited %d times", a, w.p.AuditCount(a))
			}
		}
	})
}
