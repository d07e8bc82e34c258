package password

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	"attt/internal/errs"
)

// testParams are cheap Argon2id parameters so tests stay fast.
func testParams() Params {
	return Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
}

// MustHash hashes pw with p or fails the test.
func MustHash(tb testing.TB, pw string, p Params) string {
	tb.Helper()
	h, err := Hash(pw, p)
	if err != nil {
		tb.Fatalf("Hash: %v", err)
	}
	return h
}

var phcShape = regexp.MustCompile(`^\$argon2id\$v=19\$m=[1-9][0-9]*,t=[1-9][0-9]*,p=[1-9][0-9]*\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$`)

func TestHashRoundTrip(t *testing.T) {
	p := testParams()
	for _, pw := range []string{"Tr0ng-Đồng#Sông-Hồng", "", " ", strings.Repeat("x", 5000), "\x00\xff"} {
		h := MustHash(t, pw, p)
		if !phcShape.MatchString(h) {
			t.Errorf("hash %q is not a PHC string", h)
		}
		ok, rehash, err := Verify(pw, h, p)
		if !ok || rehash || err != nil {
			t.Errorf("Verify(right) = %v, %v, %v", ok, rehash, err)
		}
		ok, rehash, err = Verify(pw+"x", h, p)
		if ok || rehash || err != nil {
			t.Errorf("Verify(wrong) = %v, %v, %v", ok, rehash, err)
		}
	}
}

func TestHashSaltsDiffer(t *testing.T) {
	if MustHash(t, "same", testParams()) == MustHash(t, "same", testParams()) {
		t.Error("two hashes of the same password are equal: salt not random")
	}
}

func TestHashNFC(t *testing.T) {
	h := MustHash(t, "Đồng", testParams())                    // composed
	ok, _, err := Verify("Đo\u0302\u0300ng", h, testParams()) // decomposed
	if !ok || err != nil {
		t.Errorf("decomposed form did not verify: %v, %v", ok, err)
	}
}

func TestDefaultParamsFormat(t *testing.T) {
	h := MustHash(t, "x", DefaultParams())
	if !strings.HasPrefix(h, "$argon2id$v=19$m=65536,t=3,p=2$") {
		t.Errorf("default hash %q", h)
	}
	if ok, rehash, err := Verify("x", h, DefaultParams()); !ok || rehash || err != nil {
		t.Errorf("Verify = %v, %v, %v", ok, rehash, err)
	}
}

func TestNeedsRehash(t *testing.T) {
	old := testParams()
	h := MustHash(t, "pw", old)
	for name, cur := range map[string]Params{
		"memory":  {Memory: 128, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32},
		"time":    {Memory: 64, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32},
		"threads": {Memory: 64, Time: 1, Threads: 2, SaltLen: 16, KeyLen: 32},
		"salt":    {Memory: 64, Time: 1, Threads: 1, SaltLen: 32, KeyLen: 32},
		"key":     {Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 64},
	} {
		ok, rehash, err := Verify("pw", h, cur)
		if !ok || !rehash || err != nil {
			t.Errorf("%s changed: Verify = %v, %v, %v; want true, true, nil", name, ok, rehash, err)
		}
		if _, rehash, _ := Verify("wrong", h, cur); rehash {
			t.Errorf("%s changed: needsRehash for a wrong password", name)
		}
	}
}

func TestHashRejectsBadParams(t *testing.T) {
	for _, p := range []Params{
		{},
		{Memory: 64, Time: 0, Threads: 1, SaltLen: 16, KeyLen: 32},
		{Memory: 7, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32},
		{Memory: 64, Time: 1, Threads: 0, SaltLen: 16, KeyLen: 32},
		{Memory: 64, Time: 1, Threads: 1, SaltLen: 4, KeyLen: 32},
		{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 8},
		{Memory: 1 << 30, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32},
	} {
		if _, err := Hash("pw", p); err == nil {
			t.Errorf("Hash accepted %+v", p)
		}
	}
}

