package password

import (
	"crypto/rand"
	"crypto/subtle"
	"fmt"

	"golang.org/x/crypto/argon2"
	"golang.org/x/text/unicode/norm"
)

// Params are the Argon2id cost parameters. They are stored inside every hash,
// so they can be raised later: Verify reports needsRehash for older hashes and
// the caller re-hashes the password on the next successful login.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes over memory
	Threads uint8  // lanes
	SaltLen uint32 // bytes
	KeyLen  uint32 // bytes
}

// DefaultParams returns attt's Argon2id parameters: 64 MiB, 3 passes, 2 lanes,
// 16-byte salt, 32-byte key (RFC 9106's second recommended option). Measured
// with BenchmarkHash on the 2-core build machine: about 55-60 ms per hash when
// idle, 95-115 ms while other builds ran; t=2 took 36 ms and t=1 19 ms idle.
// Each hash in flight holds 64 MiB, so the login path admits hashes through
// a bounded queue (SPEC S2, Đ7.7) and memory stays at 64 MiB per slot.
func DefaultParams() Params {
	return Params{Memory: 64 * 1024, Time: 3, Threads: 2, SaltLen: 16, KeyLen: 32}
}

// Limits accepted when parsing a stored hash: they stop a tampered or corrupt
// row from making Verify allocate gigabytes or loop for minutes.
const (
	maxMemory  = 1 << 20 // KiB, 1 GiB
	maxTime    = 64
	minSaltLen = 8
	maxSaltLen = 64
	minKeyLen  = 16
	maxKeyLen  = 128
)

// validate reports why p cannot be used, or nil.
func (p Params) validate() error {
	switch {
	case p.Threads < 1:
		return fmt.Errorf("threads %d < 1", p.Threads)
	case p.Time < 1 || p.Time > maxTime:
		return fmt.Errorf("time %d not in 1..%d", p.Time, maxTime)
	case p.Memory < 8*uint32(p.Threads) || p.Memory > maxMemory:
		return fmt.Errorf("memory %d KiB not in %d..%d", p.Memory, 8*uint32(p.Threads), maxMemory)
	case p.SaltLen < minSaltLen || p.SaltLen > maxSaltLen:
		return fmt.Errorf("salt length %d not in %d..%d", p.SaltLen, minSaltLen, maxSaltLen)
	case p.KeyLen < minKeyLen || p.KeyLen > maxKeyLen:
		return fmt.Errorf("key length %d not in %d..%d", p.KeyLen, minKeyLen, maxKeyLen)
	}
	return nil
}

// Hash returns the Argon2id hash of pw in PHC string format,
// $argon2id$v=19$m=65536,t=3,p=2$<salt>$<key>, with a fresh random salt. The
// password is put in Unicode NFC first, so the same Vietnamese password typed
// on a keyboard that composes accents and on one that does not verifies alike.
func Hash(pw string, p Params) (string, error) {
	if err := p.validate(); err != nil {
		return "", fmt.Errorf("password: hash: %w", err)
	}
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("password: hash: salt: %w", err)
	}
	key := derive(pw, salt, p)
	return phc{params: p, salt: salt, key: key}.String(), nil
}

// Verify reports whether pw matches encoded, a hash made by Hash. needsRehash
// is true when pw matches but encoded was made with parameters other than
// current, so the caller should store Hash(pw, current). err is non-nil only
// when encoded is not a well-formed Argon2id PHC string (an Internal error
// wrapping ErrMalformedHash); a wrong password is ok=false, err=nil.
func Verify(pw, encoded string, current Params) (ok, needsRehash bool, err error) {
	h, err := parsePHC(encoded)
	if err != nil {
		return false, false, err
	}
	key := derive(pw, h.salt, h.params)
	if subtle.ConstantTimeCompare(key, h.key) != 1 {
		return false, false, nil
	}
	return true, h.params != current, nil
}

// DummyHash returns the hash of a random password nobody knows, made with p.
// Build it once at start and, when someone logs in as an unknown user, call
// Verify against it: the answer is always false but costs the same time as a
// real check, so response time does not reveal which accounts exist.
func DummyHash(p Params) (string, error) {
	// Random salt and key in the format of a real hash: Verify does the same
	// work against it, and nothing has to be hashed at start (which would
	// leave an Argon2id-sized heap on an idle server).
	h := phc{params: p, salt: make([]byte, p.SaltLen), key: make([]byte, p.KeyLen)}
	if _, err := rand.Read(h.salt); err != nil {
		return "", fmt.Errorf("password: dummy hash: %w", err)
	}
	if _, err := rand.Read(h.key); err != nil {
		return "", fmt.Errorf("password: dummy hash: %w", err)
	}
	return h.String(), nil
}

// derive runs Argon2id on the NFC form of pw.
func derive(pw string, salt []byte, p Params) []byte {
	return argon2.IDKey([]byte(norm.NFC.String(pw)), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
}
