// Package secret makes the random secrets attt hands out — session, CSRF
// and API tokens, one-time links, device cookies, webhook secrets, agent
// enrolment and log ingest tokens — and the form in which those a client
// presents back are stored and looked up.
package secret

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
)

// New returns n random bytes as unpadded base64url.
func New(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("secret: no randomness: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// Hash is how a secret presented by a client is stored and looked up: a
// plain SHA-256 in hex is enough for random values of 128 bits or more,
// which no dictionary can reach.
func Hash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
