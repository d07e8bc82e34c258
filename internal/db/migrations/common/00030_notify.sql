-- +goose Up
-- Notifications (S12). Each person's in-app inbox: one row per recipient,
-- bilingual, always linking to its object. digest is '' (no digest email),
-- 'pending' (waits for the person's daily digest) or the id of the digest
-- delivery that carried it.
CREATE TABLE notifications (
    id          TEXT PRIMARY KEY,
    person_id   TEXT NOT NULL REFERENCES people(id),
    org_id      TEXT NOT NULL DEFAULT '',
    kind        TEXT NOT NULL,
    subject_vi  TEXT NOT NULL,
    subject_en  TEXT NOT NULL DEFAULT '',
    body_vi     TEXT NOT NULL DEFAULT '',
    body_en     TEXT NOT NULL DEFAULT '',
    link        TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    read_at     BIGINT NOT NULL DEFAULT 0,
    digest      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX notifications_person ON notifications(person_id, created_at);
CREATE INDEX notifications_digest ON notifications(digest, created_at);

-- How each person wants email: immediate, digest (daily) or off; lang is
-- the language of their email. In-app notifications are always on.
CREATE TABLE notify_prefs (
    person_id   TEXT PRIMARY KEY REFERENCES people(id),
    email_mode  TEXT NOT NULL,
    lang        TEXT NOT NULL DEFAULT 'vi',
    updated_at  BIGINT NOT NULL
);

-- Webhooks registered on an organisation subtree. kinds is a comma list of
-- message kinds ("incident.*" matches a family); empty means every kind.
-- The secret signs each delivery (HMAC-SHA256) and is shown once.
CREATE TABLE webhooks (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES organisations(id),
    name        TEXT NOT NULL,
    url         TEXT NOT NULL,
    kinds       TEXT NOT NULL DEFAULT '',
    secret      TEXT NOT NULL,
    enabled     BOOLEAN NOT NULL DEFAULT TRUE,
    created_by  TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX webhooks_org ON webhooks(org_id);

-- The outbox: every email and webhook call to make, written in the same
-- transaction as the change it announces. status: pending, sent, failed,
-- not_configured. A worker claims a due row by moving next_attempt_at with
-- a compare-and-set; failures are retried with backoff and the last error
-- is kept.
CREATE TABLE deliveries (
    id               TEXT PRIMARY KEY,
    channel          TEXT NOT NULL,
    org_id           TEXT NOT NULL,
    kind             TEXT NOT NULL,
    person_id        TEXT NOT NULL DEFAULT '',
    webhook_id       TEXT NOT NULL DEFAULT '',
    recipient        TEXT NOT NULL,
    subject          TEXT NOT NULL DEFAULT '',
    body             TEXT NOT NULL DEFAULT '',
    link             TEXT NOT NULL DEFAULT '',
    status           TEXT NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  BIGINT NOT NULL,
    last_error       TEXT NOT NULL DEFAULT '',
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    sent_at          BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX deliveries_due ON deliveries(status, next_attempt_at);
CREATE INDEX deliveries_org ON deliveries(org_id, created_at);

-- +goose Down
DROP TABLE deliveries;
DROP TABLE webhooks;
DROP TABLE notify_prefs;
DROP TABLE notifications;
