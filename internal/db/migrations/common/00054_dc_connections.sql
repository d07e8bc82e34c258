-- +goose Up
-- Connections of agency systems to the provincial data integration centre
-- (Đ9): registered by the agency, reviewed by the datacenter role,
-- approved for a year at a time.
CREATE TABLE dc_connections (
    id                  TEXT PRIMARY KEY,
    org_id              TEXT NOT NULL REFERENCES organisations(id),
    asset_id            TEXT NOT NULL DEFAULT '',
    name                TEXT NOT NULL,
    purpose             TEXT NOT NULL,
    endpoints           TEXT NOT NULL DEFAULT '',
    data_exchanged      TEXT NOT NULL DEFAULT '',
    responsible         TEXT NOT NULL,
    responsible_contact TEXT NOT NULL DEFAULT '',
    policy_ack_by       TEXT NOT NULL DEFAULT '',
    policy_ack_at       BIGINT NOT NULL DEFAULT 0,
    -- status: pending, approved, rejected, changes_requested, expired
    status              TEXT NOT NULL DEFAULT 'pending',
    decision_note       TEXT NOT NULL DEFAULT '',
    decided_by          TEXT NOT NULL DEFAULT '',
    decided_at          BIGINT NOT NULL DEFAULT 0,
    expires_at          BIGINT NOT NULL DEFAULT 0,
    reminded_at         BIGINT NOT NULL DEFAULT 0,
    created_by          TEXT NOT NULL DEFAULT '',
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL
);
CREATE INDEX dc_connections_org ON dc_connections(org_id);
CREATE INDEX dc_connections_status ON dc_connections(status, expires_at);
