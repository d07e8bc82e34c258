-- +goose Up
-- A new TOTP secret waits here until a code proves the person's app has it;
-- the current second factor stays on meanwhile.
ALTER TABLE credentials ADD COLUMN totp_pending TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE credentials DROP COLUMN totp_pending;
