package auth_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"attt/internal/auth"
	"attt/internal/db"
	"attt/internal/db/dbtest"
	"attt/internal/errs"
	"attt/internal/testutil/fixture"
)

const wrongPassword = "Sai#Mật9-Khẩu~Rồi"

// lockedUntil returns when the account of login is locked until, zero when
// it is not locked now.
func lockedUntil(t *testing.T, p *fixture.Province, login string) time.Time {
	t.Helper()
	st, err := p.Auth.State(p.System(context.Background()), p.ID(login))
	must(t, err, "state")
	return st.LockedUntil
}

func fail(t *testing.T, p *fixture.Province, login string, n int) {
	t.Helper()
	for range n {
		if _, err := p.Login(login, wrongPassword); !errs.Is(err, errs.Unauthenticated) {
			t.Fatalf("wrong password: %v", err)
		}
	}
}

func TestLockoutAfterThreshold(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := fixture.New(t, d)
		failure := uniformFailure(t, p)
		fail(t, p, fixture.LoginAStaff, 4)
		if !lockedUntil(t, p, fixture.LoginAStaff).IsZero() {
			t.Fatal("locked after 4 failures")
		}
		fail(t, p, fixture.LoginAStaff, 1)
		want := p.Clock.Now().Add(15 * time.Minute)
		if got := lockedUntil(t, p, fixture.LoginAStaff); !got.Equal(want) {
			t.Fatalf("locked until %v, want %v", got, want)
		}
		_, err := p.Login(fixture.LoginAStaff, fixture.Password)
		refused(t, failure, err, "right password while locked")
		rec := p.Audit(auditFilter("auth.lockout", p.ID(fixture.LoginAStaff)))
		if len(rec) != 1 || rec[0].OrgID != p.DeptA.ID {
			t.Fatalf("%d lockout records", len(rec))
		}

		p.Clock.Advance(15*time.Minute - time.Second)
		_, err = p.Login(fixture.LoginAStaff, fixture.Password)
		refused(t, failure, err, "right password a second before the lock ends")
		p.Clock.Advance(time.Second)
		p.MustLogin(fixture.LoginAStaff)
		if c := readCredentials(t, d, p.ID(fixture.LoginAStaff)); c.Failed != 0 || c.LockCount != 0 {
			t.Errorf("after a good sign-in: %d failures, %d locks", c.Failed, c.LockCount)
		}
		// A success in between starts the count again.
		fail(t, p, fixture.LoginAStaff, 4)
		p.MustLogin(fixture.LoginAStaff)
		fail(t, p, fixture.LoginAStaff, 4)
		if !lockedUntil(t, p, fixture.LoginAStaff).IsZero() {
			t.Error("failures before a success still counted")
		}
	})
}

func TestLockoutThresholdIsConfigurable(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := fixture.NewWith(t, d, fixture.Options{Config: func(c *auth.Config) {
			c.LockoutThreshold, c.LockoutDuration = 3, 5*time.Minute
		}})
		fail(t, p, fixture.LoginAStaff, 2)
		if !lockedUntil(t, p, fixture.LoginAStaff).IsZero() {
			t.Fatal("locked after 2 failures")
		}
		fail(t, p, fixture.LoginAStaff, 1)
		if got := lockedUntil(t, p, fixture.LoginAStaff); !got.Equal(p.Clock.Now().Add(5 * time.Minute)) {
			t.Errorf("locked until %v", got)
		}
	})
}

func TestLockDoublesOnRepeat(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := fixture.NewWith(t, d, fixture.Options{Config: func(c *auth.Config) { c.LockoutMax = 100 * time.Minute }})
		for _, want := range []time.Duration{15 * time.Minute, 30 * time.Minute, 60 * time.Minute, 100 * time.Minute, 100 * time.Minute} {
			fail(t, p, fixture.LoginAStaff, 5)
			if got := lockedUntil(t, p, fixture.LoginAStaff).Sub(p.Clock.Now()); got != want {
				t.Errorf("lock lasts %v, want %v", got, want)
			}
			p.Clock.Advance(want)
		}
		// A successful sign-in forgives earlier locks.
		p.MustLogin(fixture.LoginAStaff)
		fail(t, p, fixture.LoginAStaff, 5)
		if got := lockedUntil(t, p, fixture.LoginAStaff).Sub(p.Clock.Now()); got != 15*time.Minute {
			t.Errorf("lock after a success lasts %v, want 15m", got)
		}
	})
}

// barrier is an Admitter that holds every hashing job until n have arrived,
// so all the attempts of a burst are counted before any password is checked:
// the worst interleaving for the lockout.
type barrier struct {
	n       int
	mu      sync.Mutex
	arrived int
	open    chan struct{}
}

func (b *barrier) Do(ctx context.Context, fn func()) error {
	b.mu.Lock()
	b.arrived++
	if b.arrived == b.n {
		close(b.open)
	}
	b.mu.Unlock()
	select {
	case <-b.open:
	case <-ctx.Done():
		return ctx.Err()
	}
	fn()
	return nil
}

