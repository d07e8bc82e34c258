-- +goose Up
-- A confirmed defacement or injection opens an incident (S6 → S7).
ALTER TABLE findings ADD COLUMN incident_id TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE findings DROP COLUMN incident_id;
