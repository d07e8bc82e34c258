package notify_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"attt/internal/db"
	"attt/internal/db/dbtest"
	"attt/internal/errs"
	"attt/internal/notify"
	"attt/internal/notify/smtptest"
	"attt/internal/testutil/fixture"
)

// TestEmailArrives: a real SMTP server process receives the email with the
// Vietnamese subject (RFC 2047) and the absolute link; a person who chose
// English gets English.
func TestEmailArrives(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		sink := smtptest.Start(t)
		w := newWorld(t, d, sinkSMTP(sink.Port))
		if _, err := w.n.SetMyPrefs(w.As(fixture.LoginBStaff), notify.Prefs{Email: notify.EmailImmediate, Lang: "en"}); err != nil {
			t.Fatal(err)
		}
		sys := w.System(context.Background())
		if err := w.n.Send(sys, incident(w.DeptA.ID, "SC-7", w.ID(fixture.LoginAStaff), w.ID(fixture.LoginBStaff))); err != nil {
			t.Fatal(err)
		}
		if n := w.deliver(t); n != 2 {
			t.Fatalf("attempted %d", n)
		}
		mails := sink.Messages(t)
		if len(mails) != 2 {
			t.Fatalf("received %d mails", len(mails))
		}
		byTo := map[string]smtptest.Mail{}
		for _, m := range mails {
			byTo[m.To[0]] = m
		}
		vi := byTo["a.staff@hungyen.gov.vn"]
		if vi.Subject != "Sự cố mới: lộ lọt dữ liệu tại SC-7" {
			t.Errorf("subject %q (raw %q)", vi.Subject, vi.Header.Get("Subject"))
		}
		if !strings.HasPrefix(vi.Header.Get("Subject"), "=?UTF-8?") {
			t.Errorf("subject not RFC 2047 encoded: %q", vi.Header.Get("Subject"))
		}
		if !strings.Contains(vi.Body, "Xem chi tiết: "+base+"/incidents/SC-7") || !strings.Contains(vi.Body, "cần xử lý ngay") {
			t.Errorf("body: %q", vi.Body)
		}
		if !strings.Contains(vi.Header.Get("Content-Type"), "UTF-8") || vi.From != "attt@hungyen.gov.vn" {
			t.Errorf("headers: %v from %q", vi.Header, vi.From)
		}
		en := byTo["b.staff@hungyen.gov.vn"]
		if en.Subject != "New incident: data leak at SC-7" || !strings.Contains(en.Body, "Details: "+base+"/incidents/SC-7") {
			t.Errorf("English mail: %q %q", en.Subject, en.Body)
		}
		for _, dl := range w.deliveries(t, notify.ChannelEmail) {
			if dl.Status != notify.StatusSent || dl.Attempts != 1 || dl.SentAt.IsZero() {
				t.Errorf("delivery: %+v", dl)
			}
		}
		if w.deliver(t) != 0 || len(sink.Messages(t)) != 2 {
			t.Error("a sent email was sent again")
		}
	})
}

// TestEmailRetry: with the server down the delivery stays pending with
// its error visible; once the server is up the next attempt (after the
// backoff, on the injected clock) delivers it. Exhausted retries end in
// "failed" with the last error kept, and an administrator's retry sends it.
func TestEmailRetry(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		port := smtptest.FreePort(t)
		w := newWorld(t, d, sinkSMTP(port))
		sys := w.System(context.Background())
		if err := w.n.Send(sys, incident(w.DeptA.ID, "SC-9", w.ID(fixture.LoginAStaff))); err != nil {
			t.Fatal(err)
		}
		w.deliver(t)
		ds := w.deliveries(t, notify.ChannelEmail)
		if len(ds) != 1 || ds[0].Status != notify.StatusPending || ds[0].Attempts != 1 || ds[0].LastError == "" {
			t.Fatalf("after a failure: %+v", ds)
		}
		if want := w.Clock.Now().Add(time.Minute); !ds[0].NextAt.Equal(want) {
			t.Errorf("next attempt %v, want %v", ds[0].NextAt, want)
		}
		if w.deliver(t) != 0 {
			t.Error("retried before the backoff")
		}
		sink := smtptest.StartOn(t, port, t.TempDir())
		w.Clock.Advance(time.Minute)
		if n := w.deliver(t); n != 1 {
			t.Fatalf("attempted %d after the backoff", n)
		}
		if got := w.deliveries(t, notify.ChannelEmail)[0]; got.Status != notify.StatusSent || got.Attempts != 2 || got.LastError != "" {
			t.Errorf("after the server came back: %+v", got)
		}
		if m := sink.Messages(t); len(m) != 1 || !strings.Contains(m[0].Body, base+"/incidents/SC-9") {
			t.Fatalf("mails: %+v", m)
		}

		// Every retry fails: the backoff grows, then the delivery fails.
		sink.Stop()
		if err := w.n.Send(sys, incident(w.DeptA.ID, "SC-10", w.ID(fixture.LoginAStaff))); err != nil {
			t.Fatal(err)
		}
		for i, wait := range []time.Duration{0, time.Minute, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour, 6 * time.Hour} {
			w.Clock.Advance(wait)
			if n := w.deliver(t); n != 1 {
				t.Fatalf("attempt %d: %d attempted", i+1, n)
			}
		}
		failed, err := w.n.ListDeliveries(sys, notify.DeliveryFilter{Status: notify.StatusFailed})
		if err != nil || len(failed) != 1 || failed[0].Attempts != 6 || failed[0].LastError == "" {
			t.Fatalf("failed deliveries: %+v %v", failed, err)
		}
		w.Clock.Advance(24 * time.Hour)
		if w.deliver(t) != 0 {
			t.Error("a failed delivery was retried by itself")
		}
		if _, err := w.n.RetryDelivery(w.As(fixture.LoginAOfficer), failed[0].ID); !errs.Is(err, errs.Forbidden) {
			t.Errorf("officer retries: %v", err)
		}
		sink = smtptest.StartOn(t, port, t.TempDir())
		got, err := w.n.RetryDelivery(w.As(fixture.LoginAdmin), failed[0].ID)
		if err != nil || got.Status != notify.StatusSent {
			t.Fatalf("admin retry: %+v %v", got, err)
		}
		if len(sink.Messages(t)) != 1 || w.AuditCount("delivery.retry") != 1 {
			t.Error("retry not sent or not audited")
		}
	})
}

