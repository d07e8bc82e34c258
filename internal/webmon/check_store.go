package webmon

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"attt/internal/db"
	"attt/internal/webmon/analyze"
)

// rules builds the analysis rules of a monitor.
func (s *Service) rules(ctx context.Context, m *Monitor) *analyze.Rules {
	host := hostOf(m.URL)
	own := []string{host}
	if parent := parentDomain(host); parent != "" {
		own = append(own, parent)
	}
	return &analyze.Rules{
		OwnDomains:      own,
		AllowedDomains:  append(slices.Clone(s.cfg.DefaultAllowed), m.AllowedDomains...),
		IgnoreSelectors: m.IgnoreSelectors,
		IgnorePatterns:  m.IgnorePatterns,
		Terms:           s.terms(ctx),
	}
}

// parentDomain is the domain an agency host belongs to: "sokhcn.hungyen.gov.vn"
// → "hungyen.gov.vn"; hosts of two labels or IP addresses have none.
func parentDomain(host string) string {
	labels := strings.Split(host, ".")
	if len(labels) < 3 || strings.Trim(host, "0123456789.") == "" {
		return ""
	}
	return strings.Join(labels[1:], ".")
}

// storePage keeps a page's latest snapshot, and its baseline when learnt.
func (s *Service) storePage(ctx context.Context, tx *sql.Tx, m *Monitor, o *pageOutcome) error {
	now := db.Millis(s.now())
	status := 0
	if b := o.variants[analyze.Browser]; b != nil {
		status = b.Status
	}
	last, hash := "", ""
	if o.browser != nil {
		last, hash = mustJSON(o.browser), o.browser.TextHash
	}
	if _, err := tx.ExecContext(ctx, `UPDATE monitor_pages SET last_json = CASE WHEN $1 = '' THEN last_json ELSE $1 END,
		last_hash = CASE WHEN $2 = '' THEN last_hash ELSE $2 END, last_status = $3, last_checked_at = $4 WHERE monitor_id = $5 AND url = $6`,
		last, hash, status, now, m.ID, o.url); err != nil {
		return err
	}
	if o.baselineJSON != "" {
		_, err := tx.ExecContext(ctx, `UPDATE monitor_pages SET baseline_json = $1, baseline_at = $2 WHERE monitor_id = $3 AND url = $4`,
			o.baselineJSON, now, m.ID, o.url)
		return err
	}
	return nil
}

// raise records a finding, or refreshes the open one with the same kinds on
// the same page, so a persisting problem is one finding, not one per check.
func (s *Service) raise(ctx context.Context, tx *sql.Tx, m *Monitor, page string, sev analyze.Severity, signs []analyze.Sign, ev *Evidence) (*Finding, error) {
	kinds := kindsOf(sev, signs, ev)
	summary := summarize(kinds, signs, ev)
	now := db.Millis(s.now())
	evidence := mustJSON(ev)
	var id string
	err := tx.QueryRowContext(ctx, `SELECT id FROM findings WHERE monitor_id = $1 AND page_url = $2 AND kinds = $3 AND status = 'open'`,
		m.ID, page, kinds).Scan(&id)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		id = db.NewID()
		_, err = tx.ExecContext(ctx, `INSERT INTO findings (id, monitor_id, org_id, page_url, severity, kinds, summary, evidence_json, created_at, updated_at)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$9)`, id, m.ID, m.OrgID, page, string(sev), kinds, summary, evidence, now)
	case err == nil:
		_, err = tx.ExecContext(ctx, `UPDATE findings SET severity = $1, summary = $2, evidence_json = $3, updated_at = $4 WHERE id = $5`,
			string(sev), summary, evidence, now, id)
	}
	if err != nil {
		return nil, err
	}
	return scanFinding(tx.QueryRowContext(ctx, findingSelect+` WHERE f.id = $1`, id))
}

