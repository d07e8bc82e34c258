package notify

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"attt/internal/db"
	"attt/internal/directory"
	"attt/internal/locale"
)

// lastDigestAt is the most recent digest time at or before now: today at
// DigestHour in Asia/Ho_Chi_Minh, or yesterday's when that is still ahead.
func (s *Service) lastDigestAt(now time.Time) time.Time {
	local := now.In(locale.Zone)
	at := time.Date(local.Year(), local.Month(), local.Day(), s.cfg.DigestHour, 0, 0, 0, locale.Zone)
	if at.After(local) {
		at = at.AddDate(0, 0, -1)
	}
	return at
}

// makeDigests turns every person's pending digest items created before the
// last digest time into one email delivery listing them all. Items are
// claimed with a compare-and-set on their digest column, so several nodes
// never build one person's digest twice.
func (s *Service) makeDigests(ctx context.Context) error {
	cut := db.Millis(s.lastDigestAt(s.now()))
	people, err := queryAll(ctx, s.db.R, "digests due", `SELECT DISTINCT person_id FROM notifications WHERE digest = 'pending' AND created_at < $1`, []any{cut}, scanString)
	if err != nil {
		return err
	}
	for _, id := range people {
		if err := s.db.Tx(ctx, func(tx *sql.Tx) error { return s.digestFor(ctx, tx, id, cut) }); err != nil {
			return err
		}
	}
	return nil
}

// digestItem is one line of a digest.
type digestItem struct {
	subject locale.Text
	link    string
	at      time.Time
}

func (s *Service) digestFor(ctx context.Context, tx *sql.Tx, personID string, cut int64) error {
	mark := db.NewID()
	res, err := tx.ExecContext(ctx, `UPDATE notifications SET digest = $1 WHERE person_id = $2 AND digest = 'pending' AND created_at < $3`, mark, personID, cut)
	if err != nil {
		return fmt.Errorf("notify: claim digest: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil // another node took them
	}
	items, err := queryAll(ctx, tx, "digest items", `SELECT subject_vi, subject_en, link, created_at FROM notifications WHERE digest = $1 ORDER BY created_at, id`,
		[]any{mark}, func(sc scanner) (*digestItem, error) {
			var it digestItem
			var at int64
			err := sc.Scan(&it.subject.VI, &it.subject.EN, &it.link, &at)
			it.at = db.Time(at)
			return &it, err
		})
	if err != nil {
		return err
	}
	people, err := s.dir.Contacts(ctx, tx, []string{personID})
	if err != nil {
		return fmt.Errorf("notify: digest recipient: %w", err)
	}
	if len(people) == 0 || people[0].Status != directory.StatusActive {
		return nil // departed since: the items stay in the inbox only
	}
	pref, err := prefsOf(ctx, tx, personID)
	if err != nil {
		return err
	}
	lang := locale.Lang(pref.Lang)
	subject, body := s.digestText(lang, items)
	return s.enqueueEmail(ctx, tx, outbound{org: people[0].OrgID, kind: "digest", person: personID, to: people[0].Email,
		subject: subject, body: body, link: s.absolute("/notifications")})
}

// digestText is the subject and body of a digest in lang.
func (s *Service) digestText(lang locale.Lang, items []digestItem) (string, string) {
	subject := locale.Tf("attt: %d thông báo trong ngày", "attt: %d notifications of the day", len(items)).In(lang)
	var b strings.Builder
	b.WriteString(locale.Tf("Bạn có %d thông báo chưa gửi qua thư:", "You have %d notifications not yet sent by email:", len(items)).In(lang))
	b.WriteString("\n\n")
	for _, it := range items {
		fmt.Fprintf(&b, "• %s — %s\n  %s\n", locale.DateTime(it.at), it.subject.In(lang), s.absolute(it.link))
	}
	b.WriteString("\n")
	b.WriteString(locale.T("Hộp thông báo: ", "Inbox: ").In(lang))
	b.WriteString(s.absolute("/notifications"))
	b.WriteString("\n\n-- \n")
	b.WriteString(locale.T("attt — thư tổng hợp hằng ngày. Thay đổi cách nhận thư tại trang Tài khoản › Thông báo.",
		"attt — daily digest. Change how you receive email under Account › Notifications.").In(lang))
	b.WriteString("\n")
	return subject, b.String()
}
