package password

import (
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"attt/internal/errs"
	"attt/internal/locale"
)

// Checker applies one Policy with the embedded word lists. Build it once
// with NewChecker at start; it is read-only afterwards and safe for
// concurrent use.
type Checker struct {
	policy Policy
	lists  *wordLists
}

// NewChecker returns a Checker for p.Effective(): p can tighten the floor but
// never loosen it.
func NewChecker(p Policy) *Checker {
	return &Checker{policy: p.Effective(), lists: loadLists()}
}

// Policy returns the effective policy c applies.
func (c *Checker) Policy() Policy { return c.policy }

// Check returns nil when pw passes every rule, or an errs.Invalid error whose
// Details list every rule it fails, in Vietnamese and English. personal are
// the person's own words — login, full name, email — that pw must not
// contain, e.g. c.Check(pw, login, fullName).
func (c *Checker) Check(pw string, personal ...string) error {
	vs := c.Violations(pw, personal...)
	if len(vs) == 0 {
		return nil
	}
	texts := make([]locale.Text, len(vs))
	for i, v := range vs {
		texts[i] = v.Text
	}
	return errs.New(errs.Invalid, msgRefused(), texts...)
}

// Violations returns every rule pw fails, in a fixed order (characters,
// length, classes, common, personal, strength); none means pw is accepted.
// A password longer than MaxLength is not run through the costlier rules.
func (c *Checker) Violations(pw string, personal ...string) []Violation {
	p := c.policy
	pw = norm.NFC.String(pw)
	n := utf8.RuneCountInString(pw)
	cl := classify(pw)
	var vs []Violation
	add := func(fail bool, v func() Violation) {
		if fail {
			vs = append(vs, v())
		}
	}
	add(cl.invalid, violInvalidChar)
	add(n < p.MinLength, func() Violation { return violMinLength(p.MinLength, n) })
	add(n > p.MaxLength, func() Violation { return violMaxLength(p.MaxLength, n) })
	add(p.RequireUpper && !cl.upper, violUpper)
	add(p.RequireLower && !cl.lower, violLower)
	add(p.RequireDigit && !cl.digit, violDigit)
	add(p.RequireSpecial && !cl.special, violSpecial)
	if n > p.MaxLength {
		return vs
	}
	folded := locale.Fold(pw)
	add(p.RejectCommon && c.lists.guessable(folded), violCommon)
	mine := personalWords(personal)
	add(p.RejectPersonal && containsPersonal(folded, mine), violPersonal)
	if p.MinScore > 0 {
		score := strength(pw, folded, append(mine, c.lists.ranked...))
		add(score < p.MinScore, func() Violation { return violWeak(score, p.MinScore) })
	}
	return vs
}
