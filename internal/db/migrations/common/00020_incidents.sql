-- +goose Up
-- Incidents (S7): from first report to closing report (Đ6.2.d, Đ7.9, Đ11.3,
-- Đ11.4, Đ12.5, Đ13, Đ14.3, Đ15.2).
CREATE TABLE incidents (
    id                  TEXT PRIMARY KEY,
    org_id              TEXT NOT NULL REFERENCES organisations(id),
    ref                 TEXT NOT NULL UNIQUE,
    title               TEXT NOT NULL,
    description         TEXT NOT NULL DEFAULT '',
    -- title and description folded (lower case, no diacritics) for search
    search_text         TEXT NOT NULL DEFAULT '',
    affected            TEXT NOT NULL DEFAULT '',
    occurred_at         BIGINT NOT NULL DEFAULT 0,
    detected_at         BIGINT NOT NULL,
    detection_method    TEXT NOT NULL DEFAULT '',
    reported_via        TEXT NOT NULL,
    reporter_id         TEXT NOT NULL DEFAULT '',
    reporter_contact    TEXT NOT NULL DEFAULT '',
    source_type         TEXT NOT NULL DEFAULT '',
    source_id           TEXT NOT NULL DEFAULT '',
    category            TEXT NOT NULL DEFAULT '',
    severity            TEXT NOT NULL DEFAULT '',
    serious_checks      TEXT NOT NULL DEFAULT '',
    status              TEXT NOT NULL,
    owner_id            TEXT NOT NULL DEFAULT '',
    containment         TEXT NOT NULL DEFAULT '',
    cause               TEXT NOT NULL DEFAULT '',
    impact              TEXT NOT NULL DEFAULT '',
    actions_taken       TEXT NOT NULL DEFAULT '',
    lessons             TEXT NOT NULL DEFAULT '',
    -- estimated damage in đồng (Mẫu 04, Mẫu 05)
    damage              BIGINT NOT NULL DEFAULT 0,
    support_requested   TEXT NOT NULL DEFAULT '',
    acknowledged_at     BIGINT NOT NULL DEFAULT 0,
    escalated_at        BIGINT NOT NULL DEFAULT 0,
    escalated_by        TEXT NOT NULL DEFAULT '',
    escalation_reason   TEXT NOT NULL DEFAULT '',
    resolved_at         BIGINT NOT NULL DEFAULT 0,
    closed_at           BIGINT NOT NULL DEFAULT 0,
    initial_report_due  BIGINT NOT NULL DEFAULT 0,
    initial_report_at   BIGINT NOT NULL DEFAULT 0,
    closing_report_due  BIGINT NOT NULL DEFAULT 0,
    closing_report_at   BIGINT NOT NULL DEFAULT 0,
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL
);
CREATE INDEX incidents_org ON incidents(org_id, detected_at);
CREATE INDEX incidents_status ON incidents(status, detected_at);
CREATE INDEX incidents_escalated ON incidents(escalated_at);
CREATE INDEX incidents_reporter ON incidents(reporter_id);

