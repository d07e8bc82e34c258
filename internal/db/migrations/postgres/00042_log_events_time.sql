-- +goose Up
-- Province-wide searches and histograms read log events by time alone.
CREATE INDEX log_events_at ON log_events (at_ns DESC, id DESC);

-- +goose Down
DROP INDEX log_events_at;
