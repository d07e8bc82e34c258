-- +goose Up
-- Assets and technical controls (S4: Đ6.1.c, Đ6.2.f, Đ6.3.c, Đ7.1–7.3, Đ8.1.c).
CREATE TABLE assets (
    id                 TEXT PRIMARY KEY,
    org_id             TEXT NOT NULL REFERENCES organisations(id),
    -- kind: server, workstation, laptop, storage, network, security, system, website
    kind               TEXT NOT NULL,
    name               TEXT NOT NULL,
    owner              TEXT NOT NULL DEFAULT '',
    location           TEXT NOT NULL DEFAULT '',
    -- criticality: low, medium, high, critical
    criticality        TEXT NOT NULL DEFAULT 'medium',
    addresses          TEXT NOT NULL DEFAULT '',
    hostnames          TEXT NOT NULL DEFAULT '',
    macs               TEXT NOT NULL DEFAULT '',
    os                 TEXT NOT NULL DEFAULT '',
    os_version         TEXT NOT NULL DEFAULT '',
    -- Information systems: security level 1–5 (Nghị định 85/2016/NĐ-CP)
    -- and the record of its approval.
    security_level     INTEGER NOT NULL DEFAULT 0,
    level_decision     TEXT NOT NULL DEFAULT '',
    level_approved_by  TEXT NOT NULL DEFAULT '',
    level_approved_at  BIGINT NOT NULL DEFAULT 0,
    -- Required backup frequency in hours (0: no backup required).
    backup_every_hours INTEGER NOT NULL DEFAULT 0,
    -- The designated off-network computer for secret documents (Đ6.1.c).
    secret_machine     BOOLEAN NOT NULL DEFAULT FALSE,
    notes              TEXT NOT NULL DEFAULT '',
    retired            BOOLEAN NOT NULL DEFAULT FALSE,
    last_seen_at       BIGINT NOT NULL DEFAULT 0,
    search_text        TEXT NOT NULL DEFAULT '',
    created_by         TEXT NOT NULL DEFAULT '',
    created_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL
);
CREATE INDEX assets_org ON assets(org_id);
CREATE UNIQUE INDEX assets_org_name ON assets(org_id, name);

-- The state of one technical control of an asset: what was observed, when,
-- by whom (declared by a person, reported by the agent, checked by attt)
-- and the evidence.
CREATE TABLE asset_controls (
    asset_id         TEXT NOT NULL REFERENCES assets(id),
    org_id           TEXT NOT NULL REFERENCES organisations(id),
    -- control: default_password, antivirus, backup, software, offline
    control          TEXT NOT NULL,
    -- done: password changed / antivirus installed / backup configured /
    -- only approved software / designated machine exists.
    done             BOOLEAN NOT NULL DEFAULT FALSE,
    running          BOOLEAN NOT NULL DEFAULT FALSE,
    networked        BOOLEAN NOT NULL DEFAULT FALSE,
    product          TEXT NOT NULL DEFAULT '',
    signatures_at    BIGINT NOT NULL DEFAULT 0,
    last_backup_at   BIGINT NOT NULL DEFAULT 0,
    last_restore_at  BIGINT NOT NULL DEFAULT 0,
    -- source: declared, agent, checked
    source           TEXT NOT NULL,
    observed_at      BIGINT NOT NULL,
    evidence         TEXT NOT NULL DEFAULT '',
    recorded_by      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (asset_id, control)
);
CREATE INDEX asset_controls_org ON asset_controls(org_id, control);

-- Software installed on an asset, as the agent last reported it.
CREATE TABLE asset_software (
    asset_id   TEXT NOT NULL REFERENCES assets(id),
    name       TEXT NOT NULL,
    version    TEXT NOT NULL DEFAULT '',
    publisher  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (asset_id, name, version)
);
