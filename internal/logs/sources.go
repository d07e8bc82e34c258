package logs

import (
	"context"
	"database/sql"
	"errors"
	"net"
	"strings"
	"time"

	"attt/internal/audit"
	"attt/internal/db"
	"attt/internal/directory"
	"attt/internal/errs"
	"attt/internal/locale"
	"attt/internal/secret"
)

// The kinds of source: how attt recognises a sender.
const (
	KindAddress  = "address"  // the sender's IP address
	KindHostname = "hostname" // the HOSTNAME in the syslog header (relays)
	KindToken    = "token"    // an HTTP JSON sender's bearer token
)

// Source is a registered or discovered sender of logs.
type Source struct {
	ID    string `json:"id"`
	OrgID string `json:"org_id"` // "" while unassigned
	Name  string `json:"name"`
	Kind  string `json:"kind"`
	Match string `json:"match,omitempty"`
	// ExpectedInterval is the longest silence before the source counts as
	// gone silent; zero never.
	ExpectedInterval time.Duration `json:"-"`
	// Retention overrides the agency's retention for this source's
	// events received from now on (whole days); zero keeps the agency's.
	Retention time.Duration `json:"-"`
	// IntervalSeconds and RetentionDays are the two above for the API.
	IntervalSeconds int64     `json:"expected_interval_seconds"`
	RetentionDays   int       `json:"retention_days"`
	FirstSeen       time.Time `json:"first_seen"`
	LastSeen        time.Time `json:"last_seen"`
	LastPeer        string    `json:"last_peer"`
	LastHost        string    `json:"last_host"`
	Events          int64     `json:"events"`
	SilentSince     time.Time `json:"silent_since"`
	CreatedAt       time.Time `json:"created_at"`
}

// SourceInput is what a person sets on a source.
type SourceInput struct {
	OrgID            string        `json:"org_id"`
	Name             string        `json:"name"`
	Kind             string        `json:"kind"`
	Match            string        `json:"match"`
	ExpectedInterval time.Duration `json:"-"`
	Retention        time.Duration `json:"-"`
}

var (
	msgSourceName  = locale.T("Nguồn log cần có tên.", "A log source needs a name.")
	msgSourceKind  = locale.T("Loại nguồn log phải là address, hostname hoặc token.", "The source kind must be address, hostname or token.")
	msgSourceAddr  = locale.T("Địa chỉ IP của nguồn log không hợp lệ.", "The source's IP address is not valid.")
	msgSourceHost  = locale.T("Nguồn theo tên máy cần có tên máy (HOSTNAME).", "A hostname source needs the HOSTNAME.")
	msgSourceTaken = locale.T("Đã có nguồn log khác với cùng địa chỉ hoặc tên máy.", "Another log source already has this address or host name.")
	msgSourceGone  = locale.T("Không tìm thấy nguồn log.", "Log source not found.")
	msgProvince    = locale.T("Chỉ cơ quan chuyên trách cấp tỉnh mới gán được nguồn log chưa thuộc đơn vị nào.", "Only the province's authority can assign unassigned log sources.")
)

func (in *SourceInput) check() error {
	in.Name, in.Match = strings.TrimSpace(in.Name), strings.TrimSpace(in.Match)
	switch {
	case in.Name == "":
		return errs.New(errs.Invalid, msgSourceName)
	case in.Kind == KindAddress && net.ParseIP(in.Match) == nil:
		return errs.New(errs.Invalid, msgSourceAddr)
	case in.Kind == KindHostname && in.Match == "":
		return errs.New(errs.Invalid, msgSourceHost)
	case in.Kind == KindToken:
		in.Match = ""
	case in.Kind != KindAddress && in.Kind != KindHostname:
		return errs.New(errs.Invalid, msgSourceKind)
	case in.Retention < 0 || in.Retention > MaxRetentionDays*24*time.Hour || in.ExpectedInterval < 0:
		return errs.New(errs.Invalid, locale.Tf("Thời gian lưu phải từ 0 đến %d ngày, khoảng im lặng không âm.", "Retention must be 0 to %d days and the silence interval not negative.", MaxRetentionDays))
	}
	if in.Kind == KindHostname {
		in.Match = strings.ToLower(in.Match)
	}
	return nil
}

