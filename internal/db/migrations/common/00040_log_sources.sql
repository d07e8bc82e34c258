-- +goose Up
-- Log sources (S5, Đ6.2.e): devices and systems that send logs, each
-- belonging to an agency. A sender attt does not know is recorded here
-- with org_id NULL ("unassigned") until the authority assigns it.
-- kind: address (matched on the sender's IP), hostname (matched on the
-- syslog HOSTNAME, for relays) or token (HTTP JSON senders).
CREATE TABLE log_sources (
    id                   TEXT PRIMARY KEY,
    org_id               TEXT REFERENCES organisations(id),
    name                 TEXT NOT NULL,
    kind                 TEXT NOT NULL,
    match_value          TEXT NOT NULL DEFAULT '',
    token_hash           TEXT NOT NULL DEFAULT '',
    expected_interval_ms BIGINT NOT NULL DEFAULT 0,
    retention_ms         BIGINT NOT NULL DEFAULT 0,
    first_seen_at        BIGINT NOT NULL DEFAULT 0,
    last_seen_at         BIGINT NOT NULL DEFAULT 0,
    last_peer            TEXT NOT NULL DEFAULT '',
    last_host            TEXT NOT NULL DEFAULT '',
    events               BIGINT NOT NULL DEFAULT 0,
    silent_since         BIGINT NOT NULL DEFAULT 0,
    created_by           TEXT NOT NULL DEFAULT '',
    created_at           BIGINT NOT NULL,
    updated_at           BIGINT NOT NULL
);
CREATE INDEX log_sources_org ON log_sources(org_id);
CREATE UNIQUE INDEX log_sources_match ON log_sources(kind, match_value) WHERE kind <> 'token';
CREATE UNIQUE INDEX log_sources_token ON log_sources(token_hash) WHERE token_hash <> '';

-- Retention of central logs per agency; agencies without a row keep the
-- configured default (log_retention, 180 days).
CREATE TABLE log_retention (
    org_id       TEXT PRIMARY KEY REFERENCES organisations(id),
    retention_ms BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);

-- +goose Down
DROP TABLE log_retention;
DROP TABLE log_sources;
