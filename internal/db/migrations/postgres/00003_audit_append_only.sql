-- +goose Up
-- Rows of the audit trail are never changed, and deleted only up to the
-- retention anchor. A superuser can still drop this trigger; the hash chain
-- is what detects that.
-- +goose StatementBegin
CREATE FUNCTION audit_events_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND OLD.seq <= (SELECT COALESCE(MAX(seq), 0) FROM audit_anchor) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit trail is append-only';
END;
$$ LANGUAGE plpgsql;
-- +goose StatementEnd
CREATE TRIGGER audit_events_guard BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_guard();

-- +goose Down
DROP TRIGGER audit_events_guard ON audit_events;
DROP FUNCTION audit_events_guard();
