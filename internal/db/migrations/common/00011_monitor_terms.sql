-- +goose Up
-- The gambling/betting spam vocabulary website checks look for (S6): data
-- the province edits, starting from the shipped list.
CREATE TABLE monitor_terms (
    term        TEXT PRIMARY KEY,
    added_by    TEXT NOT NULL DEFAULT '',
    added_at    BIGINT NOT NULL
);
-- Whether the list was ever edited (an emptied list stays empty).
CREATE TABLE monitor_terms_state (
    id          INTEGER PRIMARY KEY,
    edited_at   BIGINT NOT NULL
);

-- +goose Down
DROP TABLE monitor_terms_state;
DROP TABLE monitor_terms;
