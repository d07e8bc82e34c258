package webmon

import (
	"context"
	"database/sql"
	"net/url"
	"regexp"
	"strings"
	"time"

	"attt/internal/audit"
	"attt/internal/db"
	"attt/internal/directory"
	"attt/internal/errs"
	"attt/internal/locale"
	"attt/internal/principal"
)

// Monitor is one registered portal.
type Monitor struct {
	ID              string    `json:"id"`
	OrgID           string    `json:"org_id"`
	OrgName         string    `json:"org_name,omitempty"`
	Name            string    `json:"name"`
	URL             string    `json:"url"`
	Interval        Duration  `json:"interval"`
	CrawlDepth      int       `json:"crawl_depth"`
	MaxPages        int       `json:"max_pages"`
	AllowedDomains  []string  `json:"allowed_domains"`
	IgnoreSelectors []string  `json:"ignore_selectors"`
	IgnorePatterns  []string  `json:"ignore_patterns"`
	AlertAfter      int       `json:"alert_after"`
	Enabled         bool      `json:"enabled"`
	State           string    `json:"state"`
	FailuresInRow   int       `json:"failures_in_row"`
	Noisy           bool      `json:"noisy"`
	LastCheckAt     time.Time `json:"last_check_at,omitzero"`
	NextCheckAt     time.Time `json:"next_check_at,omitzero"`
	LastStatus      int       `json:"last_status"`
	LastError       string    `json:"last_error,omitempty"`
	LastResponseMS  int       `json:"last_response_ms"`
	CertNotAfter    time.Time `json:"cert_not_after,omitzero"`
	CertIssuer      string    `json:"cert_issuer,omitempty"`
	CertError       string    `json:"cert_error,omitempty"`
	DNSA            []string  `json:"dns_a"`
	DNSNS           []string  `json:"dns_ns"`
	OpenFindings    int       `json:"open_findings"`
	CreatedAt       time.Time `json:"created_at"`
	UpdatedAt       time.Time `json:"updated_at"`
}

// CertDaysLeft is the number of whole days before the certificate expires
// (negative when expired); 0 without a certificate.
func (m *Monitor) CertDaysLeft(now time.Time) int {
	if m.CertNotAfter.IsZero() {
		return 0
	}
	return int(m.CertNotAfter.Sub(now).Hours() / 24)
}

// Duration is a time.Duration written as "5m0s" in JSON.
type Duration time.Duration

// MarshalText writes the duration in Go syntax.
func (d Duration) MarshalText() ([]byte, error) { return []byte(time.Duration(d).String()), nil }

// UnmarshalText reads Go syntax ("5m", "1h30m").
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return errs.New(errs.Invalid, locale.T("Chu kỳ kiểm tra không hợp lệ (ví dụ 5m, 1h).", "Invalid check interval (e.g. 5m, 1h)."))
	}
	*d = Duration(v)
	return nil
}

// MonitorInput is what an officer fills in.
type MonitorInput struct {
	OrgID           string   `json:"org"`
	Name            string   `json:"name"`
	URL             string   `json:"url"`
	Interval        Duration `json:"interval"`
	CrawlDepth      *int     `json:"crawl_depth"`
	MaxPages        int      `json:"max_pages"`
	AllowedDomains  []string `json:"allowed_domains"`
	IgnoreSelectors []string `json:"ignore_selectors"`
	IgnorePatterns  []string `json:"ignore_patterns"`
	AlertAfter      int      `json:"alert_after"`
}

var msgMonitorNotFound = locale.T("Không tìm thấy trang được giám sát.", "Monitor not found.")

