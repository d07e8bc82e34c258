package guard

import (
	"fmt"
	"sync"
	"testing"
	"time"
)

func TestLoginThrottleManyAccountsFromOneAddress(t *testing.T) {
	lt := NewLoginThrottle(DefaultLoginThrottleConfig())
	const attacker, officer = "203.0.113.7", "198.51.100.9"
	now := t0
	// One guess at each of 11 accounts: each account alone is far below its
	// own lockout of 5, but the address crosses MaxLogins.
	for i := range 11 {
		if lt.Blocked(attacker, now) {
			t.Fatalf("blocked after only %d logins", i)
		}
		lt.Failed(attacker, fmt.Sprint("user", i), now)
		now = now.Add(time.Second)
	}
	if !lt.Blocked(attacker, now) {
		t.Fatal("address failing on 11 logins is not blocked")
	}
	if lt.Blocked(officer, now) {
		t.Fatal("another address is blocked")
	}
	lt.Failed(officer, "user1", now)
	if lt.Blocked(officer, now) {
		t.Fatal("officer blocked after one typo")
	}
	until, _ := lt.BlockedUntil(attacker, now)
	if want := t0.Add(10*time.Second + 15*time.Minute); !until.Equal(want) {
		t.Errorf("BlockedUntil = %v, want %v", until, want)
	}
	if lt.Blocked(attacker, until) {
		t.Error("still blocked when the block ends")
	}
}

func TestLoginThrottleRules(t *testing.T) {
	cfg := DefaultLoginThrottleConfig()
	tests := []struct {
		name    string
		fails   int
		logins  int           // failures spread over this many logins
		every   time.Duration // between failures
		blocked bool
	}{
		{"20 failures on one login pass", 20, 1, time.Second, false},
		{"21 failures on one login block", 21, 1, time.Second, true},
		{"10 logins pass", 20, 10, time.Second, false},
		{"11 logins block", 11, 11, time.Second, true},
		{"slow failures slide out of the window", 100, 1, 31 * time.Second, false},
		{"case-folded logins count once", 15, 10, time.Second, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lt := NewLoginThrottle(cfg)
			now := t0
			for i := range tt.fails {
				login := fmt.Sprint("user", i%tt.logins)
				if i >= tt.logins { // the second round shouts
					login = fmt.Sprint("USER", i%tt.logins)
				}
				lt.Failed("a", login, now)
				now = now.Add(tt.every)
			}
			if got := lt.Blocked("a", now); got != tt.blocked {
				t.Errorf("Blocked = %v, want %v", got, tt.blocked)
			}
		})
	}
}

func TestLoginThrottleSucceeded(t *testing.T) {
	lt := NewLoginThrottle(LoginThrottleConfig{MaxFailures: 5, MaxLogins: 3})
	// The officer's own typos are forgiven by their success...
	for range 4 {
		lt.Failed("office", "lan", t0)
	}
	lt.Succeeded("office", "lan")
	for range 5 {
		lt.Failed("office", "minh", t0)
	}
	if lt.Blocked("office", t0) {
		t.Fatal("typos forgiven by success still counted")
	}
	// ...but an attacker's success on their own account does not wipe
	// guesses at other accounts.
	for i := range 3 {
		lt.Failed("attacker", fmt.Sprint("victim", i), t0)
		lt.Succeeded("attacker", "mine")
	}
	lt.Failed("attacker", "victim3", t0)
	if !lt.Blocked("attacker", t0) {
		t.Fatal("success on own account wiped guesses at others")
	}
	lt.Succeeded("attacker", "mine")
	if !lt.Blocked("attacker", t0) {
		t.Fatal("success lifted a block")
	}
}

func TestLoginThrottleRepeatBlocksGrow(t *testing.T) {
	lt := NewLoginThrottle(LoginThrottleConfig{MaxFailures: 1, Block: time.Minute, MaxBlock: 3 * time.Minute})
	now := t0
	for _, want := range []time.Duration{time.Minute, 2 * time.Minute, 3 * time.Minute, 3 * time.Minute} {
		lt.Failed("a", "x", now)
		lt.Failed("a", "x", now)
		until, ok := lt.BlockedUntil("a", now)
		if !ok || until.Sub(now) != want {
			t.Fatalf("block = %v (%v), want %v", until.Sub(now), ok, want)
		}
		lt.Failed("a", "x", now.Add(time.Second)) // ignored while blocked
		now = until
	}
	// A day of good behaviour forgets the history.
	now = now.Add(25 * time.Hour)
	lt.Failed("a", "x", now)
	lt.Failed("a", "x", now)
	if until, _ := lt.BlockedUntil("a", now); until.Sub(now) != time.Minute {
		t.Errorf("block after a quiet day = %v, want 1m", until.Sub(now))
	}
}

func TestLoginThrottleBoundedMemory(t *testing.T) {
	lt := NewLoginThrottle(LoginThrottleConfig{MaxKeys: 1000})
	for i := range 100_000 {
		lt.Failed(fmt.Sprint("k", i), "admin", t0)
	}
	if keys, _ := lt.Stats(); keys != 1000 {
		t.Fatalf("keys = %d, want 1000", keys)
	}
	// Idle addresses are swept lazily once the window passes.
	later := t0.Add(11 * time.Minute)
	for range 1000/sweepBatch + 1 {
		lt.Blocked("someone", later)
	}
	if keys, _ := lt.Stats(); keys != 0 {
		t.Errorf("keys after window = %d, want 0", keys)
	}
}

func TestLoginThrottleConcurrent(t *testing.T) {
	lt := NewLoginThrottle(LoginThrottleConfig{MaxFailures: 100, MaxKeys: 50})
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				key := fmt.Sprint("k", (g*200+i)%60)
				lt.Failed(key, fmt.Sprint("u", i%3), t0)
				lt.Blocked(key, t0)
				lt.Succeeded(key, "u0")
			}
		})
	}
	wg.Wait()
	if keys, _ := lt.Stats(); keys > 50 {
		t.Errorf("keys = %d > 50", keys)
	}
}
