// Package agentwire is the protocol between the endpoint agent (`attt
// agent`) and the server: the enrolment exchange, the host report, how a
// report is signed, and the offline report file of the secret-document
// computer. It imports nothing of the server, so the agent stays small.
//
// A report is POSTed to /api/v1/agent/report with the headers
//
//	X-Attt-Agent:     the agent id
//	X-Attt-Timestamp: Unix seconds
//	X-Attt-Nonce:     32 hex digits, never reused
//	X-Attt-Signature: hex HMAC-SHA256(secret, timestamp "\n" nonce "\n" body)
//
// The server refuses a timestamp outside its window, a nonce it has seen,
// a body over its limit, and anything DecodeReport refuses.
package agentwire

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"time"
)

// Header names of a signed report.
const (
	HeaderAgent     = "X-Attt-Agent"
	HeaderTimestamp = "X-Attt-Timestamp"
	HeaderNonce     = "X-Attt-Nonce"
	HeaderSignature = "X-Attt-Signature"
)

// Paths of the agent endpoints.
const (
	PathEnroll = "/api/v1/agent/enroll"
	PathReport = "/api/v1/agent/report"
)

// EnrollRequest is what an agent sends with its one-time token.
type EnrollRequest struct {
	Token    string `json:"token"`
	Hostname string `json:"hostname"`
	Version  string `json:"version"`
}

// EnrollResponse gives the agent its identity and signing secret; the
// secret is sent only this once.
type EnrollResponse struct {
	AgentID string `json:"agent_id"`
	Secret  string `json:"secret"`
	AssetID string `json:"asset_id"`
	// Interval is how often the server wants a report, in seconds.
	Interval int `json:"interval"`
}

// Report is what an agent knows about its host.
type Report struct {
	Hostname     string     `json:"hostname"`
	OS           string     `json:"os"`
	OSVersion    string     `json:"os_version"`
	Addresses    []string   `json:"addresses"`
	MACs         []string   `json:"macs"`
	Software     []Package  `json:"software"`
	Antivirus    *Antivirus `json:"antivirus,omitempty"`
	Backup       *Backup    `json:"backup,omitempty"`
	Network      Network    `json:"network"`
	AgentVersion string     `json:"agent_version"`
	CollectedAt  time.Time  `json:"collected_at"`
	// Problems are what the agent could not collect, for the officer.
	Problems []string `json:"problems,omitempty"`
}

// Package is one installed program.
type Package struct {
	Name      string `json:"name"`
	Version   string `json:"version,omitempty"`
	Publisher string `json:"publisher,omitempty"`
	// Source is where the agent found it: dpkg, rpm or registry.
	Source string `json:"source,omitempty"`
}

// Antivirus is the state of the host's antivirus product.
type Antivirus struct {
	Product      string    `json:"product"`
	Installed    bool      `json:"installed"`
	Running      bool      `json:"running"`
	SignaturesAt time.Time `json:"signatures_at,omitzero"`
}

// Backup is what a configured backup marker file or tool log says.
type Backup struct {
	LastBackupAt time.Time `json:"last_backup_at,omitzero"`
	Source       string    `json:"source"`
}

// Network says whether the host had a network route when collected.
type Network struct {
	Checked bool `json:"checked"`
	Route   bool `json:"route"`
	// Detail names the route or interface seen.
	Detail string `json:"detail,omitempty"`
}

// Message is the byte string a signature covers.
func Message(timestamp, nonce string, body []byte) []byte {
	m := make([]byte, 0, len(timestamp)+len(nonce)+2+len(body))
	m = append(m, timestamp...)
	m = append(m, '\n')
	m = append(m, nonce...)
	m = append(m, '\n')
	return append(m, body...)
}

// Sign returns the hex signature of a message under secret.
func Sign(secret, timestamp, nonce string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(Message(timestamp, nonce, body))
	return hex.EncodeToString(mac.Sum(nil))
}

// Verify reports whether sig is the signature of the message under secret,
// in constant time.
func Verify(secret, timestamp, nonce string, body []byte, sig string) bool {
	want, err := hex.DecodeString(sig)
	if err != nil {
		return false
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(Message(timestamp, nonce, body))
	return hmac.Equal(mac.Sum(nil), want)
}

// NewNonce returns 16 random bytes in hex.
func NewNonce() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// Timestamp formats t as the header wants it.
func Timestamp(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) }