func (s *Service) check(in *MonitorInput) error {
	var problems []locale.Text
	in.URL, in.Name = strings.TrimSpace(in.URL), strings.TrimSpace(in.Name)
	u, err := url.Parse(in.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		problems = append(problems, locale.T("Địa chỉ phải là một URL http:// hoặc https:// đầy đủ.", "The address must be a full http:// or https:// URL."))
	} else if in.Name == "" {
		in.Name = u.Host
	}
	if len([]rune(in.Name)) > 200 {
		problems = append(problems, locale.T("Tên tối đa 200 ký tự.", "The name has at most 200 characters."))
	}
	if in.Interval == 0 {
		in.Interval = Duration(s.cfg.DefaultInterval)
	}
	if time.Duration(in.Interval) < s.cfg.MinInterval || time.Duration(in.Interval) > 7*24*time.Hour {
		problems = append(problems, locale.Tf("Chu kỳ kiểm tra từ %s đến 7 ngày.", "The check interval is between %s and 7 days.", s.cfg.MinInterval))
	}
	if in.CrawlDepth == nil {
		depth := 1
		in.CrawlDepth = &depth
	}
	if *in.CrawlDepth < 0 || *in.CrawlDepth > 3 {
		problems = append(problems, locale.T("Độ sâu quét từ 0 đến 3.", "The crawl depth is 0 to 3."))
	}
	if in.MaxPages == 0 {
		in.MaxPages = 20
	}
	if in.MaxPages < 1 || in.MaxPages > 200 {
		problems = append(problems, locale.T("Số trang tối đa từ 1 đến 200.", "The page limit is 1 to 200."))
	}
	if in.AlertAfter == 0 {
		in.AlertAfter = 3
	}
	if in.AlertAfter < 1 || in.AlertAfter > 20 {
		problems = append(problems, locale.T("Số lần lỗi liên tiếp trước khi cảnh báo từ 1 đến 20.", "Consecutive failures before an alert: 1 to 20."))
	}
	in.AllowedDomains = cleanList(in.AllowedDomains, strings.ToLower)
	in.IgnoreSelectors = cleanList(in.IgnoreSelectors, nil)
	in.IgnorePatterns = cleanList(in.IgnorePatterns, nil)
	for _, p := range in.IgnorePatterns {
		if _, err := regexp.Compile(p); err != nil {
			problems = append(problems, locale.Tf("Mẫu bỏ qua “%s” không phải biểu thức chính quy hợp lệ.", "Ignore pattern “%s” is not a valid regular expression.", p))
		}
	}
	if len(problems) > 0 {
		return errs.New(errs.Invalid, locale.T("Thông tin giám sát chưa hợp lệ.", "The monitor's details are not valid."), problems...)
	}
	return nil
}

func cleanList(in []string, f func(string) string) []string {
	out := []string{}
	for _, v := range in {
		if v = strings.TrimSpace(v); v != "" {
			if f != nil {
				v = f(v)
			}
			out = append(out, v)
		}
	}
	return out
}

// CreateMonitor registers a portal of an agency. Its first check learns the
// baseline (two fetches) and raises no finding.
func (s *Service) CreateMonitor(ctx context.Context, in MonitorInput) (*Monitor, error) {
	if err := s.check(&in); err != nil {
		return nil, err
	}
	var m *Monitor
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		m, err = s.createMonitorTx(ctx, tx, in)
		return err
	})
	return m, err
}

// createMonitorTx stores a checked MonitorInput inside tx.
func (s *Service) createMonitorTx(ctx context.Context, tx *sql.Tx, in MonitorInput) (*Monitor, error) {
	if err := s.dir.Authorize(ctx, directory.PermMonitorManage, in.OrgID); err != nil {
		return nil, err
	}
	now := s.now()
	id := db.NewID()
	_, err := tx.ExecContext(ctx, `INSERT INTO monitors (id, org_id, name, url, interval_seconds, crawl_depth, max_pages, allowed_domains,
		ignore_selectors, ignore_patterns, alert_after, next_check_at, created_by, created_at, updated_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$12,$12)`,
		id, in.OrgID, in.Name, in.URL, int(time.Duration(in.Interval).Seconds()), *in.CrawlDepth, in.MaxPages,
		strings.Join(in.AllowedDomains, "\n"), strings.Join(in.IgnoreSelectors, "\n"), strings.Join(in.IgnorePatterns, "\n"),
		in.AlertAfter, db.Millis(now), principal.From(ctx).PersonID)
	if err != nil {
		return nil, err
	}
	m, err := getMonitor(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	return m, s.trail.Append(ctx, tx, audit.Event{Action: "monitor.create", OrgID: in.OrgID, TargetType: "monitor", TargetID: id, After: in})
}

// UpdateMonitor changes a monitor's settings; a changed URL or ignore rules
// drop the baseline so the next check learns it again.
func (s *Service) UpdateMonitor(ctx context.Context, id string, in MonitorInput) (*Monitor, error) {
	if err := s.check(&in); err != nil {
		return nil, err
	}
	var after *Monitor
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		before, err := s.monitorFor(ctx, tx, id, directory.PermMonitorManage)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE monitors SET name=$1, url=$2, interval_seconds=$3, crawl_depth=$4, max_pages=$5, allowed_domains=$6,
			ignore_selectors=$7, ignore_patterns=$8, alert_after=$9, updated_at=$10 WHERE id=$11`,
			in.Name, in.URL, int(time.Duration(in.Interval).Seconds()), *in.CrawlDepth, in.MaxPages, strings.Join(in.AllowedDomains, "\n"),
			strings.Join(in.IgnoreSelectors, "\n"), strings.Join(in.IgnorePatterns, "\n"), in.AlertAfter, db.Millis(s.now()), id)
		if err != nil {
			return err
		}
		if before.URL != in.URL || strings.Join(before.IgnoreSelectors, "\n") != strings.Join(in.IgnoreSelectors, "\n") ||
			strings.Join(before.IgnorePatterns, "\n") != strings.Join(in.IgnorePatterns, "\n") {
			if _, err := tx.ExecContext(ctx, `DELETE FROM monitor_pages WHERE monitor_id = $1`, id); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE monitors SET pages_crawled_at = 0, next_check_at = $1 WHERE id = $2`, db.Millis(s.now()), id); err != nil {
				return err
			}
		}
		if after, err = getMonitor(ctx, tx, id); err != nil {
			return err
		}
		return s.trail.Append(ctx, tx, audit.Event{Action: "monitor.update", OrgID: before.OrgID, TargetType: "monitor", TargetID: id, Before: before, After: in})
	})
	return after, err
}