// CreateSource registers a source for an agency. For a token source it
// returns the token, shown once; only its hash is kept.
func (s *Service) CreateSource(ctx context.Context, in SourceInput) (*Source, string, error) {
	if err := in.check(); err != nil {
		return nil, "", err
	}
	if err := s.dir.Authorize(ctx, directory.PermLogManage, in.OrgID); err != nil {
		return nil, "", err
	}
	var token, hash string
	if in.Kind == KindToken {
		token, hash = newToken()
	}
	id := db.NewID()
	now := db.Millis(s.opt.Now())
	var src *Source
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO log_sources (id, org_id, name, kind, match_value, token_hash, expected_interval_ms, retention_ms, created_by, created_at, updated_at)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$10)`, id, in.OrgID, in.Name, in.Kind, in.Match, hash,
			in.ExpectedInterval.Milliseconds(), in.Retention.Milliseconds(), actorID(ctx), now)
		if db.IsUniqueViolation(err) {
			return errs.New(errs.Conflict, msgSourceTaken)
		}
		if err != nil {
			return err
		}
		if src, err = getSource(ctx, tx, id); err != nil {
			return err
		}
		return s.trail.Append(ctx, tx, audit.Event{Action: "log_source.create", OrgID: in.OrgID, TargetType: "log_source", TargetID: id, After: src})
	})
	if err != nil {
		return nil, "", err
	}
	s.reloadSoon(ctx)
	return src, token, nil
}

// AssignSource gives a source (typically an unassigned one) to an agency,
// with its expected interval and retention. Assigning an unassigned
// source needs the province-wide scope; moving a source needs the right
// to manage both agencies.
func (s *Service) AssignSource(ctx context.Context, id string, in SourceInput) (*Source, error) {
	if err := s.dir.Authorize(ctx, directory.PermLogManage, in.OrgID); err != nil {
		return nil, err
	}
	var after *Source
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		before, err := getSource(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := s.mayManage(ctx, before); err != nil {
			return err
		}
		name := strings.TrimSpace(in.Name)
		if name == "" {
			name = before.Name
		}
		if _, err := tx.ExecContext(ctx, `UPDATE log_sources SET org_id = $1, name = $2, expected_interval_ms = $3, retention_ms = $4, updated_at = $5 WHERE id = $6`,
			in.OrgID, name, in.ExpectedInterval.Milliseconds(), in.Retention.Milliseconds(), db.Millis(s.opt.Now()), id); err != nil {
			return err
		}
		if after, err = getSource(ctx, tx, id); err != nil {
			return err
		}
		return s.trail.Append(ctx, tx, audit.Event{Action: "log_source.assign", OrgID: in.OrgID, TargetType: "log_source", TargetID: id, Before: before, After: after})
	})
	if err != nil {
		return nil, err
	}
	s.reloadSoon(ctx)
	return after, nil
}

// mayManage checks that the principal may change src: its agency's
// manager, or for an unassigned source the province-wide scope.
func (s *Service) mayManage(ctx context.Context, src *Source) error {
	if src.OrgID != "" {
		return s.dir.Authorize(ctx, directory.PermLogManage, src.OrgID)
	}
	all, err := s.provinceWide(ctx, directory.PermLogManage)
	if err != nil {
		return err
	}
	if !all {
		return errs.New(errs.Forbidden, msgProvince)
	}
	return nil
}

// Sources lists the sources the principal may see: its agencies' and, for
// the province-wide scope, the unassigned ones.
func (s *Service) Sources(ctx context.Context, unassignedOnly bool) ([]Source, error) {
	sc, err := s.scope(ctx, directory.PermLogRead, "")
	if err != nil {
		return nil, err
	}
	q := db.NewQuery(sourceSelect)
	switch {
	case unassignedOnly && !sc.AllOrgs:
		return nil, nil
	case unassignedOnly:
		q.Where("s.org_id IS NULL")
	default:
		if c := orgCond(q, "s.org_id", sc); c != "" {
			q.Where(c)
		}
	}
	return queryAll(ctx, s.db.R, q.SQL()+" ORDER BY s.org_id IS NOT NULL, s.name", q.Args, scanSource)
}

// SourceByToken returns the token source that token names, for the HTTP
// ingest API; it needs no principal, the token is the credential.
func (s *Service) SourceByToken(ctx context.Context, token string) (*Source, error) {
	src, err := getSourceWhere(ctx, s.db.R, "s.token_hash = $1 AND s.kind = 'token'", secret.Hash(token))
	if err != nil {
		return nil, errs.New(errs.Unauthenticated, locale.T("Mã gửi log không hợp lệ.", "Invalid log ingest token."))
	}
	return src, nil
}

const sourceSelect = `SELECT s.id, COALESCE(s.org_id, ''), s.name, s.kind, s.match_value, s.expected_interval_ms, s.retention_ms,
 s.first_seen_at, s.last_seen_at, s.last_peer, s.last_host, s.events, s.silent_since, s.created_at FROM log_sources s`

func scanSource(row interface{ Scan(...any) error }) (*Source, error) {
	var src Source
	var interval, retention, first, last, silent, created int64
	if err := row.Scan(&src.ID, &src.OrgID, &src.Name, &src.Kind, &src.Match, &interval, &retention, &first, &last,
		&src.LastPeer, &src.LastHost, &src.Events, &silent, &created); err != nil {
		return nil, err
	}
	src.ExpectedInterval, src.Retention = time.Duration(interval)*time.Millisecond, time.Duration(retention)*time.Millisecond
	src.IntervalSeconds, src.RetentionDays = interval/1000, keepDays(retention)
	src.FirstSeen, src.LastSeen, src.SilentSince, src.CreatedAt = msTime(first), msTime(last), msTime(silent), db.Time(created)
	return &src, nil
}

func msTime(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return db.Time(ms)
}

func getSource(ctx context.Context, q db.Querier, id string) (*Source, error) {
	return getSourceWhere(ctx, q, "s.id = $1", id)
}

func getSourceWhere(ctx context.Context, q db.Querier, cond string, arg any) (*Source, error) {
	src, err := scanSource(q.QueryRowContext(ctx, sourceSelect+" WHERE "+cond, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.NotFound, msgSourceGone)
	}
	return src, err
}

// newToken returns a random ingest token and its hash.
func newToken() (token, hash string) {
	token = "attl_" + secret.New(24)
	return token, secret.Hash(token)
}

// reloadSoon makes a change to the source table take effect at once.
func (s *Service) reloadSoon(ctx context.Context) {
	if err := s.res.reload(context.WithoutCancel(ctx)); err != nil {
		s.opt.Log.Warn("log sources reload", "err", err)
	}
}
