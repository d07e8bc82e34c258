-- +goose Up
-- Alerts raised by log detection rules (S5 point 4). One open alert per
-- rule, agency and group gathers repeated hits (deduplication); people
-- acknowledge or dismiss it with a reason, which the audit trail records.
-- events_json keeps the triggering events (at most 20): id, time, host,
-- app, message and raw line.
CREATE TABLE log_alerts (
    id           TEXT PRIMARY KEY,
    rule_id      TEXT NOT NULL,
    title        TEXT NOT NULL,
    title_en     TEXT NOT NULL DEFAULT '',
    level        TEXT NOT NULL,
    org_id       TEXT REFERENCES organisations(id),
    group_key    TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL DEFAULT 'open',
    first_at     BIGINT NOT NULL,
    last_at      BIGINT NOT NULL,
    hits         BIGINT NOT NULL DEFAULT 1,
    events_json  TEXT NOT NULL DEFAULT '[]',
    reason       TEXT NOT NULL DEFAULT '',
    decided_by   TEXT NOT NULL DEFAULT '',
    decided_at   BIGINT NOT NULL DEFAULT 0,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX log_alerts_org ON log_alerts(org_id, status, last_at);
CREATE INDEX log_alerts_open ON log_alerts(rule_id, group_key, status);

-- +goose Down
DROP TABLE log_alerts;