// SetMonitorEnabled pauses or resumes a monitor.
func (s *Service) SetMonitorEnabled(ctx context.Context, id string, enabled bool) (*Monitor, error) {
	var after *Monitor
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		before, err := s.monitorFor(ctx, tx, id, directory.PermMonitorManage)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE monitors SET enabled = $1, next_check_at = $2, updated_at = $2 WHERE id = $3`, enabled, db.Millis(s.now()), id); err != nil {
			return err
		}
		if after, err = getMonitor(ctx, tx, id); err != nil {
			return err
		}
		action := "monitor.pause"
		if enabled {
			action = "monitor.resume"
		}
		return s.trail.Append(ctx, tx, audit.Event{Action: action, OrgID: before.OrgID, TargetType: "monitor", TargetID: id})
	})
	return after, err
}

// GetMonitor returns a monitor the principal may see.
func (s *Service) GetMonitor(ctx context.Context, id string) (*Monitor, error) {
	return s.monitorFor(ctx, s.db.R, id, directory.PermMonitorRead)
}

func (s *Service) monitorFor(ctx context.Context, q db.Querier, id string, perm directory.Perm) (*Monitor, error) {
	m, err := getMonitor(ctx, q, id)
	return directory.Reachable(ctx, s.dir, perm, m, err, func(m *Monitor) string { return m.OrgID })
}

// MonitorFilter narrows ListMonitors.
type MonitorFilter struct {
	OrgID string // subtree
	State string // up, down, unknown
	Text  string
	// Problems keeps monitors that are down, have open findings, a
	// certificate expiring within 30 days, or are noisy.
	Problems bool
	Limit    int
	Offset   int
}

// ListMonitors returns the monitors the principal may see.
func (s *Service) ListMonitors(ctx context.Context, f MonitorFilter) ([]Monitor, error) {
	q := db.NewQuery(monitorSelect)
	if ok, err := s.dir.RestrictTo(ctx, q, directory.PermMonitorRead, "m.org_id", f.OrgID); !ok || err != nil {
		return nil, err
	}
	if f.State != "" {
		q.Where("m.state = " + q.Arg(f.State))
	}
	if f.Text != "" {
		x := q.Arg("%" + strings.ToLower(f.Text) + "%")
		q.Where("(LOWER(m.name) LIKE " + x + " OR LOWER(m.url) LIKE " + x + ")")
	}
	if f.Problems {
		soon := q.Arg(db.Millis(s.now().Add(30 * 24 * time.Hour)))
		q.Where("(m.state = 'down' OR m.noisy OR (m.cert_not_after > 0 AND m.cert_not_after < " + soon +
			") OR EXISTS (SELECT 1 FROM findings f WHERE f.monitor_id = m.id AND f.status = 'open'))")
	}
	limit := f.Limit
	if limit <= 0 || limit > 5000 {
		limit = 500
	}
	rows, err := s.db.R.QueryContext(ctx, q.SQL()+" ORDER BY o.name, m.name LIMIT "+itoa(limit)+" OFFSET "+itoa(max(f.Offset, 0)), q.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Monitor
	for rows.Next() {
		m, err := scanMonitor(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *m)
	}
	return out, rows.Err()
}
