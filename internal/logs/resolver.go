package logs

import (
	"context"
	"database/sql"
	"strings"
	"sync"
	"time"

	"attt/internal/db"
	"attt/internal/logs/ingest"
)

// resolver attributes events to sources from an in-memory copy of the
// source table, reloaded every few seconds, and gathers sightings that
// are written back in one transaction per round: ingest never waits for
// the database.
type resolver struct {
	s      *Service
	mu     sync.RWMutex
	byAddr map[string]binding
	byHost map[string]binding
	seenMu sync.Mutex
	seen   map[string]*sighting // by source id, or "?"+peer for unknown senders
}

type binding struct {
	org, id string
	keep    int // the source's own retention in days
}

type sighting struct {
	source, peer, host string
	n                  int64
	first, last        time.Time
}

func newResolver(s *Service) *resolver {
	return &resolver{s: s, byAddr: map[string]binding{}, byHost: map[string]binding{}, seen: map[string]*sighting{}}
}

// Resolve returns the agency and source of an event: a source registered
// by the syslog HOSTNAME wins (a relay forwards many hosts), then one by
// the sender's address.
func (r *resolver) Resolve(peer, host string) ingest.Origin {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if host != "" {
		if b, ok := r.byHost[strings.ToLower(host)]; ok {
			return b.origin()
		}
	}
	if b, ok := r.byAddr[peer]; ok {
		return b.origin()
	}
	return ingest.Origin{}
}

func (b binding) origin() ingest.Origin { return ingest.Origin{Org: b.org, Source: b.id, Keep: b.keep} }

// Seen counts events for the next write-back.
func (r *resolver) Seen(source, peer, host string, n int, at time.Time) {
	key := source
	if key == "" {
		key = "?" + peer
	}
	r.seenMu.Lock()
	defer r.seenMu.Unlock()
	s := r.seen[key]
	if s == nil {
		s = &sighting{source: source, peer: peer, first: at}
		r.seen[key] = s
	}
	s.n += int64(n)
	s.last, s.host = at, host
}

// reload reads the source table.
func (r *resolver) reload(ctx context.Context) error {
	rows, err := r.s.db.R.QueryContext(ctx, `SELECT id, COALESCE(org_id, ''), kind, match_value, retention_ms FROM log_sources WHERE kind <> 'token'`)
	if err != nil {
		return err
	}
	defer rows.Close()
	addr, host := map[string]binding{}, map[string]binding{}
	for rows.Next() {
		var b binding
		var kind, match string
		var keepMS int64
		if err := rows.Scan(&b.id, &b.org, &kind, &match, &keepMS); err != nil {
			return err
		}
		b.keep = keepDays(keepMS)
		if kind == KindHostname {
			host[strings.ToLower(match)] = b
		} else {
			addr[match] = b
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	r.mu.Lock()
	r.byAddr, r.byHost = addr, host
	r.mu.Unlock()
	return nil
}

// flushSeen writes the gathered sightings back; an unknown sender becomes
// an unassigned source, listed for the authority to assign.
func (r *resolver) flushSeen(ctx context.Context) {
	r.seenMu.Lock()
	seen := r.seen
	r.seen = map[string]*sighting{}
	r.seenMu.Unlock()
	if len(seen) == 0 {
		return
	}
	newSources := false
	err := r.s.db.Tx(ctx, func(tx *sql.Tx) error {
		for _, s := range seen {
			if s.source == "" {
				created, err := r.addUnknown(ctx, tx, s)
				if err != nil {
					return err
				}
				newSources = newSources || created
				continue
			}
			if _, err := tx.ExecContext(ctx, `UPDATE log_sources SET events = events + $1, last_seen_at = $2, last_peer = $3, last_host = $4,
				first_seen_at = CASE WHEN first_seen_at = 0 THEN $5 ELSE first_seen_at END, silent_since = 0 WHERE id = $6`,
				s.n, db.Millis(s.last), s.peer, s.host, db.Millis(s.first), s.source); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		r.s.opt.Log.Warn("log sources: write sightings", "err", err)
		return
	}
	if newSources {
		if err := r.reload(ctx); err != nil {
			r.s.opt.Log.Warn("log sources reload", "err", err)
		}
	}
}

// addUnknown records an unknown sender as an unassigned source (once).
func (r *resolver) addUnknown(ctx context.Context, tx *sql.Tx, s *sighting) (bool, error) {
	name := s.host
	if name == "" {
		name = s.peer
	}
	now := db.Millis(r.s.opt.Now())
	res, err := tx.ExecContext(ctx, `INSERT INTO log_sources (id, org_id, name, kind, match_value, first_seen_at, last_seen_at, last_peer, last_host, events, created_at, updated_at)
		VALUES ($1, NULL, $2, 'address', $3, $4, $5, $3, $6, $7, $8, $8) ON CONFLICT DO NOTHING`,
		db.NewID(), name, s.peer, db.Millis(s.first), db.Millis(s.last), s.host, s.n, now)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	if n == 0 {
		_, err = tx.ExecContext(ctx, `UPDATE log_sources SET events = events + $1, last_seen_at = $2 WHERE kind = 'address' AND match_value = $3`, s.n, db.Millis(s.last), s.peer)
	}
	return n > 0, err
}

// FlushSightings writes the sightings gathered so far back at once (the
// background job does it every ten seconds).
func (s *Service) FlushSightings(ctx context.Context) { s.res.flushSeen(ctx) }

// keepDays is a source's retention in whole days (0: the agency's).
func keepDays(ms int64) int { return int(ms / (24 * 3600 * 1000)) }

// OriginOf is the origin of the events a token source sends over HTTP.
func OriginOf(src *Source) ingest.Origin {
	return ingest.Origin{Org: src.OrgID, Source: src.ID, Keep: keepDays(src.Retention.Milliseconds())}
}
