package password

// Policy is the set of rules a new password must pass. The zero value is not
// useful; start from Default or Floor. Whatever the settings say, a Checker
// applies p.Effective(), so a configuration can tighten the rules but never
// loosen them below the regulation.
type Policy struct {
	// MinLength is the fewest characters (Unicode code points, after NFC).
	MinLength int
	// RequireUpper, RequireLower, RequireDigit and RequireSpecial each demand
	// at least one character of that class; Vietnamese letters count by their
	// case ("Đ", "Ấ" are upper case, "đ", "ấ" lower case).
	RequireUpper, RequireLower, RequireDigit, RequireSpecial bool
	// MinScore is the least zxcvbn strength score, 0 (off) to 4.
	MinScore int
	// RejectCommon refuses well-known, default and guessable passwords.
	RejectCommon bool
	// RejectPersonal refuses passwords containing the login or a word of the
	// person's name.
	RejectPersonal bool
	// MaxLength is the most characters; it bounds the work one password
	// costs. Zero means MaxLengthCap.
	MaxLength int
}

// Bounds Effective keeps MaxLength within.
const (
	// MaxLengthFloor is the longest limit a policy may set below: every
	// policy accepts passphrases of at least 64 characters.
	MaxLengthFloor = 64
	// MaxLengthCap is the longest password any policy accepts; beyond it a
	// password is refused before the costlier rules run.
	MaxLengthCap = 1024
)

// Floor returns the regulation's minimum (Điều 7 khoản 1 and 5, QĐ 05/2016):
// at least 6 characters including upper case, lower case, a digit and a
// special character, and no short or default passwords (RejectCommon).
func Floor() Policy {
	return Policy{
		MinLength:    6,
		RequireUpper: true, RequireLower: true, RequireDigit: true, RequireSpecial: true,
		RejectCommon: true,
		MaxLength:    MaxLengthCap,
	}
}

// Default returns attt's shipped policy, stricter than the floor: at least 10
// characters of all four classes, zxcvbn score at least 3 of 4, no common or
// guessable password, no login or name inside, at most 256 characters.
func Default() Policy {
	return Policy{
		MinLength:    10,
		RequireUpper: true, RequireLower: true, RequireDigit: true, RequireSpecial: true,
		MinScore:       3,
		RejectCommon:   true,
		RejectPersonal: true,
		MaxLength:      256,
	}
}

// Effective returns p raised to the floor wherever it is weaker, with
// MinScore kept in 0..4 and MaxLength in MaxLengthFloor..MaxLengthCap and not
// below MinLength.
func (p Policy) Effective() Policy {
	f := Floor()
	p.MinLength = min(max(p.MinLength, f.MinLength), MaxLengthCap)
	p.RequireUpper = p.RequireUpper || f.RequireUpper
	p.RequireLower = p.RequireLower || f.RequireLower
	p.RequireDigit = p.RequireDigit || f.RequireDigit
	p.RequireSpecial = p.RequireSpecial || f.RequireSpecial
	p.MinScore = min(max(p.MinScore, f.MinScore), 4)
	p.RejectCommon = p.RejectCommon || f.RejectCommon
	p.RejectPersonal = p.RejectPersonal || f.RejectPersonal
	if p.MaxLength <= 0 {
		p.MaxLength = MaxLengthCap
	}
	p.MaxLength = min(max(p.MaxLength, MaxLengthFloor, p.MinLength), MaxLengthCap)
	return p
}

// Check is NewChecker(p).Check(pw, personal...). It loads the word lists on
// every call; a service checks many passwords with one Checker instead.
func (p Policy) Check(pw string, personal ...string) error {
	return NewChecker(p).Check(pw, personal...)
}

// Violations is NewChecker(p).Violations(pw, personal...).
func (p Policy) Violations(pw string, personal ...string) []Violation {
	return NewChecker(p).Violations(pw, personal...)
}