func TestVerifyMalformed(t *testing.T) {
	good := MustHash(t, "pw", testParams())
	parts := strings.Split(good, "$") // "", argon2id, v=19, m=64,t=1,p=1, salt, key
	join := func(p ...string) string { return strings.Join(p, "$") }
	salt, key := parts[4], parts[5]
	tests := map[string]string{
		"empty":             "",
		"dollar":            "$",
		"no leading $":      strings.TrimPrefix(good, "$"),
		"trailing $":        good + "$",
		"extra field":       join("", "argon2id", "v=19", "m=64,t=1,p=1", "x", salt, key),
		"argon2i":           join("", "argon2i", "v=19", "m=64,t=1,p=1", salt, key),
		"ARGON2ID":          join("", "ARGON2ID", "v=19", "m=64,t=1,p=1", salt, key),
		"version 16":        join("", "argon2id", "v=16", "m=64,t=1,p=1", salt, key),
		"no version":        join("", "argon2id", "m=64,t=1,p=1", salt, key),
		"two params":        join("", "argon2id", "v=19", "m=64,t=1", salt, key),
		"four params":       join("", "argon2id", "v=19", "m=64,t=1,p=1,x=1", salt, key),
		"param order":       join("", "argon2id", "v=19", "t=1,m=64,p=1", salt, key),
		"leading zero":      join("", "argon2id", "v=19", "m=064,t=1,p=1", salt, key),
		"plus sign":         join("", "argon2id", "v=19", "m=+64,t=1,p=1", salt, key),
		"negative":          join("", "argon2id", "v=19", "m=-64,t=1,p=1", salt, key),
		"space":             join("", "argon2id", "v=19", "m=64, t=1,p=1", salt, key),
		"empty value":       join("", "argon2id", "v=19", "m=,t=1,p=1", salt, key),
		"time zero":         join("", "argon2id", "v=19", "m=64,t=0,p=1", salt, key),
		"time huge":         join("", "argon2id", "v=19", "m=64,t=1000,p=1", salt, key),
		"threads zero":      join("", "argon2id", "v=19", "m=64,t=1,p=0", salt, key),
		"threads 256":       join("", "argon2id", "v=19", "m=4096,t=1,p=256", salt, key),
		"memory below 8p":   join("", "argon2id", "v=19", "m=15,t=1,p=2", salt, key),
		"memory 4 GiB":      join("", "argon2id", "v=19", "m=4194304,t=1,p=1", salt, key),
		"memory overflow":   join("", "argon2id", "v=19", "m=99999999999,t=1,p=1", salt, key),
		"salt padded":       join("", "argon2id", "v=19", "m=64,t=1,p=1", salt+"==", key),
		"salt bad char":     join("", "argon2id", "v=19", "m=64,t=1,p=1", "*"+salt[1:], key),
		"salt url alphabet": join("", "argon2id", "v=19", "m=64,t=1,p=1", "-"+salt[1:], key),
		"salt short":        join("", "argon2id", "v=19", "m=64,t=1,p=1", "AAAA", key),
		"salt empty":        join("", "argon2id", "v=19", "m=64,t=1,p=1", "", key),
		"salt line break":   join("", "argon2id", "v=19", "m=64,t=1,p=1", "\n"+salt, key),
		"key carriage ret":  join("", "argon2id", "v=19", "m=64,t=1,p=1", salt, key[:4]+"\r"+key[4:]),
		"salt stray bits":   join("", "argon2id", "v=19", "m=64,t=1,p=1", salt[:len(salt)-1]+"B", key),
		"key short":         join("", "argon2id", "v=19", "m=64,t=1,p=1", salt, "AAAAAAAAAAAAAAAAAAAA"),
		"key empty":         join("", "argon2id", "v=19", "m=64,t=1,p=1", salt, ""),
		"bcrypt":            "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy",
		"plain text":        "pw",
	}
	for name, enc := range tests {
		t.Run(name, func(t *testing.T) {
			ok, rehash, err := Verify("pw", enc, testParams())
			if ok || rehash || err == nil {
				t.Fatalf("Verify(%q) = %v, %v, %v; want an error", enc, ok, rehash, err)
			}
			if !errors.Is(err, ErrMalformedHash) || !errs.Is(err, errs.Internal) {
				t.Errorf("error %v is not an Internal ErrMalformedHash", err)
			}
		})
	}
}

func TestDummyHash(t *testing.T) {
	p := testParams()
	d, err := DummyHash(p)
	if err != nil {
		t.Fatal(err)
	}
	h, err := parsePHC(d)
	if err != nil || h.params != p {
		t.Fatalf("dummy %q parses to %+v, %v; want params %+v", d, h.params, err, p)
	}
	for _, pw := range []string{"", "pw", "admin"} {
		if ok, rehash, err := Verify(pw, d, p); ok || rehash || err != nil {
			t.Errorf("Verify(%q, dummy) = %v, %v, %v", pw, ok, rehash, err)
		}
	}
}

// BenchmarkHash reports the cost of one hash with DefaultParams, the figure
// documented on DefaultParams.
func BenchmarkHash(b *testing.B) {
	p := DefaultParams()
	for b.Loop() {
		if _, err := Hash("Tr0ng-Đồng#Sông-Hồng", p); err != nil {
			b.Fatal(err)
		}
	}
}
