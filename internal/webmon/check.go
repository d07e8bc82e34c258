package webmon

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"sync"

	"attt/internal/audit"
	"attt/internal/db"
	"attt/internal/directory"
	"attt/internal/principal"
	"attt/internal/webmon/analyze"
)

// CheckResult is what one check of a monitor found.
type CheckResult struct {
	Monitor  *Monitor  `json:"monitor"`
	Pages    int       `json:"pages"`
	Findings []Finding `json:"findings"`
	// Learned is set when this check only learnt the baseline of new pages.
	Learned int `json:"learned_pages"`
}

// CheckNow checks a monitor at once, for an officer who manages it, and
// returns what it found.
func (s *Service) CheckNow(ctx context.Context, id string) (*CheckResult, error) {
	m, err := s.monitorFor(ctx, s.db.R, id, directory.PermMonitorManage)
	if err != nil {
		return nil, err
	}
	if err := s.trail.AppendNow(ctx, audit.Event{Action: "monitor.check", OrgID: m.OrgID, TargetType: "monitor", TargetID: id}); err != nil {
		return nil, err
	}
	return s.runCheck(principal.With(ctx, principal.SystemPrincipal("webmon")), id)
}

// pageOutcome is one page's result within a check.
type pageOutcome struct {
	url      string
	up       bool
	learned  bool
	severity analyze.Severity
	signs    []analyze.Sign
	change   *analyze.Change
	browser  *analyze.Snapshot
	variants map[analyze.Variant]*analyze.Page
	snaps    map[analyze.Variant]*analyze.Snapshot
	err      string
	// baselineJSON is set when this check learnt the page's baseline.
	baselineJSON string
}

// runCheck runs one check: pages (re)discovered when due, DNS, every page
// fetched as each variant and assessed against its baseline, availability
// counted on the home page, findings raised, history aggregated.
func (s *Service) runCheck(ctx context.Context, id string) (*CheckResult, error) {
	m, err := getMonitor(ctx, s.db.R, id)
	if err != nil {
		return nil, err
	}
	rules := s.rules(ctx, m)
	pages, err := s.pagesOf(ctx, m, rules)
	if err != nil {
		return nil, err
	}
	started := s.now()
	outcomes := make([]*pageOutcome, len(pages))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4) // pages of one site at a time
	for i, p := range pages {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			outcomes[i] = s.checkPage(ctx, p, rules)
		}()
	}
	wg.Wait()
	dns, dnsErr := s.web.LookupDNS(ctx, hostOf(m.URL))
	res := &CheckResult{Pages: len(pages)}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		for _, o := range outcomes {
			if err := s.storePage(ctx, tx, m, o); err != nil {
				return err
			}
			if o.learned {
				res.Learned++
			}
			if o.severity != analyze.SeverityNone {
				f, err := s.raise(ctx, tx, m, o.url, o.severity, o.signs, &Evidence{Change: o.change, Signs: o.signs, Variants: samples(o)})
				if err != nil {
					return err
				}
				res.Findings = append(res.Findings, *f)
			}
		}
		home := outcomes[0]
		f, err := s.updateMonitor(ctx, tx, m, home, outcomes, dns, dnsErr, started)
		if err != nil {
			return err
		}
		res.Findings = append(res.Findings, f...)
		return record(ctx, tx, m.ID, started, home.up, int(home.variants[analyze.Browser].Duration.Milliseconds()))
	})
	if err != nil {
		return nil, fmt.Errorf("webmon: store check of %s: %w", m.URL, err)
	}
	res.Monitor, err = getMonitor(ctx, s.db.R, id)
	return res, err
}

// pageRow is a monitored page and its approved baseline.
type pageRow struct {
	id       string
	url      string
	baseline *analyze.Baseline
}

