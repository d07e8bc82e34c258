package guard

import (
	"hash/maphash"
	"strings"
	"sync"
	"time"
)

// LoginThrottleConfig sets when LoginThrottle blocks an address.
type LoginThrottleConfig struct {
	// Window is the sliding window failures are counted over.
	Window time.Duration
	// MaxFailures: more failed logins than this in Window blocks the address.
	MaxFailures int
	// MaxLogins: failures against more distinct logins than this in Window
	// block the address, even if each account alone stays under its own
	// lockout; this is what stops one address locking out many accounts.
	// Offices behind one NAT address share it, so keep it above the number of
	// typos a busy office makes in Window.
	MaxLogins int
	// Block is the first block's length; each repeat doubles it, up to
	// MaxBlock.
	Block, MaxBlock time.Duration
	// Memory is how long after a block ends a repeat still counts as one.
	Memory time.Duration
	// MaxKeys bounds how many addresses are remembered.
	MaxKeys int
}

// DefaultLoginThrottleConfig returns the shipped settings: block for 15
// minutes (doubling on repeat within a day, up to 24 hours) an address with
// more than 20 failures, or failures on more than 10 distinct logins, in 10
// minutes.
func DefaultLoginThrottleConfig() LoginThrottleConfig {
	return LoginThrottleConfig{
		Window:      10 * time.Minute,
		MaxFailures: 20,
		MaxLogins:   10,
		Block:       15 * time.Minute,
		MaxBlock:    24 * time.Hour,
		Memory:      24 * time.Hour,
		MaxKeys:     DefaultMaxKeys,
	}
}

// LoginThrottle counts failed logins per client address (a Key) and blocks
// an address that fails too often or across too many accounts. The login
// handler asks Blocked before it even looks up the account, so a blocked
// address's attempts never reach per-account lockout counting. Memory is
// bounded by MaxKeys and idle addresses are swept lazily on access. It is
// safe for concurrent use.
type LoginThrottle struct {
	cfg  LoginThrottleConfig
	seed maphash.Seed

	mu     sync.Mutex
	keys   *lru[throttleEntry]
	blocks uint64
}

// throttleEntry is one address: its failures in the window (at most
// MaxFailures+1, since one more blocks and clears them), its current block
// and how many blocks it has had.
type throttleEntry struct {
	fails   []failure
	until   time.Time
	strikes int
	last    time.Time
}

type failure struct {
	at    time.Time
	login uint64
}

// NewLoginThrottle returns a LoginThrottle with cfg; zero fields take their
// default.
func NewLoginThrottle(cfg LoginThrottleConfig) *LoginThrottle {
	def := DefaultLoginThrottleConfig()
	if cfg.Window <= 0 {
		cfg.Window = def.Window
	}
	if cfg.MaxFailures <= 0 {
		cfg.MaxFailures = def.MaxFailures
	}
	if cfg.MaxLogins <= 0 {
		cfg.MaxLogins = def.MaxLogins
	}
	if cfg.Block <= 0 {
		cfg.Block = def.Block
	}
	if cfg.MaxBlock < cfg.Block {
		cfg.MaxBlock = max(def.MaxBlock, cfg.Block)
	}
	if cfg.Memory <= 0 {
		cfg.Memory = def.Memory
	}
	if cfg.MaxKeys <= 0 {
		cfg.MaxKeys = def.MaxKeys
	}
	return &LoginThrottle{cfg: cfg, seed: maphash.MakeSeed(), keys: newLRU[throttleEntry](cfg.MaxKeys)}
}

// Blocked reports whether key may not attempt a login at now.
func (t *LoginThrottle) Blocked(key string, now time.Time) bool {
	_, blocked := t.BlockedUntil(key, now)
	return blocked
}

