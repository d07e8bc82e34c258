-- +goose Up
-- Website integrity monitoring (S6, Đ6.2.f, Đ8.1.b).
CREATE TABLE monitors (
    id                    TEXT PRIMARY KEY,
    org_id                TEXT NOT NULL REFERENCES organisations(id),
    name                  TEXT NOT NULL,
    url                   TEXT NOT NULL,
    interval_seconds      INTEGER NOT NULL,
    crawl_depth           INTEGER NOT NULL,
    max_pages             INTEGER NOT NULL,
    allowed_domains       TEXT NOT NULL DEFAULT '',
    ignore_selectors      TEXT NOT NULL DEFAULT '',
    ignore_patterns       TEXT NOT NULL DEFAULT '',
    alert_after           INTEGER NOT NULL DEFAULT 3,
    enabled               BOOLEAN NOT NULL DEFAULT TRUE,
    -- state: unknown, up, down
    state                 TEXT NOT NULL DEFAULT 'unknown',
    failures_in_row       INTEGER NOT NULL DEFAULT 0,
    successes_in_row      INTEGER NOT NULL DEFAULT 0,
    changes_in_row        INTEGER NOT NULL DEFAULT 0,
    noisy                 BOOLEAN NOT NULL DEFAULT FALSE,
    last_check_at         BIGINT NOT NULL DEFAULT 0,
    next_check_at         BIGINT NOT NULL DEFAULT 0,
    last_status           INTEGER NOT NULL DEFAULT 0,
    last_error            TEXT NOT NULL DEFAULT '',
    last_response_ms      INTEGER NOT NULL DEFAULT 0,
    cert_not_after        BIGINT NOT NULL DEFAULT 0,
    cert_issuer           TEXT NOT NULL DEFAULT '',
    cert_error            TEXT NOT NULL DEFAULT '',
    dns_a                 TEXT NOT NULL DEFAULT '',
    dns_ns                TEXT NOT NULL DEFAULT '',
    pages_crawled_at      BIGINT NOT NULL DEFAULT 0,
    created_by            TEXT NOT NULL DEFAULT '',
    created_at            BIGINT NOT NULL,
    updated_at            BIGINT NOT NULL
);
CREATE INDEX monitors_org ON monitors(org_id);
CREATE INDEX monitors_due ON monitors(enabled, next_check_at);

-- Pages a monitor covers: its home page, sitemap entries and crawled links.
CREATE TABLE monitor_pages (
    id               TEXT PRIMARY KEY,
    monitor_id       TEXT NOT NULL REFERENCES monitors(id),
    url              TEXT NOT NULL,
    baseline_json    TEXT NOT NULL DEFAULT '',
    baseline_at      BIGINT NOT NULL DEFAULT 0,
    last_json        TEXT NOT NULL DEFAULT '',
    last_hash        TEXT NOT NULL DEFAULT '',
    last_status      INTEGER NOT NULL DEFAULT 0,
    last_checked_at  BIGINT NOT NULL DEFAULT 0,
    UNIQUE (monitor_id, url)
);

-- Findings: what a check saw that a person must look at.
-- status: open, accepted (new baseline), confirmed (defacement), resolved.
CREATE TABLE findings (
    id             TEXT PRIMARY KEY,
    monitor_id     TEXT NOT NULL REFERENCES monitors(id),
    org_id         TEXT NOT NULL REFERENCES organisations(id),
    page_url       TEXT NOT NULL,
    severity       TEXT NOT NULL,
    kinds          TEXT NOT NULL,
    summary        TEXT NOT NULL,
    evidence_json  TEXT NOT NULL,
    status         TEXT NOT NULL DEFAULT 'open',
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    resolved_by    TEXT NOT NULL DEFAULT '',
    note           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX findings_org ON findings(org_id, status, created_at);
CREATE INDEX findings_monitor ON findings(monitor_id, status);

-- Pre-aggregated availability and response time, so history charts stay
-- fast with thousands of monitors and months of checks.
CREATE TABLE monitor_stats (
    monitor_id   TEXT NOT NULL REFERENCES monitors(id),
    -- bucket: 'h' hourly (kept 14 days) or 'd' daily (kept)
    bucket       TEXT NOT NULL,
    start_at     BIGINT NOT NULL,
    checks       INTEGER NOT NULL,
    ups          INTEGER NOT NULL,
    sum_ms       BIGINT NOT NULL,
    max_ms       INTEGER NOT NULL,
    PRIMARY KEY (monitor_id, bucket, start_at)
);

-- +goose Down
DROP TABLE monitor_stats;
DROP TABLE findings;
DROP TABLE monitor_pages;
DROP TABLE monitors;
