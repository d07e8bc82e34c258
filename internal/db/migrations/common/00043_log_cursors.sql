-- +goose Up
-- Positions of the feeds central logs read from other rooms (S5): the
-- audit trail's last copied sequence number.
CREATE TABLE log_cursors (
    name       TEXT PRIMARY KEY,
    position   BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- +goose Down
DROP TABLE log_cursors;
