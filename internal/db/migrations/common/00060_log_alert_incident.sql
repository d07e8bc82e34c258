-- +goose Up
-- A log alert can open an incident in one action (S5 → S7).
ALTER TABLE log_alerts ADD COLUMN incident_id TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE log_alerts DROP COLUMN incident_id;