// TestEmailNotConfigured: without an SMTP host, email deliveries stay on
// record as "not configured".
func TestEmailNotConfigured(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, notify.SMTP{})
		w.setEmail(fixture.LoginA1Staff, "")
		sys := w.System(context.Background())
		if err := w.n.Send(sys, incident(w.UnitA.ID, "SC-3", w.ID(fixture.LoginAStaff), w.ID(fixture.LoginA1Staff))); err != nil {
			t.Fatal(err)
		}
		w.deliver(t)
		byStatus := map[string]notify.Delivery{}
		for _, dl := range w.deliveries(t, notify.ChannelEmail) {
			byStatus[dl.Status] = dl
		}
		if dl := byStatus[notify.StatusNotConfigured]; dl.Recipient != "a.staff@hungyen.gov.vn" || !strings.Contains(dl.LastError, "SMTP") {
			t.Errorf("not configured: %+v", byStatus)
		}
		if dl := byStatus[notify.StatusFailed]; dl.PersonID != w.ID(fixture.LoginA1Staff) || dl.LastError == "" {
			t.Errorf("no address: %+v", byStatus)
		}
	})
}

// TestDigest: a person on the daily digest gets no email per item, then
// one email listing every pending item with its link at the digest hour.
func TestDigest(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		sink := smtptest.Start(t)
		w := newWorld(t, d, sinkSMTP(sink.Port))
		if _, err := w.n.SetMyPrefs(w.As(fixture.LoginAStaff), notify.Prefs{Email: notify.EmailDigest}); err != nil {
			t.Fatal(err)
		}
		sys := w.System(context.Background())
		a := w.ID(fixture.LoginAStaff)
		for _, id := range []string{"SC-21", "SC-22", "SC-23"} {
			if err := w.n.Send(sys, incident(w.DeptA.ID, id, a)); err != nil {
				t.Fatal(err)
			}
			w.Clock.Advance(time.Hour)
		}
		// 11:00 ICT: today's 07:00 digest has passed, tomorrow's is ahead.
		if w.deliver(t) != 0 || len(sink.Messages(t)) != 0 {
			t.Fatal("digest items were emailed one by one")
		}
		w.Clock.Advance(19 * time.Hour)
		if w.deliver(t) != 0 {
			t.Fatal("digest before the digest hour")
		}
		w.Clock.Advance(time.Hour + time.Minute) // 07:01 the next day
		if n := w.deliver(t); n != 1 {
			t.Fatalf("digest deliveries: %d", n)
		}
		mails := sink.Messages(t)
		if len(mails) != 1 {
			t.Fatalf("mails: %d", len(mails))
		}
		m := mails[0]
		if m.Subject != "attt: 3 thông báo trong ngày" {
			t.Errorf("subject %q", m.Subject)
		}
		for _, id := range []string{"SC-21", "SC-22", "SC-23"} {
			if !strings.Contains(m.Body, "Sự cố mới: lộ lọt dữ liệu tại "+id) || !strings.Contains(m.Body, base+"/incidents/"+id) {
				t.Errorf("digest lacks %s: %q", id, m.Body)
			}
		}
		if !strings.Contains(m.Body, "03/03/2025 08:00") {
			t.Errorf("times not in dd/mm/yyyy ICT: %q", m.Body)
		}
		w.Clock.Advance(time.Hour)
		if w.deliver(t) != 0 || len(sink.Messages(t)) != 1 {
			t.Error("digest sent twice")
		}
		if list, _ := w.n.Inbox(w.As(fixture.LoginAStaff), notify.InboxFilter{}); len(list) != 3 {
			t.Errorf("inbox: %d", len(list))
		}

		// Turning email off drops what waits for the next digest.
		if err := w.n.Send(sys, incident(w.DeptA.ID, "SC-24", a)); err != nil {
			t.Fatal(err)
		}
		if _, err := w.n.SetMyPrefs(w.As(fixture.LoginAStaff), notify.Prefs{Email: notify.EmailOff}); err != nil {
			t.Fatal(err)
		}
		w.Clock.Advance(24 * time.Hour)
		if w.deliver(t) != 0 || len(sink.Messages(t)) != 1 {
			t.Error("a digest went to someone who turned email off")
		}
	})
}
