-- +goose Up
-- When an agent was flagged as silent (0: reporting), so the officer is
-- told once per silence.
ALTER TABLE agents ADD COLUMN stale_since BIGINT NOT NULL DEFAULT 0;
