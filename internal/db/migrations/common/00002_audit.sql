-- +goose Up
-- Audit trail (S3, Đ7.8): append-only, each row's hash covers its content and
-- the previous row's hash. audit_head holds the chain's tip; audit_anchor the
-- last pruned row, so retention can drop old rows without breaking Verify.
CREATE TABLE audit_events (
    seq          BIGINT PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,
    at           BIGINT NOT NULL,
    actor_id     TEXT NOT NULL DEFAULT '',
    actor_login  TEXT NOT NULL DEFAULT '',
    org_id       TEXT NOT NULL DEFAULT '',
    action       TEXT NOT NULL,
    target_type  TEXT NOT NULL DEFAULT '',
    target_id    TEXT NOT NULL DEFAULT '',
    ip           TEXT NOT NULL DEFAULT '',
    user_agent   TEXT NOT NULL DEFAULT '',
    before_json  TEXT NOT NULL DEFAULT '',
    after_json   TEXT NOT NULL DEFAULT '',
    note         TEXT NOT NULL DEFAULT '',
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL
);
CREATE INDEX audit_events_at ON audit_events(at);
CREATE INDEX audit_events_org ON audit_events(org_id, at);
CREATE INDEX audit_events_actor ON audit_events(actor_id, at);

CREATE TABLE audit_head (
    id    INTEGER PRIMARY KEY,
    seq   BIGINT NOT NULL,
    hash  TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');

CREATE TABLE audit_anchor (
    seq        BIGINT PRIMARY KEY,
    hash       TEXT NOT NULL,
    pruned_at  BIGINT NOT NULL
);

-- +goose Down
DROP TABLE audit_anchor;
DROP TABLE audit_head;
DROP TABLE audit_events;