// BlockedUntil returns when key's block ends and whether it is blocked at
// now, so the caller can send Retry-After.
func (t *LoginThrottle) BlockedUntil(key string, now time.Time) (time.Time, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.sweep(now)
	e, ok := t.keys.get(key)
	if !ok || !now.Before(e.until) {
		return time.Time{}, false
	}
	return e.until, true
}

// Failed records that key failed to log in as login at now, and blocks key
// when it crosses MaxFailures or MaxLogins. Failures while blocked are not
// counted: the block is already the answer.
func (t *LoginThrottle) Failed(key, login string, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.sweep(now)
	e, ok := t.keys.get(key)
	if !ok {
		e, _ = t.keys.add(key, throttleEntry{})
	}
	e.last = now
	if now.Before(e.until) {
		return
	}
	e.prune(now.Add(-t.cfg.Window))
	e.fails = append(e.fails, failure{at: now, login: t.hash(login)})
	if len(e.fails) > t.cfg.MaxFailures || e.distinct() > t.cfg.MaxLogins {
		t.block(e, now)
	}
}

// Succeeded records that key logged in as login, forgetting key's failures
// on that login (the officer's own typos). It forgets nothing else and
// never lifts a block: otherwise an attacker holding one valid account could
// log in between guesses at other accounts to wipe the count.
func (t *LoginThrottle) Succeeded(key, login string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	n, ok := t.keys.items[key]
	if !ok {
		return
	}
	h := t.hash(login)
	e := &n.val
	kept := e.fails[:0]
	for _, f := range e.fails {
		if f.login != h {
			kept = append(kept, f)
		}
	}
	clear(e.fails[len(kept):])
	e.fails = kept
	if len(e.fails) == 0 && e.strikes == 0 && e.until.IsZero() {
		t.keys.remove(n)
	}
}

// Stats returns how many addresses are remembered and how many blocks have
// been imposed.
func (t *LoginThrottle) Stats() (keys int, blocks uint64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.keys.len(), t.blocks
}

func (t *LoginThrottle) block(e *throttleEntry, now time.Time) {
	if !e.until.IsZero() && now.Sub(e.until) > t.cfg.Memory {
		e.strikes = 0
	}
	d := t.cfg.Block
	for i := 0; i < e.strikes && d < t.cfg.MaxBlock; i++ {
		d *= 2
	}
	e.until = now.Add(min(d, t.cfg.MaxBlock))
	e.strikes++
	e.fails = nil
	t.blocks++
}

// sweep drops up to sweepBatch addresses whose failures, block and repeat
// memory have all run out. Entries are in use order, so it stops at the
// first one still live.
func (t *LoginThrottle) sweep(now time.Time) {
	for range sweepBatch {
		n := t.keys.oldest()
		if n == nil || t.live(&n.val, now) {
			return
		}
		t.keys.remove(n)
	}
}

func (t *LoginThrottle) live(e *throttleEntry, now time.Time) bool {
	if now.Sub(e.last) < t.cfg.Window {
		return true
	}
	return !e.until.IsZero() && now.Sub(e.until) < t.cfg.Memory
}

// hash folds case so "Admin" and "admin" count as one login, and keeps
// attacker-chosen strings out of memory.
func (t *LoginThrottle) hash(login string) uint64 {
	return maphash.String(t.seed, strings.ToLower(strings.TrimSpace(login)))
}

// prune drops failures at or before cutoff; they are in time order.
func (e *throttleEntry) prune(cutoff time.Time) {
	i := 0
	for i < len(e.fails) && !e.fails[i].at.After(cutoff) {
		i++
	}
	if i > 0 {
		e.fails = append(e.fails[:0], e.fails[i:]...)
	}
}

// distinct counts the distinct logins among the failures.
func (e *throttleEntry) distinct() int {
	n := 0
	for i, f := range e.fails {
		seen := false
		for _, g := range e.fails[:i] {
			if g.login == f.login {
				seen = true
				break
			}
		}
		if !seen {
			n++
		}
	}
	return n
}
