package intake

import "bytes"

// eicarString is the standard 68-byte EICAR anti-virus test file. The gate
// refuses any file or archive member that contains it anywhere, with or
// without clamd, so operators can check the gate works without real malware.
const eicarString = `X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*`

// eicarName is the signature name reported for it (ClamAV's name).
const eicarName = "Eicar-Test-Signature"

// eicarScanner is an io.Writer that looks for the EICAR string across write
// boundaries, keeping only the last len(eicarString)-1 bytes between writes.
type eicarScanner struct {
	tail  []byte
	found bool
}

// Write scans p; it never fails.
func (s *eicarScanner) Write(p []byte) (int, error) {
	if s.found {
		return len(p), nil
	}
	const keep = len(eicarString) - 1
	if len(s.tail) > 0 {
		// Check the seam between the previous tail and the start of p.
		head := p
		if len(head) > keep {
			head = head[:keep]
		}
		seam := append(append([]byte(nil), s.tail...), head...)
		if bytes.Contains(seam, []byte(eicarString)) {
			s.found = true
			return len(p), nil
		}
	}
	if bytes.Contains(p, []byte(eicarString)) {
		s.found = true
		return len(p), nil
	}
	if len(p) >= keep {
		s.tail = append(s.tail[:0], p[len(p)-keep:]...)
	} else {
		s.tail = append(s.tail, p...)
		if len(s.tail) > keep {
			s.tail = s.tail[len(s.tail)-keep:]
		}
	}
	return len(p), nil
}

// hasEICAR reports whether b contains the EICAR string.
func hasEICAR(b []byte) bool { return bytes.Contains(b, []byte(eicarString)) }
