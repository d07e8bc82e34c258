package settings

import (
	"sync/atomic"

	"attt/internal/auth"
	"attt/internal/config"
	"attt/internal/principal"
)

// AuthConfig is base with the account rules of c (password policy,
// lockout, session timeouts, two-factor roles). It is the one mapping from
// configuration to accounts: app uses it at start, AuthRules at run time.
func AuthConfig(base auth.Config, c config.Config) auth.Config {
	base.Policy.MinLength = c.PasswordMinLength
	base.Policy.MinScore = c.PasswordMinScore
	base.LockoutThreshold = c.LockoutThreshold
	base.LockoutDuration = c.LockoutDuration
	base.LockoutMax = c.LockoutMax
	base.SessionIdle = c.SessionIdle
	base.SessionAbsolute = c.SessionAbsolute
	base.TOTPRoles = nil
	for _, r := range c.TOTPRoles {
		base.TOTPRoles = append(base.TOTPRoles, principal.Role(r))
	}
	return base
}

// AuthRules returns the provider auth.Service.UseTunables takes: base with
// the account rules in force now. The answer is derived once per snapshot,
// so a call costs an atomic load; it is safe for concurrent use.
func (s *Service) AuthRules(base auth.Config) func() auth.Config {
	type derived struct {
		from *Snapshot
		cfg  auth.Config
	}
	var last atomic.Pointer[derived]
	return func() auth.Config {
		snap := s.snap.Load()
		if d := last.Load(); d != nil && d.from == snap {
			return d.cfg
		}
		d := &derived{from: snap, cfg: AuthConfig(base, snap.Config)}
		last.Store(d)
		return d.cfg
	}
}