// TestParallelWrongPasswordsCheckAtMostThreshold: 30 concurrent wrong
// passwords against one account with threshold 5 check the real hash at
// most 5 times, and the account ends locked.
func TestParallelWrongPasswordsCheckAtMostThreshold(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		const burst = 30
		p := fixture.New(t, d)
		b := &barrier{n: burst, open: make(chan struct{})}
		s := p.NewAuth(p.Config, b)
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		var wg sync.WaitGroup
		errc := make(chan error, burst)
		for range burst {
			wg.Go(func() {
				_, err := s.Login(ctx, loginRequest(fixture.LoginAStaff, wrongPassword))
				errc <- err
			})
		}
		wg.Wait()
		close(errc)
		for err := range errc {
			if !errs.Is(err, errs.Unauthenticated) {
				t.Errorf("attempt: %v", err)
			}
		}
		notes := map[string]int{}
		for _, r := range p.Audit(auditFilter("auth.login.failure", p.ID(fixture.LoginAStaff))) {
			notes[r.Note]++
		}
		if notes["wrong password"] > p.Config.LockoutThreshold || notes["wrong password"] == 0 {
			t.Errorf("%d real password checks, want 1..%d", notes["wrong password"], p.Config.LockoutThreshold)
		}
		if notes["wrong password"]+notes["account locked"] != burst {
			t.Errorf("failures recorded: %v, want %d in all", notes, burst)
		}
		if lockedUntil(t, p, fixture.LoginAStaff).IsZero() {
			t.Error("the account is not locked after the burst")
		}
		if n := p.AuditCount("auth.lockout"); n != 1 {
			t.Errorf("%d lockouts, want 1", n)
		}
		t.Logf("%v", notes)
	})
}

func TestUnlockByOwnAgencyOfficer(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := fixture.New(t, d)
		id := p.ID(fixture.LoginAStaff)
		fail(t, p, fixture.LoginAStaff, 5)
		wantCode(t, p.Auth.Unlock(p.As(fixture.LoginBOfficer), id), errs.Forbidden, "another agency's officer")
		wantCode(t, p.Auth.Unlock(p.As(fixture.LoginAStaff), id), errs.Forbidden, "the locked person")
		wantCode(t, p.Auth.Unlock(p.As(fixture.LoginLeader), id), errs.Forbidden, "the leader")
		if lockedUntil(t, p, fixture.LoginAStaff).IsZero() {
			t.Fatal("a refused unlock unlocked")
		}
		must(t, p.Auth.Unlock(p.As(fixture.LoginAOfficer), id), "own officer unlocks")
		rec := p.LastAudit()
		if rec.Action != "auth.unlock" || rec.ActorLogin != fixture.LoginAOfficer || rec.TargetID != id || rec.OrgID != p.DeptA.ID {
			t.Errorf("audit %+v", rec)
		}
		p.MustLogin(fixture.LoginAStaff)
		// The head of a parent agency may unlock in its units too.
		fail(t, p, fixture.LoginA1Staff, 5)
		must(t, p.Auth.Unlock(p.As(fixture.LoginAHead), p.ID(fixture.LoginA1Staff)), "head unlocks in a unit")
		p.MustLogin(fixture.LoginA1Staff)
	})
}

func TestLockedAccountsIsScoped(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := fixture.New(t, d)
		fail(t, p, fixture.LoginAStaff, 5)
		fail(t, p, fixture.LoginB1Staff, 5)
		fail(t, p, fixture.LoginA1Staff, 4)
		seen := func(login string) map[string]bool {
			t.Helper()
			list, err := p.Auth.LockedAccounts(p.As(login))
			must(t, err, "LockedAccounts")
			m := map[string]bool{}
			for _, a := range list {
				m[a.Login] = true
				if a.LockCount != 1 || !a.LockedUntil.After(p.Clock.Now()) {
					t.Errorf("%s: %+v", a.Login, a)
				}
			}
			return m
		}
		cases := []struct {
			who  string
			want []string
		}{
			{fixture.LoginAOfficer, []string{fixture.LoginAStaff}},
			{fixture.LoginAHead, []string{fixture.LoginAStaff}},
			{fixture.LoginBOfficer, []string{fixture.LoginB1Staff}},
			{fixture.LoginAuthority, []string{fixture.LoginAStaff, fixture.LoginB1Staff}},
			{fixture.LoginAdmin, []string{fixture.LoginAStaff, fixture.LoginB1Staff}},
			{fixture.LoginAStaff, nil},
			{fixture.LoginLeader, nil},
			{fixture.LoginPolice, nil},
		}
		for _, c := range cases {
			got := seen(c.who)
			if len(got) != len(c.want) {
				t.Errorf("%s sees %v, want %v", c.who, got, c.want)
			}
			for _, w := range c.want {
				if !got[w] {
					t.Errorf("%s does not see %s", c.who, w)
				}
			}
		}
		p.Clock.Advance(15 * time.Minute)
		if got := seen(fixture.LoginAuthority); len(got) != 0 {
			t.Errorf("expired locks still listed: %v", got)
		}
	})
}
