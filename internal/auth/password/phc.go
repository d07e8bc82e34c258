package password

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"

	"attt/internal/errs"
	"attt/internal/locale"
)

// ErrMalformedHash is the cause inside the error Verify returns when a stored
// hash is not a well-formed Argon2id PHC string.
var ErrMalformedHash = errors.New("malformed argon2id hash")

// b64 is the PHC encoding: standard alphabet, no padding, and (Strict) no
// stray bits, so each hash has exactly one spelling.
var b64 = base64.RawStdEncoding.Strict()

// phc is a parsed $argon2id$v=19$m=…,t=…,p=…$salt$key string.
type phc struct {
	params Params
	salt   []byte
	key    []byte
}

// String formats h in PHC string format.
func (h phc) String() string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, h.params.Memory, h.params.Time, h.params.Threads,
		b64.EncodeToString(h.salt), b64.EncodeToString(h.key))
}

// parsePHC reads s strictly: exactly the fields Hash writes, in its order,
// decimal numbers without signs or leading zeros, parameters within the
// limits validate allows. It never panics.
func parsePHC(s string) (phc, error) {
	var h phc
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[0] != "" {
		return h, malformed("want 5 $-separated fields")
	}
	if parts[1] != "argon2id" {
		return h, malformed("algorithm is not argon2id")
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return h, malformed("unsupported version")
	}
	kv := strings.Split(parts[3], ",")
	if len(kv) != 3 {
		return h, malformed("want m=,t=,p= parameters")
	}
	m, err1 := number(kv[0], "m=", maxMemory)
	t, err2 := number(kv[1], "t=", maxTime)
	p, err3 := number(kv[2], "p=", 255)
	if err := errors.Join(err1, err2, err3); err != nil {
		return h, malformed(err.Error())
	}
	salt, err := decodeB64(parts[4])
	if err != nil {
		return h, malformed("salt: " + err.Error())
	}
	key, err := decodeB64(parts[5])
	if err != nil {
		return h, malformed("key: " + err.Error())
	}
	h = phc{
		params: Params{Memory: m, Time: t, Threads: uint8(p), SaltLen: uint32(len(salt)), KeyLen: uint32(len(key))},
		salt:   salt,
		key:    key,
	}
	if err := h.params.validate(); err != nil {
		return phc{}, malformed(err.Error())
	}
	return h, nil
}

// decodeB64 decodes s strictly: only the standard alphabet, because the
// decoder would otherwise skip line breaks inside it.
func decodeB64(s string) ([]byte, error) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '+' || c == '/') {
			return nil, fmt.Errorf("byte %#x at %d is not base64", c, i)
		}
	}
	return b64.DecodeString(s)
}

// number parses "prefix<decimal>" with no sign, no leading zero and a value
// in 1..max.
func number(s, prefix string, max uint32) (uint32, error) {
	digits, ok := strings.CutPrefix(s, prefix)
	if !ok || digits == "" || len(digits) > 10 || digits[0] == '0' {
		return 0, fmt.Errorf("bad %q", s)
	}
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return 0, fmt.Errorf("bad %q", s)
		}
	}
	n, err := strconv.ParseUint(digits, 10, 32)
	if err != nil || n > uint64(max) {
		return 0, fmt.Errorf("%q out of range", s)
	}
	return uint32(n), nil
}

// malformed wraps ErrMalformedHash with why as an Internal error: a bad stored
// hash is our fault, never the user's, so the user sees only "system error".
func malformed(why string) error {
	return errs.Wrap(errs.Internal,
		locale.T("Lỗi hệ thống, vui lòng thử lại sau.", "Internal error, please try again later."),
		fmt.Errorf("password: parse hash: %s: %w", why, ErrMalformedHash))
}
