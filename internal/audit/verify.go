package audit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"attt/internal/db"
)

// Result is the outcome of Verify.
type Result struct {
	// Checked is how many records were read.
	Checked int64
	// OK is true when the whole chain holds.
	OK bool
	// BrokenSeq is the first record found broken (0 when OK, or when the
	// break is at the head).
	BrokenSeq int64
	// Reason says what is wrong, in English for operators' logs and exit
	// messages.
	Reason string
}

// Verify walks the trail from the retention anchor to the head and reports
// the first record that was altered, inserted or deleted.
func Verify(ctx context.Context, d *db.DB) (Result, error) {
	var res Result
	var anchorSeq int64
	var prev string
	err := d.R.QueryRowContext(ctx, `SELECT seq, hash FROM audit_anchor ORDER BY seq DESC LIMIT 1`).Scan(&anchorSeq, &prev)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return res, fmt.Errorf("audit: verify: %w", err)
	}
	rows, err := d.R.QueryContext(ctx, `SELECT seq, id, at, actor_id, actor_login, org_id, action, target_type, target_id,
		ip, user_agent, before_json, after_json, note, prev_hash, hash FROM audit_events WHERE seq > $1 ORDER BY seq`, anchorSeq)
	if err != nil {
		return res, fmt.Errorf("audit: verify: %w", err)
	}
	defer rows.Close()
	want := anchorSeq + 1
	for rows.Next() {
		r, err := scanRecord(rows)
		if err != nil {
			return res, fmt.Errorf("audit: verify: %w", err)
		}
		res.Checked++
		switch {
		case r.Seq != want:
			return broken(res, want, fmt.Sprintf("record %d is missing (next present is %d)", want, r.Seq)), nil
		case r.PrevHash != prev:
			return broken(res, r.Seq, fmt.Sprintf("record %d does not follow record %d (previous hash differs)", r.Seq, r.Seq-1)), nil
		case r.computeHash() != r.Hash:
			return broken(res, r.Seq, fmt.Sprintf("record %d was altered (content does not match its hash)", r.Seq)), nil
		}
		prev, want = r.Hash, want+1
	}
	if err := rows.Err(); err != nil {
		return res, fmt.Errorf("audit: verify: %w", err)
	}
	var headSeq int64
	var headHash string
	if err := d.R.QueryRowContext(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1`).Scan(&headSeq, &headHash); err != nil {
		return res, fmt.Errorf("audit: verify head: %w", err)
	}
	if headSeq != want-1 || headHash != prev {
		return broken(res, want, fmt.Sprintf("the trail ends at record %d but %d were written: the last records were deleted", want-1, headSeq)), nil
	}
	res.OK = true
	return res, nil
}

func broken(res Result, seq int64, reason string) Result {
	res.BrokenSeq, res.Reason = seq, reason
	return res
}

type scanner interface{ Scan(dest ...any) error }

func scanRecord(s scanner) (*Record, error) {
	var r Record
	var at int64
	err := s.Scan(&r.Seq, &r.ID, &at, &r.ActorID, &r.ActorLogin, &r.OrgID, &r.Action, &r.TargetType, &r.TargetID,
		&r.IP, &r.UserAgent, &r.Before, &r.After, &r.Note, &r.PrevHash, &r.Hash)
	r.At = db.Time(at)
	return &r, err
}