-- Affected information systems with their security level (Nghị định 85/2016).
CREATE TABLE incident_systems (
    id           TEXT PRIMARY KEY,
    incident_id  TEXT NOT NULL REFERENCES incidents(id),
    position     INTEGER NOT NULL,
    name         TEXT NOT NULL,
    level        INTEGER NOT NULL DEFAULT 0,
    operator     TEXT NOT NULL DEFAULT '',
    owner        TEXT NOT NULL DEFAULT '',
    domain       TEXT NOT NULL DEFAULT '',
    ips          TEXT NOT NULL DEFAULT '',
    os           TEXT NOT NULL DEFAULT '',
    services     TEXT NOT NULL DEFAULT '',
    protections  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX incident_systems_incident ON incident_systems(incident_id, position);

-- The timeline: every action and comment. Shared entries are visible to
-- invited outside parties.
CREATE TABLE incident_entries (
    id            TEXT PRIMARY KEY,
    incident_id   TEXT NOT NULL REFERENCES incidents(id),
    at            BIGINT NOT NULL,
    actor_id      TEXT NOT NULL DEFAULT '',
    actor_org_id  TEXT NOT NULL DEFAULT '',
    kind          TEXT NOT NULL,
    body          TEXT NOT NULL DEFAULT '',
    shared        BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX incident_entries_incident ON incident_entries(incident_id, at);

CREATE TABLE incident_tasks (
    id            TEXT PRIMARY KEY,
    incident_id   TEXT NOT NULL REFERENCES incidents(id),
    title         TEXT NOT NULL,
    owner_id      TEXT NOT NULL DEFAULT '',
    org_id        TEXT NOT NULL,
    due_at        BIGINT NOT NULL DEFAULT 0,
    done_at       BIGINT NOT NULL DEFAULT 0,
    done_by       TEXT NOT NULL DEFAULT '',
    shared        BOOLEAN NOT NULL DEFAULT FALSE,
    created_by    TEXT NOT NULL DEFAULT '',
    created_at    BIGINT NOT NULL
);
CREATE INDEX incident_tasks_incident ON incident_tasks(incident_id);
CREATE INDEX incident_tasks_open ON incident_tasks(done_at, due_at);

-- Evidence files, stored encrypted by the intake gate.
CREATE TABLE incident_files (
    id            TEXT PRIMARY KEY,
    incident_id   TEXT NOT NULL REFERENCES incidents(id),
    name          TEXT NOT NULL,
    type          TEXT NOT NULL,
    size          BIGINT NOT NULL,
    sha256        TEXT NOT NULL,
    shared        BOOLEAN NOT NULL DEFAULT FALSE,
    uploaded_by   TEXT NOT NULL DEFAULT '',
    org_id        TEXT NOT NULL,
    created_at    BIGINT NOT NULL
);
CREATE INDEX incident_files_incident ON incident_files(incident_id);

-- Outside parties (police, VNCERT/CC, network provider) invited to an
-- incident; ended_at > 0 once un-shared.
CREATE TABLE incident_shares (
    id            TEXT PRIMARY KEY,
    incident_id   TEXT NOT NULL REFERENCES incidents(id),
    org_id        TEXT NOT NULL REFERENCES organisations(id),
    note          TEXT NOT NULL DEFAULT '',
    invited_by    TEXT NOT NULL DEFAULT '',
    invited_at    BIGINT NOT NULL,
    ended_by      TEXT NOT NULL DEFAULT '',
    ended_at      BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX incident_shares_incident ON incident_shares(incident_id);
CREATE INDEX incident_shares_org ON incident_shares(org_id, ended_at);

CREATE TABLE incident_coordinators (
    incident_id   TEXT NOT NULL REFERENCES incidents(id),
    person_id     TEXT NOT NULL REFERENCES people(id),
    assigned_by   TEXT NOT NULL DEFAULT '',
    assigned_at   BIGINT NOT NULL,
    PRIMARY KEY (incident_id, person_id)
);

-- Reminders already sent, so an overdue item is reminded once a day.
CREATE TABLE incident_reminders (
    incident_id   TEXT NOT NULL,
    item          TEXT NOT NULL,
    sent_at       BIGINT NOT NULL,
    PRIMARY KEY (incident_id, item)
);

-- Official documents issued by attt, numbered in the agency's yearly
-- sequence (sổ văn bản đi). data is the filled form, so a document renders
-- the same every time it is downloaded.
CREATE TABLE documents (
    id            TEXT PRIMARY KEY,
    org_id        TEXT NOT NULL REFERENCES organisations(id),
    year          INTEGER NOT NULL,
    seq           INTEGER NOT NULL,
    number        TEXT NOT NULL,
    form          TEXT NOT NULL,
    summary       TEXT NOT NULL DEFAULT '',
    object_type   TEXT NOT NULL DEFAULT '',
    object_id     TEXT NOT NULL DEFAULT '',
    data          TEXT NOT NULL,
    issued_by     TEXT NOT NULL DEFAULT '',
    issued_at     BIGINT NOT NULL,
    UNIQUE (org_id, year, seq)
);
CREATE INDEX documents_object ON documents(object_type, object_id);

-- Yearly counters per organisation: series "doc" numbers official
-- documents, "incident" numbers incident references.
CREATE TABLE sequences (
    org_id  TEXT NOT NULL,
    series  TEXT NOT NULL,
    year    INTEGER NOT NULL,
    last    INTEGER NOT NULL,
    PRIMARY KEY (org_id, series, year)
);

-- +goose Down
DROP TABLE sequences;
DROP TABLE documents;
DROP TABLE incident_reminders;
DROP TABLE incident_coordinators;
DROP TABLE incident_shares;
DROP TABLE incident_files;
DROP TABLE incident_tasks;
DROP TABLE incident_entries;
DROP TABLE incident_systems;
DROP TABLE incidents;
