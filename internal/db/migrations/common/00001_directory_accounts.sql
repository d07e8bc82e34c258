-- +goose Up
-- Directory (S1): organisations form a tree; path is the chain of ids from
-- the root, "/id1/id2/", so a subtree is one prefix match.
CREATE TABLE organisations (
    id          TEXT PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    type        TEXT NOT NULL,
    parent_id   TEXT REFERENCES organisations(id),
    path        TEXT NOT NULL,
    email       TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    address     TEXT NOT NULL DEFAULT '',
    active      BOOLEAN NOT NULL DEFAULT TRUE,
    officer_id  TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX organisations_path ON organisations(path);
CREATE INDEX organisations_parent ON organisations(parent_id);

-- People (S1). status: pending (not yet activated), active, suspended,
-- offboarded. Credentials live apart, in the accounts room's own table.
CREATE TABLE people (
    id          TEXT PRIMARY KEY,
    login       TEXT NOT NULL UNIQUE,
    full_name   TEXT NOT NULL,
    email       TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    title       TEXT NOT NULL DEFAULT '',
    org_id      TEXT NOT NULL REFERENCES organisations(id),
    status      TEXT NOT NULL,
    created_by  TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX people_org ON people(org_id);

-- Credentials and lockout state of an account (S2, Đ7.5, Đ7.6).
CREATE TABLE credentials (
    person_id           TEXT PRIMARY KEY REFERENCES people(id),
    password_hash       TEXT NOT NULL DEFAULT '',
    password_changed_at BIGINT NOT NULL DEFAULT 0,
    totp_secret         TEXT NOT NULL DEFAULT '',
    totp_enabled        BOOLEAN NOT NULL DEFAULT FALSE,
    totp_last_step      BIGINT NOT NULL DEFAULT 0,
    failed_count        INTEGER NOT NULL DEFAULT 0,
    totp_failed_count   INTEGER NOT NULL DEFAULT 0,
    locked_until        BIGINT NOT NULL DEFAULT 0,
    lock_count          INTEGER NOT NULL DEFAULT 0,
    last_login_at       BIGINT NOT NULL DEFAULT 0,
    last_failed_at      BIGINT NOT NULL DEFAULT 0
);

-- Role grants: a role always holds on an organisation subtree.
CREATE TABLE grants (
    id          TEXT PRIMARY KEY,
    person_id   TEXT NOT NULL REFERENCES people(id),
    org_id      TEXT NOT NULL REFERENCES organisations(id),
    role        TEXT NOT NULL,
    created_by  TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    UNIQUE (person_id, org_id, role)
);
CREATE INDEX grants_org ON grants(org_id);

-- Where a person has worked: transfers keep their history.
CREATE TABLE memberships (
    id          TEXT PRIMARY KEY,
    person_id   TEXT NOT NULL REFERENCES people(id),
    org_id      TEXT NOT NULL REFERENCES organisations(id),
    from_at     BIGINT NOT NULL,
    to_at       BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX memberships_person ON memberships(person_id);

CREATE TABLE sessions (
    id_hash       TEXT PRIMARY KEY,
    person_id     TEXT NOT NULL REFERENCES people(id),
    csrf          TEXT NOT NULL,
    ip            TEXT NOT NULL DEFAULT '',
    user_agent    TEXT NOT NULL DEFAULT '',
    created_at    BIGINT NOT NULL,
    last_seen_at  BIGINT NOT NULL,
    expires_at    BIGINT NOT NULL,
    mfa_pending   BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX sessions_person ON sessions(person_id);

CREATE TABLE api_tokens (
    id            TEXT PRIMARY KEY,
    person_id     TEXT NOT NULL REFERENCES people(id),
    name          TEXT NOT NULL,
    token_hash    TEXT NOT NULL UNIQUE,
    created_at    BIGINT NOT NULL,
    expires_at    BIGINT NOT NULL,
    revoked_at    BIGINT NOT NULL DEFAULT 0,
    last_used_at  BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX api_tokens_person ON api_tokens(person_id);

-- One-time links: first-administrator setup, activation, password reset.
CREATE TABLE one_time_links (
    token_hash  TEXT PRIMARY KEY,
    person_id   TEXT NOT NULL DEFAULT '',
    purpose     TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    used_at     BIGINT NOT NULL DEFAULT 0
);

-- Offboarding (Đ7.4): one record per departure, with devices to recover.
CREATE TABLE offboardings (
    id          TEXT PRIMARY KEY,
    person_id   TEXT NOT NULL REFERENCES people(id),
    org_id      TEXT NOT NULL REFERENCES organisations(id),
    reason      TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    created_by  TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX offboardings_org ON offboardings(org_id);

CREATE TABLE offboarding_items (
    id              TEXT PRIMARY KEY,
    offboarding_id  TEXT NOT NULL REFERENCES offboardings(id),
    item            TEXT NOT NULL,
    label           TEXT NOT NULL,
    recovered_at    BIGINT NOT NULL DEFAULT 0,
    recovered_by    TEXT NOT NULL DEFAULT '',
    note            TEXT NOT NULL DEFAULT ''
);
CREATE INDEX offboarding_items_parent ON offboarding_items(offboarding_id);

-- Settings changed at run time (audited); the config file gives defaults.
CREATE TABLE settings (
    key         TEXT PRIMARY KEY,
    value       TEXT NOT NULL,
    updated_by  TEXT NOT NULL DEFAULT '',
    updated_at  BIGINT NOT NULL
);

-- +goose Down
DROP TABLE settings;
DROP TABLE offboarding_items;
DROP TABLE offboardings;
DROP TABLE one_time_links;
DROP TABLE api_tokens;
DROP TABLE sessions;
DROP TABLE memberships;
DROP TABLE grants;
DROP TABLE credentials;
DROP TABLE people;
DROP TABLE organisations;
