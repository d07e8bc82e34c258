package agentwire

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits of a report; DecodeReport refuses anything beyond them.
const (
	MaxBody      = 4 << 20
	MaxSoftware  = 20000
	MaxAddresses = 256
	MaxText      = 512
	MaxProblems  = 32
)

// ErrMalformed wraps every reason DecodeReport refuses a body.
var ErrMalformed = errors.New("agentwire: malformed report")

// DecodeReport reads a report body strictly: one JSON object, no unknown
// fields, no trailing data, valid UTF-8 without NUL in every string,
// bounded lengths and counts, and addresses that parse. The body comes
// from outside attt, so nothing is trusted.
func DecodeReport(body []byte) (*Report, error) {
	if len(body) > MaxBody {
		return nil, fmt.Errorf("%w: body of %d bytes", ErrMalformed, len(body))
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	var r Report
	if err := dec.Decode(&r); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("%w: data after the object", ErrMalformed)
	}
	if err := r.validate(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	return &r, nil
}

func (r *Report) validate() error {
	for _, s := range []string{r.Hostname, r.OS, r.OSVersion, r.AgentVersion, r.Network.Detail} {
		if err := text(s); err != nil {
			return err
		}
	}
	if strings.TrimSpace(r.Hostname) == "" {
		return errors.New("no hostname")
	}
	if len(r.Addresses) > MaxAddresses || len(r.MACs) > MaxAddresses {
		return errors.New("too many addresses")
	}
	for _, a := range r.Addresses {
		if net.ParseIP(a) == nil {
			return fmt.Errorf("bad address %q", a)
		}
	}
	for _, m := range r.MACs {
		if _, err := net.ParseMAC(m); err != nil {
			return fmt.Errorf("bad MAC %q", m)
		}
	}
	if len(r.Software) > MaxSoftware {
		return errors.New("too many packages")
	}
	for _, p := range r.Software {
		if p.Name == "" {
			return errors.New("package without a name")
		}
		if len(p.Source) > 16 {
			return errors.New("bad package source")
		}
		for _, s := range []string{p.Name, p.Version, p.Publisher} {
			if err := text(s); err != nil {
				return err
			}
		}
	}
	if len(r.Problems) > MaxProblems {
		return errors.New("too many problems")
	}
	for _, s := range r.Problems {
		if err := text(s); err != nil {
			return err
		}
	}
	return r.validateControls()
}

func (r *Report) validateControls() error {
	if r.Antivirus != nil {
		if err := text(r.Antivirus.Product); err != nil {
			return err
		}
		if err := sane(r.Antivirus.SignaturesAt); err != nil {
			return err
		}
	}
	if r.Backup != nil {
		if err := text(r.Backup.Source); err != nil {
			return err
		}
		if err := sane(r.Backup.LastBackupAt); err != nil {
			return err
		}
	}
	return sane(r.CollectedAt)
}

// text refuses long, invalid or NUL-bearing strings.
func text(s string) error {
	if len(s) > MaxText || !utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0 {
		return fmt.Errorf("bad text %.40q", s)
	}
	return nil
}

// sane refuses times outside 2000–2200 (zero is allowed: unknown).
func sane(t time.Time) error {
	if t.IsZero() {
		return nil
	}
	if t.Year() < 2000 || t.Year() > 2200 {
		return fmt.Errorf("time %v out of range", t)
	}
	return nil
}
