-- +goose Up
-- Devices a person signed in from successfully (device cookies). Sign-ins
-- from such a device count failures on the device, not on the account, so
-- strangers guessing from elsewhere cannot lock a person out (Đ7.6, Đ7.7).
CREATE TABLE trusted_devices (
    id_hash       TEXT PRIMARY KEY,
    person_id     TEXT NOT NULL REFERENCES people(id),
    created_at    BIGINT NOT NULL,
    last_used_at  BIGINT NOT NULL,
    expires_at    BIGINT NOT NULL,
    failed_count  INTEGER NOT NULL DEFAULT 0,
    locked_until  BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX trusted_devices_person ON trusted_devices(person_id);

-- +goose Down
DROP TABLE trusted_devices;
