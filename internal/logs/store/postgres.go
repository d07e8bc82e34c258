package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"attt/internal/logs/parse"
)

// Postgres keeps records in the log_events table. A writer goroutine
// gathers queued Appends and writes them with one COPY per group; an Append
// is acknowledged when its COPY has committed.
type Postgres struct {
	observer
	db      *sql.DB
	queue   chan request
	stop    chan struct{}
	stopped chan struct{}
	once    sync.Once
}

// OpenPostgres starts a store on db, a pgx database/sql pool whose schema
// has the log_events table (migration 00041).
func OpenPostgres(db *sql.DB, queue int) *Postgres {
	if queue <= 0 {
		queue = 32
	}
	p := &Postgres{db: db, queue: make(chan request, queue), stop: make(chan struct{}), stopped: make(chan struct{})}
	go p.writeLoop()
	return p
}

// Append queues recs; the Ack resolves when their COPY has committed.
func (p *Postgres) Append(ctx context.Context, recs []Record) (Ack, error) {
	done := make(chan error, 1)
	select {
	case p.queue <- request{recs: recs, done: done}:
		return Ack{done: done}, nil
	case <-p.stop:
		return Ack{}, ErrClosed
	case <-ctx.Done():
		return Ack{}, ctx.Err()
	}
}

// Close writes what is queued and stops the writer.
func (p *Postgres) Close() error {
	p.once.Do(func() { close(p.stop) })
	<-p.stopped
	return nil
}

func (p *Postgres) writeLoop() {
	defer close(p.stopped)
	for {
		var group []request
		select {
		case r := <-p.queue:
			group = append(group, r)
		case <-p.stop:
			for {
				select {
				case r := <-p.queue:
					group = append(group, r)
					continue
				default:
				}
				break
			}
			if len(group) > 0 {
				p.write(group)
			}
			return
		}
		n := len(group[0].recs)
	more:
		for n < 20000 {
			select {
			case r := <-p.queue:
				group = append(group, r)
				n += len(r.recs)
			default:
				break more
			}
		}
		p.write(group)
	}
}

var pgColumns = []string{"org_id", "source_id", "peer", "at_ns", "received_ns", "host", "app", "procid", "msgid",
	"facility", "severity", "format", "message", "fields", "raw", "parse_error", "folded", "keep_days"}

// write copies a group of requests in one transaction and answers them.
func (p *Postgres) write(group []request) {
	err := p.copy(group)
	for _, r := range group {
		r.done <- err
		if err == nil {
			p.notify(r.recs)
		}
	}
}

func (p *Postgres) copy(group []request) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := p.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("store: postgres: %w", err)
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		c := dc.(*stdlib.Conn).Conn()
		rows := make([][]any, 0, 1024)
		for _, r := range group {
			for i := range r.recs {
				row, err := pgRow(&r.recs[i])
				if err != nil {
					return err
				}
				rows = append(rows, row)
			}
		}
		if _, err := c.CopyFrom(ctx, pgx.Identifier{"log_events"}, pgColumns, pgx.CopyFromRows(rows)); err != nil {
			return fmt.Errorf("store: postgres copy: %w", err)
		}
		return nil
	})
}

func pgRow(r *Record) ([]any, error) {
	fields := make([][2]string, len(r.Fields))
	for i, f := range r.Fields {
		fields[i] = [2]string{f.Key, f.Value}
	}
	fj, err := json.Marshal(fields)
	if err != nil {
		return nil, fmt.Errorf("store: postgres: %w", err)
	}
	return []any{r.Org, r.Source, r.Peer, r.Time.UnixNano(), r.Received.UnixNano(), r.Host, r.App, r.ProcID, r.MsgID,
		int16(r.Facility), int16(r.Severity), r.Format, r.Message, string(fj), pgText(r.Raw), pgText(r.ParseError), pgText(Fold(r.Raw)), int32(r.Keep)}, nil
}

// pgText drops NUL bytes, which PostgreSQL text cannot hold; the raw line
// keeps everything else.
func pgText(s string) string {
	if strings.IndexByte(s, 0) < 0 {
		return s
	}
	return strings.ReplaceAll(s, "\x00", "")
}

const pgSelect = `SELECT id, org_id, source_id, peer, at_ns, received_ns, host, app, procid, msgid, facility, severity,
 format, message, fields, raw, parse_error, keep_days FROM log_events`

