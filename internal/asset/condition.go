package asset

import (
	"strconv"

	"attt/internal/db"
	"attt/internal/errs"
	"attt/internal/locale"
)

// The SQL conditions here grade controls the way Rules.Grade does, so that
// coverage counts and the lists behind them are computed by the database;
// TestConditionsAgreeWithGrade holds the two to the same answers.

// computerKinds are the kinds an agent reports from, as an SQL list.
const computerKinds = "('server','workstation','laptop')"

// graded returns the condition (on asset_controls c joined to assets a)
// under which control has status (failing, warning or ok). Only the
// arguments the condition uses are added to q.
func (s *Service) graded(q *db.Query, control ControlKind, status Status) string {
	r := s.cfg.Rules
	now := db.Millis(s.now())
	pick := func(failing, warning, ok func() string) string {
		switch status {
		case StatusFailing:
			return failing()
		case StatusWarning:
			return warning()
		}
		return ok()
	}
	never := func() string { return "FALSE" }
	lit := func(v string) func() string { return func() string { return v } }
	switch control {
	case CtlPassword, CtlSoftware:
		return pick(lit("NOT c.done"), never, lit("c.done"))
	case CtlOffline:
		return pick(lit("(NOT c.done OR c.networked)"), never, lit("(c.done AND NOT c.networked)"))
	case CtlAntivirus:
		fresh := func() string { return q.Arg(now - r.MaxSignatureAge.Milliseconds()) }
		return pick(lit("(NOT c.done OR NOT c.running)"),
			func() string {
				return "(c.done AND c.running AND (c.signatures_at = 0 OR c.signatures_at < " + fresh() + "))"
			},
			func() string {
				return "(c.done AND c.running AND c.signatures_at > 0 AND c.signatures_at >= " + fresh() + ")"
			})
	case CtlBackup:
		every := "(CASE WHEN a.backup_every_hours > 0 THEN CAST(a.backup_every_hours AS BIGINT) * 3600000 WHEN a.kind IN ('server','system','storage') THEN " +
			"CAST(" + strconv.FormatInt(r.DefaultBackupEvery.Milliseconds(), 10) + " AS BIGINT) ELSE 0 END)"
		failing := func() string {
			return "(NOT c.done OR c.last_backup_at = 0 OR (" + every + " > 0 AND c.last_backup_at < CAST(" + q.Arg(now) + " AS BIGINT) - " + every + "))"
		}
		restoreDue := func() string {
			return "(c.last_restore_at = 0 OR c.last_restore_at < " + q.Arg(now-r.RestoreTestEvery.Milliseconds()) + ")"
		}
		return pick(failing,
			func() string { return "(NOT " + failing() + " AND " + restoreDue() + ")" },
			func() string { return "(NOT " + failing() + " AND NOT " + restoreDue() + ")" })
	}
	return "FALSE"
}

// statusCondition keeps assets (alias a) whose control has status.
func (s *Service) statusCondition(q *db.Query, control ControlKind, status Status) (string, error) {
	if !control.Valid() {
		return "", errs.New(errs.Invalid, locale.Tf("Biện pháp “%s” không tồn tại.", "No control “%s”.", string(control)))
	}
	exists := "EXISTS (SELECT 1 FROM asset_controls c WHERE c.asset_id = a.id AND c.control = " + q.Arg(string(control))
	switch status {
	case StatusUnknown:
		return "(" + applicable(control) + " AND NOT " + exists + "))", nil
	case StatusFailing, StatusWarning, StatusOK:
		return exists + " AND " + s.graded(q, control, status) + ")", nil
	}
	return "", errs.New(errs.Invalid, locale.Tf("Trạng thái “%s” không tồn tại.", "No status “%s”.", string(status)))
}

// seenCondition keeps computers never seen by an agent ("never"), seen
// but silent for Rules.StaleAfter ("stale"), or either ("unseen").
func (s *Service) seenCondition(q *db.Query, seen string) (string, error) {
	switch seen {
	case "never":
		return "(a.kind IN " + computerKinds + " AND a.last_seen_at = 0)", nil
	case "stale", "unseen":
		cut := q.Arg(db.Millis(s.now()) - s.cfg.Rules.StaleAfter.Milliseconds())
		low := "0"
		if seen == "unseen" {
			low = "-1"
		}
		return "(a.kind IN " + computerKinds + " AND a.last_seen_at > " + low + " AND a.last_seen_at < " + cut + ")", nil
	}
	return "", errs.New(errs.Invalid, locale.T("Bộ lọc “seen” nhận never, stale hoặc unseen.", "The “seen” filter takes never, stale or unseen."))
}

// applicable is the SQL twin of Rules.applies: the assets (alias a) a
// control concerns when nothing is recorded for it.
func applicable(control ControlKind) string {
	switch control {
	case CtlAntivirus, CtlSoftware:
		return "a.kind IN " + computerKinds
	case CtlBackup:
		return "(a.backup_every_hours > 0 OR a.kind IN ('server','system','storage'))"
	case CtlOffline:
		return "a.secret_machine"
	}
	return "TRUE"
}
