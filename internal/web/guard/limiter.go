package guard

import (
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// sweepBatch is how many idle keys one call may drop, so a burst of expiries
// is spread over calls instead of stalling one request.
const sweepBatch = 32

// Limiter is a set of token buckets, one per key (usually a client address
// from Key). Memory is bounded: a key idle long enough for its bucket to
// refill is dropped, which changes nothing, and beyond maxKeys the least
// recently used key is dropped, which only gives that key a fresh bucket.
// Idle keys are swept lazily on each call, so a Limiter needs no goroutine.
// It is safe for concurrent use.
type Limiter struct {
	limit rate.Limit
	burst int
	idle  time.Duration

	mu    sync.Mutex
	keys  *lru[bucket]
	stats LimiterStats
}

type bucket struct {
	tokens *rate.Limiter
	seen   time.Time
}

// LimiterStats are a Limiter's counters, for metrics.
type LimiterStats struct {
	// Keys is the number of keys held now.
	Keys int
	// Allowed and Limited count calls that were let through and refused.
	Allowed, Limited uint64
	// Expired counts keys dropped after being idle (harmless); Evicted counts
	// keys dropped early because maxKeys was reached, a sign of many
	// distinct clients or of an attacker rotating addresses.
	Expired, Evicted uint64
}

// NewLimiter returns a Limiter giving each key limit events per second with
// bursts of burst, holding at most maxKeys keys. rate.Inf allows everything.
func NewLimiter(limit rate.Limit, burst int, maxKeys int) *Limiter {
	return &Limiter{
		limit: limit,
		burst: burst,
		idle:  refillTime(limit, burst),
		keys:  newLRU[bucket](maxKeys),
	}
}

// refillTime is how long an untouched bucket takes to become full again,
// after which forgetting it is lossless. A bucket that never refills is kept
// an hour.
func refillTime(limit rate.Limit, burst int) time.Duration {
	if limit <= 0 {
		return time.Hour
	}
	d := time.Duration(float64(max(burst, 1)) / float64(limit) * float64(time.Second))
	return max(d, time.Second)
}

// Allow reports whether one event for key may happen now.
func (l *Limiter) Allow(key string) bool {
	ok, _ := l.Take(key, time.Now())
	return ok
}

// Take spends one token of key's bucket at now. When the bucket is empty it
// returns false and how long until a token is back.
func (l *Limiter) Take(key string, now time.Time) (ok bool, wait time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.limit == rate.Inf {
		l.stats.Allowed++
		return true, 0
	}
	l.sweep(now)
	b, found := l.keys.get(key)
	if !found {
		var dropped int
		b, dropped = l.keys.add(key, bucket{tokens: rate.NewLimiter(l.limit, l.burst)})
		l.stats.Evicted += uint64(dropped)
	}
	if now.After(b.seen) {
		b.seen = now
	}
	if b.tokens.AllowN(now, 1) {
		l.stats.Allowed++
		return true, 0
	}
	l.stats.Limited++
	return false, l.waitFor(b.tokens.TokensAt(now))
}

// sweep drops up to sweepBatch keys idle since before now-idle. Keys are in
// use order, so it stops at the first one still in use.
func (l *Limiter) sweep(now time.Time) {
	for range sweepBatch {
		n := l.keys.oldest()
		if n == nil || now.Sub(n.val.seen) < l.idle {
			return
		}
		l.keys.remove(n)
		l.stats.Expired++
	}
}

// waitFor returns the time until a bucket holding tokens has one whole token.
func (l *Limiter) waitFor(tokens float64) time.Duration {
	if l.limit <= 0 {
		return l.idle
	}
	secs := (1 - tokens) / float64(l.limit)
	if secs <= 0 || math.IsNaN(secs) {
		return 0
	}
	return time.Duration(math.Ceil(secs * float64(time.Second)))
}

// Len returns the number of keys held now.
func (l *Limiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.keys.len()
}

// Stats returns the counters.
func (l *Limiter) Stats() LimiterStats {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := l.stats
	s.Keys = l.keys.len()
	return s
}
