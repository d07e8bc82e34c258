-- +goose Up
-- Checklist items keep the order they were listed in.
ALTER TABLE offboarding_items ADD COLUMN position INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE offboarding_items DROP COLUMN position;
