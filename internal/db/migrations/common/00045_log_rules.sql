-- +goose Up
-- Detection rules written in the UI (S5 point 4), in the same YAML form as
-- the shipped ones; they apply province-wide.
CREATE TABLE log_rules (
    id          TEXT PRIMARY KEY,
    rule_id     TEXT NOT NULL UNIQUE,
    yaml        TEXT NOT NULL,
    created_by  TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);

-- +goose Down
DROP TABLE log_rules;
