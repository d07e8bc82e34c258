-- +goose Up
-- Approved software (Đ6.2.f, Đ6.3.c): patterns kept per organisation; the
-- root organisation's list is the province-wide default the authority
-- maintains, and an asset is held to the lists of its organisation and
-- every organisation above it.
CREATE TABLE approved_software (
    id                 TEXT PRIMARY KEY,
    org_id             TEXT NOT NULL REFERENCES organisations(id),
    name_pattern       TEXT NOT NULL,
    publisher_pattern  TEXT NOT NULL DEFAULT '',
    version_pattern    TEXT NOT NULL DEFAULT '',
    note               TEXT NOT NULL DEFAULT '',
    created_by         TEXT NOT NULL DEFAULT '',
    created_at         BIGINT NOT NULL
);
CREATE INDEX approved_software_org ON approved_software(org_id);

-- An installed program no list approves. status: open, approved,
-- removed, excepted (with reason and expiry).
CREATE TABLE software_findings (
    id             TEXT PRIMARY KEY,
    org_id         TEXT NOT NULL REFERENCES organisations(id),
    asset_id       TEXT NOT NULL REFERENCES assets(id),
    name           TEXT NOT NULL,
    version        TEXT NOT NULL DEFAULT '',
    publisher      TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL DEFAULT 'open',
    reason         TEXT NOT NULL DEFAULT '',
    expires_at     BIGINT NOT NULL DEFAULT 0,
    resolved_by    TEXT NOT NULL DEFAULT '',
    resolved_at    BIGINT NOT NULL DEFAULT 0,
    first_seen_at  BIGINT NOT NULL,
    last_seen_at   BIGINT NOT NULL,
    UNIQUE (asset_id, name, version)
);
CREATE INDEX software_findings_org ON software_findings(org_id, status);
