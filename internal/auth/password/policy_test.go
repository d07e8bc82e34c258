package password

import (
	"math/rand/v2"
	"testing"
)

// assertAtLeastFloor fails when p is weaker than the regulation anywhere.
func assertAtLeastFloor(tb testing.TB, p Policy) {
	tb.Helper()
	f := Floor()
	switch {
	case p.MinLength < f.MinLength:
		tb.Errorf("%+v: MinLength below floor", p)
	case !p.RequireUpper || !p.RequireLower || !p.RequireDigit || !p.RequireSpecial:
		tb.Errorf("%+v: a character class is not required", p)
	case !p.RejectCommon:
		tb.Errorf("%+v: common passwords allowed", p)
	case p.MinScore < 0 || p.MinScore > 4:
		tb.Errorf("%+v: MinScore out of 0..4", p)
	case p.MaxLength < MaxLengthFloor || p.MaxLength > MaxLengthCap || p.MaxLength < p.MinLength:
		tb.Errorf("%+v: MaxLength out of bounds", p)
	}
}

func TestEffectiveNeverBelowFloor(t *testing.T) {
	tests := []struct {
		name string
		in   Policy
	}{
		{"zero", Policy{}},
		{"negative", Policy{MinLength: -5, MinScore: -1, MaxLength: -1}},
		{"too short", Policy{MinLength: 4, RequireUpper: true}},
		{"score too high", Policy{MinScore: 9}},
		{"max below 64", Policy{MinLength: 8, MaxLength: 12}},
		{"max huge", Policy{MaxLength: 1 << 30}},
		{"min huge", Policy{MinLength: 5000}},
		{"min above max", Policy{MinLength: 100, MaxLength: 80}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertAtLeastFloor(t, tt.in.Effective())
		})
	}
	r := rand.New(rand.NewPCG(7, 7))
	for range 1000 {
		p := Policy{
			MinLength: r.IntN(300) - 50, MaxLength: r.IntN(3000) - 100, MinScore: r.IntN(10) - 3,
			RequireUpper: r.IntN(2) == 0, RequireLower: r.IntN(2) == 0, RequireDigit: r.IntN(2) == 0,
			RequireSpecial: r.IntN(2) == 0, RejectCommon: r.IntN(2) == 0, RejectPersonal: r.IntN(2) == 0,
		}
		e := p.Effective()
		assertAtLeastFloor(t, e)
		if e.MinLength < min(p.MinLength, MaxLengthCap) || e.MinScore < min(p.MinScore, 4) ||
			(p.RejectPersonal && !e.RejectPersonal) {
			t.Errorf("Effective loosened a stricter setting: %+v → %+v", p, e)
		}
		if e.Effective() != e {
			t.Errorf("Effective not idempotent: %+v", e)
		}
	}
}

func TestShippedPolicies(t *testing.T) {
	for name, p := range map[string]Policy{"Floor": Floor(), "Default": Default()} {
		if p.Effective() != p {
			t.Errorf("%s().Effective() = %+v, want unchanged %+v", name, p.Effective(), p)
		}
	}
	f, d := Floor(), Default()
	if f.MinLength != 6 || f.MinScore != 0 || f.RejectPersonal {
		t.Errorf("Floor = %+v", f)
	}
	if d.MinLength != 10 || d.MinScore != 3 || !d.RejectPersonal || d.MaxLength != 256 {
		t.Errorf("Default = %+v", d)
	}
}

func TestCheckerAppliesEffective(t *testing.T) {
	c := MustChecker(t, Policy{MinLength: 1})
	if c.Policy() != Floor() {
		t.Errorf("Policy() = %+v, want Floor()", c.Policy())
	}
	if err := c.Check("abc"); err == nil {
		t.Error("a zero policy accepted \"abc\"")
	}
}

func TestMaxLengthAcceptsPassphrases(t *testing.T) {
	c := MustChecker(t, Policy{MaxLength: 20})
	if vs := c.Violations(passphrase64); len(vs) != 0 {
		t.Errorf("64-character passphrase refused under MaxLength 20: %v", vs)
	}
}