// pagesOf returns the monitor's pages, rebuilding the list from the site
// (sitemap and internal links) when it is due.
func (s *Service) pagesOf(ctx context.Context, m *Monitor, rules *analyze.Rules) ([]pageRow, error) {
	var crawledAt int64
	if err := s.db.R.QueryRowContext(ctx, `SELECT pages_crawled_at FROM monitors WHERE id = $1`, m.ID).Scan(&crawledAt); err != nil {
		return nil, err
	}
	if crawledAt == 0 || s.now().Sub(db.Time(crawledAt)) > s.cfg.RecrawlEvery {
		urls := []string{m.URL}
		if m.CrawlDepth > 0 || m.MaxPages > 1 {
			urls = s.web.Crawl(ctx, m.URL, m.CrawlDepth, m.MaxPages, func(p *analyze.Page) []string {
				snap, err := analyze.Analyze(p, rules)
				if err != nil {
					return nil
				}
				return snap.Links
			})
		}
		if len(urls) == 0 || urls[0] != m.URL {
			urls = append([]string{m.URL}, slices.DeleteFunc(urls, func(u string) bool { return u == m.URL })...)
		}
		err := s.db.Tx(ctx, func(tx *sql.Tx) error {
			for _, u := range urls {
				if _, err := tx.ExecContext(ctx, `INSERT INTO monitor_pages (id, monitor_id, url) VALUES ($1,$2,$3) ON CONFLICT (monitor_id, url) DO NOTHING`,
					db.NewID(), m.ID, u); err != nil {
					return err
				}
			}
			_, err := tx.ExecContext(ctx, `UPDATE monitors SET pages_crawled_at = $1 WHERE id = $2`, db.Millis(s.now()), m.ID)
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT id, url, baseline_json FROM monitor_pages WHERE monitor_id = $1`, m.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []pageRow
	for rows.Next() {
		var p pageRow
		var base string
		if err := rows.Scan(&p.id, &p.url, &base); err != nil {
			return nil, err
		}
		if base != "" {
			p.baseline = new(analyze.Baseline)
			if err := json.Unmarshal([]byte(base), p.baseline); err != nil {
				p.baseline = nil
			}
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// The home page first: it decides availability.
	sort.SliceStable(out, func(i, j int) bool { return out[i].url == m.URL && out[j].url != m.URL })
	if len(out) > m.MaxPages {
		out = out[:m.MaxPages]
	}
	return out, nil
}

// checkPage fetches one page as every variant and assesses it. Without a
// baseline it fetches once more and learns one instead.
func (s *Service) checkPage(ctx context.Context, p pageRow, rules *analyze.Rules) *pageOutcome {
	o := &pageOutcome{url: p.url, variants: s.web.FetchVariants(ctx, p.url), snaps: map[analyze.Variant]*analyze.Snapshot{}}
	browser := o.variants[analyze.Browser]
	if browser == nil || browser.Err != "" || browser.Status == 0 || browser.Status >= 500 {
		if browser != nil {
			o.err = browser.Err
			if o.err == "" {
				o.err = fmt.Sprintf("HTTP %d", browser.Status)
			}
		}
		return o
	}
	o.up = true
	for v, page := range o.variants {
		if page == nil || page.Err != "" || page.Status == 0 {
			continue
		}
		if snap, err := analyze.Analyze(page, rules); err == nil {
			o.snaps[v] = snap
		}
	}
	o.browser = o.snaps[analyze.Browser]
	if o.browser == nil {
		return o
	}
	if p.baseline == nil {
		again := s.web.Fetch(ctx, p.url, analyze.Browser)
		second, err := analyze.Analyze(again, rules)
		if err != nil || again.Err != "" {
			second = o.browser
		}
		o.learned = true
		o.change = nil
		learnt := analyze.Learn(o.browser, second)
		o.baselineJSON = mustJSON(learnt)
		// A page that is already defaced, injected or cloaking when first
		// seen is still reported: those signs need no baseline.
		o.severity, o.signs, _ = analyze.Assess(nil, o.snaps, rules)
		return o
	}
	o.severity, o.signs, o.change = analyze.Assess(p.baseline, o.snaps, rules)
	return o
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}

func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.Hostname()
}
