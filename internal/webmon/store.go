package webmon

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"attt/internal/db"
	"attt/internal/errs"
)

const monitorSelect = `SELECT m.id, m.org_id, o.name, m.name, m.url, m.interval_seconds, m.crawl_depth, m.max_pages, m.allowed_domains,
	m.ignore_selectors, m.ignore_patterns, m.alert_after, m.enabled, m.state, m.failures_in_row, m.noisy, m.last_check_at, m.next_check_at,
	m.last_status, m.last_error, m.last_response_ms, m.cert_not_after, m.cert_issuer, m.cert_error, m.dns_a, m.dns_ns,
	(SELECT COUNT(*) FROM findings f WHERE f.monitor_id = m.id AND f.status = 'open'), m.created_at, m.updated_at
	FROM monitors m JOIN organisations o ON o.id = m.org_id`

func scanMonitor(sc interface{ Scan(...any) error }) (*Monitor, error) {
	var m Monitor
	var interval int
	var allowed, selectors, patterns, dnsA, dnsNS string
	var last, next, certAfter, created, updated int64
	err := sc.Scan(&m.ID, &m.OrgID, &m.OrgName, &m.Name, &m.URL, &interval, &m.CrawlDepth, &m.MaxPages, &allowed,
		&selectors, &patterns, &m.AlertAfter, &m.Enabled, &m.State, &m.FailuresInRow, &m.Noisy, &last, &next,
		&m.LastStatus, &m.LastError, &m.LastResponseMS, &certAfter, &m.CertIssuer, &m.CertError, &dnsA, &dnsNS,
		&m.OpenFindings, &created, &updated)
	if err != nil {
		return nil, err
	}
	m.Interval = Duration(time.Duration(interval) * time.Second)
	m.AllowedDomains, m.IgnoreSelectors, m.IgnorePatterns = lines(allowed), lines(selectors), lines(patterns)
	m.DNSA, m.DNSNS = lines(dnsA), lines(dnsNS)
	m.LastCheckAt, m.NextCheckAt, m.CertNotAfter = db.Time(last), db.Time(next), db.Time(certAfter)
	m.CreatedAt, m.UpdatedAt = db.Time(created), db.Time(updated)
	return &m, nil
}

func getMonitor(ctx context.Context, q db.Querier, id string) (*Monitor, error) {
	m, err := scanMonitor(q.QueryRowContext(ctx, monitorSelect+` WHERE m.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.NotFound, msgMonitorNotFound)
	}
	return m, err
}

func lines(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, "\n")
}

func itoa(n int) string { return strconv.Itoa(n) }
