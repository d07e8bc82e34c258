-- +goose Up
-- A source's own retention in days (0: the agency's), as the embedded
-- store keeps it per partition.
ALTER TABLE log_events ADD COLUMN keep_days INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE log_events DROP COLUMN keep_days;
