-- +goose Up
-- Rows of the audit trail are never changed, and deleted only up to the
-- retention anchor. Someone with raw file access can still drop these
-- triggers; the hash chain is what detects that.
-- +goose StatementBegin
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit trail is append-only');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
WHEN OLD.seq > (SELECT COALESCE(MAX(seq), 0) FROM audit_anchor)
BEGIN
    SELECT RAISE(ABORT, 'audit trail is append-only');
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER audit_events_no_delete;
DROP TRIGGER audit_events_no_update;
