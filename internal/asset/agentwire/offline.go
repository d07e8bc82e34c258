package agentwire

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// OfflineFormat names the offline report file format.
const OfflineFormat = "attt-offline-report/1"

// OfflineFile is the signed report the agent writes on the off-network
// computer for secret documents (Đ6.1.c); an officer carries it to a
// networked machine and uploads it. Body is the report's JSON text, signed
// as an online report is, under the key derived from the offline token.
type OfflineFile struct {
	Format    string `json:"format"`
	KeyID     string `json:"key_id"`
	Timestamp string `json:"timestamp"`
	Nonce     string `json:"nonce"`
	Body      string `json:"body"`
	Signature string `json:"signature"`
}

// OfflineKey derives the signing key of offline reports from an offline
// enrolment token; the server keeps the same derivation.
func OfflineKey(token string) string {
	mac := hmac.New(sha256.New, []byte(token))
	mac.Write([]byte("attt offline report v1"))
	return hex.EncodeToString(mac.Sum(nil))
}

// TokenPrefix starts every enrolment token.
const TokenPrefix = "attt_"

// TokenID returns the enrolment id written in a token
// ("attt_<id>_<secret>"), or "" when the token is not of that shape.
func TokenID(token string) string {
	rest, ok := strings.CutPrefix(strings.TrimSpace(token), TokenPrefix)
	if !ok {
		return ""
	}
	id, secret, ok := strings.Cut(rest, "_")
	if !ok || id == "" || len(id) > 64 || secret == "" {
		return ""
	}
	return id
}

// DecodeOffline reads an offline report file strictly; the body inside is
// then read with DecodeReport once the signature is checked.
func DecodeOffline(data []byte) (*OfflineFile, error) {
	if len(data) > MaxBody+4096 {
		return nil, fmt.Errorf("%w: file of %d bytes", ErrMalformed, len(data))
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var f OfflineFile
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("%w: data after the object", ErrMalformed)
	}
	if f.Format != OfflineFormat {
		return nil, fmt.Errorf("%w: format %.40q", ErrMalformed, f.Format)
	}
	for _, s := range []string{f.KeyID, f.Timestamp, f.Nonce, f.Signature} {
		if s == "" || len(s) > 128 {
			return nil, fmt.Errorf("%w: missing or long header field", ErrMalformed)
		}
	}
	return &f, nil
}

// SignOffline builds the offline file of a report body under token.
func SignOffline(token, timestamp, nonce string, body []byte) OfflineFile {
	return OfflineFile{Format: OfflineFormat, KeyID: TokenID(token), Timestamp: timestamp, Nonce: nonce, Body: string(body),
		Signature: Sign(OfflineKey(token), timestamp, nonce, body)}
}
