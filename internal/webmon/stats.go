package webmon

import (
	"context"
	"time"

	"attt/internal/db"
	"attt/internal/directory"
	"attt/internal/locale"
)

// Point is one bucket of a monitor's history.
type Point struct {
	Start  time.Time `json:"start"`
	Checks int       `json:"checks"`
	Ups    int       `json:"ups"`
	AvgMS  int       `json:"avg_ms"`
	MaxMS  int       `json:"max_ms"`
}

// Uptime is the share of successful checks, 0–100.
func (p Point) Uptime() float64 {
	if p.Checks == 0 {
		return 0
	}
	return 100 * float64(p.Ups) / float64(p.Checks)
}

// Buckets: hourly points are kept two weeks, daily ones for good.
const (
	bucketHour = "h"
	bucketDay  = "d"
	keepHourly = 14 * 24 * time.Hour
)

// record adds one check to the monitor's hourly and daily buckets.
func record(ctx context.Context, q db.Querier, monitorID string, at time.Time, up bool, ms int) error {
	ups := 0
	if up {
		ups = 1
	}
	hour := at.Truncate(time.Hour)
	local := at.In(locale.Zone)
	day := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, locale.Zone)
	for _, b := range []struct {
		bucket string
		start  time.Time
	}{{bucketHour, hour}, {bucketDay, day}} {
		_, err := q.ExecContext(ctx, `INSERT INTO monitor_stats (monitor_id, bucket, start_at, checks, ups, sum_ms, max_ms) VALUES ($1,$2,$3,1,$4,$5,$6)
			ON CONFLICT (monitor_id, bucket, start_at) DO UPDATE SET checks = monitor_stats.checks + 1, ups = monitor_stats.ups + excluded.ups,
			sum_ms = monitor_stats.sum_ms + excluded.sum_ms,
			max_ms = CASE WHEN excluded.max_ms > monitor_stats.max_ms THEN excluded.max_ms ELSE monitor_stats.max_ms END`,
			monitorID, b.bucket, db.Millis(b.start), ups, int64(ms), ms)
		if err != nil {
			return err
		}
	}
	return nil
}

// History returns a monitor's hourly points for the last days (≤ 14) or its
// daily points beyond that, oldest first.
func (s *Service) History(ctx context.Context, monitorID string, days int) ([]Point, error) {
	if _, err := s.monitorFor(ctx, s.db.R, monitorID, directory.PermMonitorRead); err != nil {
		return nil, err
	}
	days = min(max(days, 1), 366)
	bucket := bucketDay
	if time.Duration(days)*24*time.Hour <= keepHourly {
		bucket = bucketHour
	}
	from := s.now().Add(-time.Duration(days) * 24 * time.Hour)
	rows, err := s.db.R.QueryContext(ctx, `SELECT start_at, checks, ups, sum_ms, max_ms FROM monitor_stats
		WHERE monitor_id = $1 AND bucket = $2 AND start_at >= $3 ORDER BY start_at`, monitorID, bucket, db.Millis(from))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Point
	for rows.Next() {
		var p Point
		var start, sum int64
		if err := rows.Scan(&start, &p.Checks, &p.Ups, &sum, &p.MaxMS); err != nil {
			return nil, err
		}
		p.Start = db.Time(start)
		if p.Checks > 0 {
			p.AvgMS = int(sum / int64(p.Checks))
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// pruneStats drops hourly points older than two weeks.
func (s *Service) pruneStats(ctx context.Context) error {
	_, err := s.db.W.ExecContext(ctx, `DELETE FROM monitor_stats WHERE bucket = $1 AND start_at < $2`, bucketHour, db.Millis(s.now().Add(-keepHourly)))
	return err
}
