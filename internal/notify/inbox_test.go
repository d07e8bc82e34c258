package notify_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"

	"attt/internal/auth"
	"attt/internal/db"
	"attt/internal/db/dbtest"
	"attt/internal/errs"
	"attt/internal/locale"
	"attt/internal/notify"
	"attt/internal/testutil/fixture"
)

// TestInbox: one notification per active recipient, duplicates and
// unknown or departed people skipped; each person sees only their own.
func TestInbox(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, notify.SMTP{})
		sys := w.System(context.Background())
		if _, err := w.Auth.Offboard(sys, w.ID(fixture.LoginB1Staff), auth.OffboardInput{Reason: "leave"}); err != nil {
			t.Fatal(err)
		}
		a := w.ID(fixture.LoginAStaff)
		if err := w.n.Send(sys, incident(w.DeptA.ID, "SC-1", a, a, "01UNKNOWNPERSON00000000000", w.ID(fixture.LoginB1Staff), "")); err != nil {
			t.Fatal(err)
		}
		w.Clock.Advance(time.Second)
		if err := w.n.Send(sys, incident(w.DeptA.ID, "SC-2", a)); err != nil {
			t.Fatal(err)
		}
		asA := w.As(fixture.LoginAStaff)
		list, err := w.n.Inbox(asA, notify.InboxFilter{})
		if err != nil || len(list) != 2 {
			t.Fatalf("inbox: %d %v", len(list), err)
		}
		if list[0].Link != "/incidents/SC-2" || list[0].Read || list[0].SubjectText != "Sự cố mới: lộ lọt dữ liệu tại SC-2" {
			t.Errorf("newest first, unread, Vietnamese: %+v", list[0])
		}
		en, _ := w.n.Inbox(locale.WithLang(asA, locale.EN), notify.InboxFilter{})
		if en[0].SubjectText != "New incident: data leak at SC-2" {
			t.Errorf("English: %q", en[0].SubjectText)
		}
		if n, _ := w.n.Unread(asA); n != 2 {
			t.Errorf("unread = %d", n)
		}
		// The offboarded person got nothing (their inbox is read as the
		// system would see it: directly).
		var left int
		_ = d.R.QueryRow(`SELECT COUNT(*) FROM notifications WHERE person_id = $1`, w.ID(fixture.LoginB1Staff)).Scan(&left)
		if left != 0 {
			t.Errorf("offboarded person notified %d times", left)
		}

		// Someone else neither sees nor marks a's notifications.
		asB := w.As(fixture.LoginBStaff)
		if other, _ := w.n.Inbox(asB, notify.InboxFilter{}); len(other) != 0 {
			t.Errorf("b sees %d notifications", len(other))
		}
		if _, err := w.n.MarkRead(asB, list[0].ID); !errs.Is(err, errs.NotFound) {
			t.Errorf("b marks a's notification: %v", err)
		}
		if _, err := w.n.MarkRead(w.As(fixture.LoginAdmin), list[0].ID); !errs.Is(err, errs.NotFound) {
			t.Errorf("admin marks a's notification: %v", err)
		}
		link, err := w.n.MarkRead(asA, list[0].ID)
		if err != nil || link != "/incidents/SC-2" {
			t.Fatalf("mark read: %q %v", link, err)
		}
		if n, _ := w.n.Unread(asA); n != 1 {
			t.Errorf("unread after one read = %d", n)
		}
		if n, err := w.n.MarkAllRead(asA); err != nil || n != 1 {
			t.Errorf("read all: %d %v", n, err)
		}
		if unread, _ := w.n.Inbox(asA, notify.InboxFilter{UnreadOnly: true}); len(unread) != 0 {
			t.Errorf("unread left: %d", len(unread))
		}
	})
}

// TestSendTxFollowsTheTransaction: a notification exists exactly when the
// change it announces commits.
func TestSendTxFollowsTheTransaction(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, notify.SMTP{})
		sys := w.System(context.Background())
		a := w.ID(fixture.LoginAStaff)
		boom := errors.New("the change failed")
		err := d.Tx(sys, func(tx *sql.Tx) error {
			if err := w.n.SendTx(sys, tx, incident(w.DeptA.ID, "SC-ROLLED-BACK", a)); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatal(err)
		}
		var n int
		_ = d.R.QueryRow(`SELECT (SELECT COUNT(*) FROM notifications) + (SELECT COUNT(*) FROM deliveries)`).Scan(&n)
		if n != 0 {
			t.Fatalf("rolled-back change left %d notifications/deliveries", n)
		}
		if err := w.n.Send(sys, notify.Message{Kind: "incident.reported", To: []string{a}, Subject: locale.T("Không có đường dẫn", "No link")}); !errs.Is(err, errs.Invalid) {
			t.Errorf("message without link: %v", err)
		}
	})
}

// TestPrefs: a person reads and sets their own preferences; bad values are
// refused with a message; the change is audited.
func TestPrefs(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, notify.SMTP{})
		asA := w.As(fixture.LoginAStaff)
		p, err := w.n.MyPrefs(asA)
		if err != nil || p.Email != notify.EmailImmediate || p.Lang != "vi" || p.DigestHour != 7 {
			t.Fatalf("defaults: %+v %v", p, err)
		}
		if _, err := w.n.SetMyPrefs(asA, notify.Prefs{Email: "hourly"}); !errs.Is(err, errs.Invalid) {
			t.Errorf("bad mode: %v", err)
		}
		if _, err := w.n.SetMyPrefs(asA, notify.Prefs{Email: notify.EmailDigest, Lang: "en"}); err != nil {
			t.Fatal(err)
		}
		if p, _ := w.n.MyPrefs(asA); p.Email != notify.EmailDigest || p.Lang != "en" {
			t.Errorf("stored: %+v", p)
		}
		if got, _ := w.n.MyPrefs(w.As(fixture.LoginBStaff)); got.Email != notify.EmailImmediate {
			t.Errorf("b's preferences changed: %+v", got)
		}
		if w.AuditCount("notify.prefs") != 1 {
			t.Error("preferences change not audited")
		}
		if _, err := w.n.MyPrefs(w.System(context.Background())); !errs.Is(err, errs.Forbidden) {
			t.Errorf("system has no inbox: %v", err)
		}
	})
}