func scanPG(rows *sql.Rows) (Record, error) {
	var r Record
	var id, at, rec int64
	var fields []byte
	if err := rows.Scan(&id, &r.Org, &r.Source, &r.Peer, &at, &rec, &r.Host, &r.App, &r.ProcID, &r.MsgID, &r.Facility,
		&r.Severity, &r.Format, &r.Message, &fields, &r.Raw, &r.ParseError, &r.Keep); err != nil {
		return r, fmt.Errorf("store: postgres: %w", err)
	}
	r.LSN = uint64(id)
	r.Time, r.Received = time.Unix(0, at).UTC(), time.Unix(0, rec).UTC()
	r.ID = makeID(day(r.Time), r.LSN)
	var pairs [][2]string
	if err := json.Unmarshal(fields, &pairs); err != nil {
		return r, fmt.Errorf("store: postgres fields: %w", err)
	}
	for _, kv := range pairs {
		r.Fields = append(r.Fields, parse.Field{Key: kv[0], Value: kv[1]})
	}
	return r, nil
}

// where turns the parts of m that SQL can test into conditions; the rest
// (whole words, folded field values) is checked on each row by m.match.
func pgWhere(m *matcher) (string, []any) {
	var conds []string
	var args []any
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	if !m.q.AllOrgs {
		conds = append(conds, "org_id = ANY("+arg(append([]string{}, m.q.Orgs...))+")")
	}
	if m.from != minInt64 {
		conds = append(conds, "at_ns >= "+arg(m.from))
	}
	if m.to != maxInt64 {
		conds = append(conds, "at_ns < "+arg(m.to))
	}
	if len(m.q.Sources) > 0 {
		conds = append(conds, "source_id = ANY("+arg(m.q.Sources)+")")
	}
	for _, w := range m.words {
		conds = append(conds, "folded LIKE "+arg("%"+likeEscape(w)+"%"))
	}
	if m.lsn != 0 {
		conds = append(conds, "id = "+arg(int64(m.lsn)))
	}
	if len(conds) == 0 {
		return "", args
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// each calls fn with the rows m selects, newest first, reading pages of
// size page, until fn returns false.
func (p *Postgres) each(ctx context.Context, m *matcher, page int, fn func(r *Record) bool) error {
	where, args := pgWhere(m)
	last := [2]int64{maxInt64, maxInt64}
	for {
		cond := " AND (at_ns, id) < ($%d, $%d)"
		if where == "" {
			cond = " WHERE (at_ns, id) < ($%d, $%d)"
		}
		q := pgSelect + where + fmt.Sprintf(cond, len(args)+1, len(args)+2) + fmt.Sprintf(" ORDER BY at_ns DESC, id DESC LIMIT %d", page)
		rows, err := p.db.QueryContext(ctx, q, append(args, last[0], last[1])...)
		if err != nil {
			return fmt.Errorf("store: postgres search: %w", err)
		}
		n, stop, err := p.feed(rows, m, fn, &last)
		if err != nil || stop || n < page {
			return err
		}
	}
}

func (p *Postgres) feed(rows *sql.Rows, m *matcher, fn func(r *Record) bool, last *[2]int64) (n int, stop bool, err error) {
	defer rows.Close()
	for rows.Next() {
		r, err := scanPG(rows)
		if err != nil {
			return n, true, err
		}
		n++
		*last = [2]int64{r.Time.UnixNano(), int64(r.LSN)}
		if m.match(&r) && !fn(&r) {
			return n, true, nil
		}
	}
	return n, false, rows.Err()
}

// Search returns the newest records matching q.
func (p *Postgres) Search(ctx context.Context, q Query) (Result, error) {
	m := newMatcher(q)
	var all []Record
	err := p.each(ctx, m, 2*m.q.Limit+10, func(r *Record) bool {
		all = append(all, *r)
		return len(all) <= m.q.Limit
	})
	if err != nil {
		return Result{}, err
	}
	return finish(all, m.q.Limit, 0, 0), nil
}

// Histogram counts the records matching q per step with one GROUP BY.
// Unlike Search it matches words as substrings of the folded line and
// field values exactly, since it does not read the rows.
func (p *Postgres) Histogram(ctx context.Context, q Query, step time.Duration) ([]Bucket, error) {
	buckets, err := newBuckets(q, step)
	if err != nil {
		return nil, err
	}
	m := newMatcher(q)
	where, args := pgWhere(m)
	conds := pgRowConds(m, &args)
	if len(conds) > 0 {
		if where == "" {
			where = " WHERE "
		} else {
			where += " AND "
		}
		where += strings.Join(conds, " AND ")
	}
	args = append(args, q.From.UnixNano(), int64(step))
	sqlq := fmt.Sprintf(`SELECT (at_ns - $%d) / $%d AS b, count(*) FROM log_events%s GROUP BY b`, len(args)-1, len(args), where)
	rows, err := p.db.QueryContext(ctx, sqlq, args...)
	if err != nil {
		return nil, fmt.Errorf("store: postgres histogram: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var b, n int64
		if err := rows.Scan(&b, &n); err != nil {
			return nil, fmt.Errorf("store: postgres histogram: %w", err)
		}
		if b >= 0 && b < int64(len(buckets)) {
			buckets[b].Count += int(n)
		}
	}
	return buckets, rows.Err()
}

// pgRowConds are the conditions Histogram adds in SQL for what Search
// checks on each row.
func pgRowConds(m *matcher, args *[]any) []string {
	arg := func(v any) string { *args = append(*args, v); return fmt.Sprintf("$%d", len(*args)) }
	var conds []string
	if len(m.hosts) > 0 {
		conds = append(conds, "lower(host) = ANY("+arg(m.hosts)+")")
	}
	if len(m.apps) > 0 {
		conds = append(conds, "lower(app) = ANY("+arg(m.apps)+")")
	}
	if len(m.q.Severities) > 0 {
		sev := make([]int32, len(m.q.Severities))
		for i, v := range m.q.Severities {
			sev[i] = int32(v)
		}
		conds = append(conds, "severity = ANY("+arg(sev)+")")
	}
	for _, f := range m.q.Fields {
		j, _ := json.Marshal([][2]string{{f.Key, f.Value}})
		conds = append(conds, "fields @> "+arg(string(j))+"::jsonb")
	}
	return conds
}

// Get returns one record by id.
func (p *Postgres) Get(ctx context.Context, id string) (Record, error) {
	_, lsn, err := ParseID(id)
	if err != nil {
		return Record{}, ErrNotFound
	}
	rows, err := p.db.QueryContext(ctx, pgSelect+" WHERE id = $1", int64(lsn))
	if err != nil {
		return Record{}, fmt.Errorf("store: postgres: %w", err)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return Record{}, fmt.Errorf("store: postgres: %w", err)
		}
		return Record{}, ErrNotFound
	}
	return scanPG(rows)
}

// Retain deletes, agency by agency, the rows older than their retention,
// in batches so that ingest is not held up by one long transaction.
func (p *Postgres) Retain(ctx context.Context, now time.Time, keep func(org string) time.Duration) (int, error) {
	orgs, err := p.orgs(ctx)
	if err != nil {
		return 0, err
	}
	total := 0
	for _, org := range orgs {
		if k := keep(org); k > 0 {
			n, err := p.deleteBefore(ctx, `org_id = $1 AND keep_days = 0`, org, dayStart(cutoffDay(now, k)).UnixNano())
			total += n
			if err != nil {
				return total, err
			}
		}
	}
	keeps, err := p.keeps(ctx)
	for _, days := range keeps {
		n, err := p.deleteBefore(ctx, `keep_days = $1`, days, dayStart(cutoffDay(now, time.Duration(days)*24*time.Hour)).UnixNano())
		total += n
		if err != nil {
			return total, err
		}
	}
	return total, err
}

// deleteBefore deletes the rows matching cond (on $1) older than cut, in
// batches of 10,000.
func (p *Postgres) deleteBefore(ctx context.Context, cond string, arg any, cut int64) (int, error) {
	total := 0
	for {
		res, err := p.db.ExecContext(ctx, `DELETE FROM log_events WHERE id IN (SELECT id FROM log_events WHERE `+cond+` AND at_ns < $2 LIMIT 10000)`, arg, cut)
		if err != nil {
			return total, fmt.Errorf("store: postgres retention: %w", err)
		}
		n, _ := res.RowsAffected()
		total += int(n)
		if n < 10000 {
			return total, nil
		}
	}
}

// keeps lists the sources' own retentions in use.
func (p *Postgres) keeps(ctx context.Context) ([]int, error) {
	rows, err := p.db.QueryContext(ctx, `SELECT DISTINCT keep_days FROM log_events WHERE keep_days > 0`)
	if err != nil {
		return nil, fmt.Errorf("store: postgres: %w", err)
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var d int
		if err := rows.Scan(&d); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

func (p *Postgres) orgs(ctx context.Context) ([]string, error) {
	rows, err := p.db.QueryContext(ctx, `SELECT DISTINCT org_id FROM log_events`)
	if err != nil {
		return nil, fmt.Errorf("store: postgres: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var o string
		if err := rows.Scan(&o); err != nil {
			return nil, fmt.Errorf("store: postgres: %w", err)
		}
		out = append(out, o)
	}
	return out, rows.Err()
}
