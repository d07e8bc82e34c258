// Package principal describes who is acting — a signed-in person, an API
// token's owner or attt itself — and carries it through a context. Services
// read the principal from ctx; the directory decides what it may do.
package principal

import (
	"context"
	"slices"
	"strings"
)

// Role is a role name from SPEC §1. Roles are always granted on an
// organisation subtree.
type Role string

// The roles attt knows.
const (
	Staff      Role = "staff"
	Officer    Role = "officer"
	Head       Role = "head"
	Authority  Role = "authority"
	Datacenter Role = "datacenter"
	Police     Role = "police"
	Provider   Role = "provider"
	Leader     Role = "leader"
	Admin      Role = "admin"
)

// Roles lists every role in display order.
func Roles() []Role {
	return []Role{Staff, Officer, Head, Authority, Datacenter, Police, Provider, Leader, Admin}
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return slices.Contains(Roles(), r) }

// Grant is one role held on the subtree rooted at OrgID, whose tree path
// ("/root/…/OrgID/") is OrgPath.
type Grant struct {
	Role    Role
	OrgID   string
	OrgPath string
}

// Covers reports whether the grant's subtree contains the organisation whose
// path is orgPath.
func (g Grant) Covers(orgPath string) bool {
	return g.OrgPath != "" && strings.HasPrefix(orgPath, g.OrgPath)
}

// Principal is the actor of a request.
type Principal struct {
	PersonID string
	Login    string
	Name     string
	OrgID    string
	Grants   []Grant
	// System marks attt's own jobs and command-line administration, which
	// act without a person.
	System bool
	// Session or token the principal authenticated with (hashed id).
	SessionID string
	TokenID   string
	IP        string
	UserAgent string
}

// Has reports whether p holds role on the organisation at orgPath.
func (p *Principal) Has(orgPath string, roles ...Role) bool {
	if p == nil {
		return false
	}
	if p.System {
		return true
	}
	for _, g := range p.Grants {
		if slices.Contains(roles, g.Role) && g.Covers(orgPath) {
			return true
		}
	}
	return false
}

// HasRole reports whether p holds role anywhere.
func (p *Principal) HasRole(roles ...Role) bool {
	if p == nil {
		return false
	}
	for _, g := range p.Grants {
		if slices.Contains(roles, g.Role) {
			return true
		}
	}
	return p.System
}

// Roots returns the paths of the subtrees where p holds any of roles, with
// nested ones folded into their ancestor.
func (p *Principal) Roots(roles ...Role) []string {
	var paths []string
	for _, g := range p.Grants {
		if slices.Contains(roles, g.Role) {
			paths = append(paths, g.OrgPath)
		}
	}
	slices.Sort(paths)
	var out []string
	for _, path := range paths {
		if len(out) > 0 && strings.HasPrefix(path, out[len(out)-1]) {
			continue
		}
		out = append(out, path)
	}
	return out
}

// SystemPrincipal returns the principal attt's own jobs and CLI commands act as.
func SystemPrincipal(what string) *Principal {
	return &Principal{System: true, Login: "system:" + what, Name: "attt (" + what + ")"}
}

type ctxKey struct{}

// With returns ctx carrying p.
func With(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, ctxKey{}, p)
}

// From returns the principal in ctx, or nil.
func From(ctx context.Context) *Principal {
	p, _ := ctx.Value(ctxKey{}).(*Principal)
	return p
}

// IsTreeRoot reports whether path ("/id/") is the root organisation's, so
// that a grant on it covers every organisation.
func IsTreeRoot(path string) bool { return strings.Count(path, "/") == 2 }

// CoversAll reports whether one of paths is the tree's root.
func CoversAll(paths []string) bool { return slices.ContainsFunc(paths, IsTreeRoot) }
