-- +goose Up
-- Endpoint agents (S4): one-time enrolment tokens scoped to an agency, the
-- agents they enrolled (each with its own signing secret), and the nonces
-- of recent reports (replay protection).
CREATE TABLE agent_enrolments (
    id           TEXT PRIMARY KEY,
    org_id       TEXT NOT NULL REFERENCES organisations(id),
    token_hash   TEXT NOT NULL UNIQUE,
    label        TEXT NOT NULL DEFAULT '',
    -- offline tokens sign report files of the secret-document computer;
    -- they are not used up, and keep the derived signing key.
    offline      BOOLEAN NOT NULL DEFAULT FALSE,
    offline_key  TEXT NOT NULL DEFAULT '',
    expires_at   BIGINT NOT NULL,
    used_at      BIGINT NOT NULL DEFAULT 0,
    agent_id     TEXT NOT NULL DEFAULT '',
    revoked      BOOLEAN NOT NULL DEFAULT FALSE,
    created_by   TEXT NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL
);
CREATE INDEX agent_enrolments_org ON agent_enrolments(org_id);

CREATE TABLE agents (
    id              TEXT PRIMARY KEY,
    org_id          TEXT NOT NULL REFERENCES organisations(id),
    asset_id        TEXT NOT NULL REFERENCES assets(id),
    secret          TEXT NOT NULL,
    hostname        TEXT NOT NULL DEFAULT '',
    version         TEXT NOT NULL DEFAULT '',
    enrolled_at     BIGINT NOT NULL,
    last_report_at  BIGINT NOT NULL DEFAULT 0,
    revoked         BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX agents_org ON agents(org_id);
CREATE INDEX agents_asset ON agents(asset_id);

CREATE TABLE agent_nonces (
    agent_id  TEXT NOT NULL,
    nonce     TEXT NOT NULL,
    seen_at   BIGINT NOT NULL,
    PRIMARY KEY (agent_id, nonce)
);
CREATE INDEX agent_nonces_seen ON agent_nonces(seen_at);
