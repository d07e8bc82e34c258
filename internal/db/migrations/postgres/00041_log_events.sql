-- +goose Up
-- Central log events when PostgreSQL is the log store (S5): rows written
-- by COPY batches. The embedded store keeps events in block files instead.
CREATE TABLE log_events (
    id          BIGSERIAL PRIMARY KEY,
    org_id      TEXT NOT NULL DEFAULT '',
    source_id   TEXT NOT NULL DEFAULT '',
    peer        TEXT NOT NULL DEFAULT '',
    at_ns       BIGINT NOT NULL,
    received_ns BIGINT NOT NULL,
    host        TEXT NOT NULL DEFAULT '',
    app         TEXT NOT NULL DEFAULT '',
    procid      TEXT NOT NULL DEFAULT '',
    msgid       TEXT NOT NULL DEFAULT '',
    facility    SMALLINT NOT NULL,
    severity    SMALLINT NOT NULL,
    format      TEXT NOT NULL DEFAULT '',
    message     TEXT NOT NULL DEFAULT '',
    fields      JSONB NOT NULL DEFAULT '[]',
    raw         TEXT NOT NULL,
    parse_error TEXT NOT NULL DEFAULT '',
    folded      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX log_events_org_at ON log_events (org_id, at_ns DESC);

-- +goose Down
DROP TABLE log_events;