// kindsOf names a finding by what it is made of, sorted: "content",
// "down", "cert_expiring", "dns_change" or the sign kinds.
func kindsOf(sev analyze.Severity, signs []analyze.Sign, ev *Evidence) string {
	set := map[string]bool{}
	if ev.Change != nil && ev.Change.TextChanged {
		set["content"] = true
	}
	for _, sg := range signs {
		set[string(sg.Kind)] = true
	}
	if ev.Down != nil {
		set["down"] = true
	}
	var out []string
	for k := range set {
		out = append(out, k)
	}
	slices.Sort(out)
	if len(out) == 0 {
		return string(sev)
	}
	return strings.Join(out, ",")
}

func summarize(kinds string, signs []analyze.Sign, ev *Evidence) string {
	var parts []string
	for _, k := range strings.Split(kinds, ",") {
		parts = append(parts, kindLabel(k))
	}
	s := strings.Join(parts, "; ")
	if len(signs) > 0 {
		s += " — " + signs[0].Detail
	}
	return truncate(s, 300)
}

// kindLabel names a finding kind in Vietnamese (the UI adds English).
func kindLabel(k string) string {
	switch k {
	case "content":
		return "Nội dung thay đổi so với bản gốc"
	case "down":
		return "Trang không truy cập được"
	case "cert_expiring":
		return "Chứng thư số sắp hết hạn"
	case "dns_change":
		return "Bản ghi DNS thay đổi"
	case "cert_invalid":
		return "Chứng thư số không hợp lệ"
	case string(analyze.SignPackedScript):
		return "Mã script bị nén/che giấu (packed)"
	case string(analyze.SignObfuscated):
		return "Mã script bị làm rối"
	case string(analyze.SignReferrerRedirect):
		return "Chuyển hướng theo nguồn truy cập"
	case string(analyze.SignHiddenLink):
		return "Liên kết ẩn"
	case string(analyze.SignDefacement):
		return "Dấu hiệu thay đổi giao diện trái phép"
	case string(analyze.SignGambling):
		return "Nội dung cờ bạc, cá cược"
	case string(analyze.SignNewDomain):
		return "Tên miền ngoài mới"
	case string(analyze.SignNewInlineScript):
		return "Script nhúng mới"
	case string(analyze.SignRedirect):
		return "Chuyển hướng ra ngoài"
	case string(analyze.SignCloaking):
		return "Nội dung khác nhau theo đối tượng truy cập (cloaking)"
	}
	return k
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// samples are the side-by-side view of a page's variants.
func samples(o *pageOutcome) map[analyze.Variant]Sample {
	out := map[analyze.Variant]Sample{}
	for v, p := range o.variants {
		if p == nil {
			continue
		}
		smp := Sample{Status: p.Status, FinalURL: p.FinalURL, Err: p.Err}
		if snap := o.snaps[v]; snap != nil {
			smp.Title, smp.Redirect = snap.Title, snap.Redirect
			smp.Excerpt = truncate(snap.Text, 600)
		}
		out[v] = smp
	}
	return out
}

// updateMonitor applies a check to the monitor row: availability with its
// consecutive counters, certificate, DNS, noise; and raises or resolves the
// monitor-level findings (down, certificate expiring, DNS change).
func (s *Service) updateMonitor(ctx context.Context, tx *sql.Tx, m *Monitor, home *pageOutcome, all []*pageOutcome,
	dns DNSRecord, dnsErr error, at time.Time) ([]Finding, error) {
	var raised []Finding
	failures, successes := m.FailuresInRow, 0
	state := m.State
	if home.up {
		failures = 0
		var prev int
		if err := tx.QueryRowContext(ctx, `SELECT successes_in_row FROM monitors WHERE id = $1`, m.ID).Scan(&prev); err != nil {
			return nil, err
		}
		successes = prev + 1
		if state != "down" || successes >= 2 {
			state = "up"
		}
	} else {
		failures++
		if failures >= m.AlertAfter {
			state = "down"
		}
	}
	now := db.Millis(s.now())
	switch {
	case state == "down" && !home.up:
		b := home.variants[analyze.Browser]
		status := 0
		if b != nil {
			status = b.Status
		}
		f, err := s.raise(ctx, tx, m, home.url, analyze.SeverityCritical, nil,
			&Evidence{Down: &Outage{Since: at.Add(-time.Duration(failures-1) * time.Duration(m.Interval)), Failures: failures, Status: status, Error: home.err}})
		if err != nil {
			return nil, err
		}
		raised = append(raised, *f)
	case state == "up":
		if _, err := tx.ExecContext(ctx, `UPDATE findings SET status = 'resolved', resolved_by = 'attt', updated_at = $1
			WHERE monitor_id = $2 AND kinds = 'down' AND status = 'open'`, now, m.ID); err != nil {
			return nil, err
		}
	}
	changed := false
	for _, o := range all {
		if o.change != nil && o.change.TextChanged {
			changed = true
		}
	}
	changesInRow := 0
	if changed {
		if err := tx.QueryRowContext(ctx, `SELECT changes_in_row FROM monitors WHERE id = $1`, m.ID).Scan(&changesInRow); err != nil {
			return nil, err
		}
		changesInRow++
	}
	noisy := m.Noisy || changesInRow >= s.cfg.NoisyAfter

	cert := s.web.Certificate(home.variants[analyze.Browser])
	if cert != nil && cert.Error != "" {
		f, err := s.raise(ctx, tx, m, home.url, analyze.SeverityWarning,
			[]analyze.Sign{{Kind: "cert_invalid", Detail: "Chứng thư số không hợp lệ: " + truncate(cert.Error, 200)}}, &Evidence{})
		if err != nil {
			return nil, err
		}
		raised = append(raised, *f)
	}
	if cert != nil && !cert.NotAfter.IsZero() {
		days := int(cert.NotAfter.Sub(s.now()).Hours() / 24)
		if days <= 14 {
			f, err := s.raise(ctx, tx, m, home.url, analyze.SeverityWarning,
				[]analyze.Sign{{Kind: "cert_expiring", Detail: fmt.Sprintf("Chứng thư số hết hạn sau %d ngày (%s)", days, cert.NotAfter.Format("02/01/2006"))}},
				&Evidence{})
			if err != nil {
				return nil, err
			}
			raised = append(raised, *f)
		}
	}
	if dnsErr == nil && (len(m.DNSA) > 0 || len(m.DNSNS) > 0) && (!slices.Equal(m.DNSA, dns.A) || !slices.Equal(m.DNSNS, dns.NS)) {
		f, err := s.raise(ctx, tx, m, home.url, analyze.SeverityWarning,
			[]analyze.Sign{{Kind: "dns_change", Detail: fmt.Sprintf("A: %s → %s; NS: %s → %s",
				strings.Join(m.DNSA, " "), strings.Join(dns.A, " "), strings.Join(m.DNSNS, " "), strings.Join(dns.NS, " "))}},
			&Evidence{})
		if err != nil {
			return nil, err
		}
		raised = append(raised, *f)
	}
	if dnsErr != nil {
		dns = DNSRecord{A: m.DNSA, NS: m.DNSNS}
	}
	b := home.variants[analyze.Browser]
	lastStatus, ms := 0, 0
	if b != nil {
		lastStatus, ms = b.Status, int(b.Duration.Milliseconds())
	}
	var certAfter int64
	var certIssuer, certErr string
	if cert != nil {
		certAfter, certIssuer, certErr = db.Millis(cert.NotAfter), cert.Issuer, cert.Error
	}
	_, err := tx.ExecContext(ctx, `UPDATE monitors SET state = $1, failures_in_row = $2, successes_in_row = $3, changes_in_row = $4, noisy = $5,
		last_check_at = $6, last_status = $7, last_error = $8, last_response_ms = $9, cert_not_after = $10, cert_issuer = $11, cert_error = $12,
		dns_a = $13, dns_ns = $14 WHERE id = $15`,
		state, failures, successes, changesInRow, noisy, db.Millis(at), lastStatus, home.err, ms, certAfter, certIssuer, certErr,
		strings.Join(dns.A, "\n"), strings.Join(dns.NS, "\n"), m.ID)
	return raised, err
}
