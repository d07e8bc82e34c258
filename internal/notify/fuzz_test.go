package notify_test

import (
	"strconv"
	"testing"
	"time"

	"attt/internal/notify"
)

// FuzzVerify feeds outside-controlled header values and bodies to Verify:
// it never panics, accepts what Sign produced and refuses any other
// signature.
func FuzzVerify(f *testing.F) {
	f.Add("1750000000", "sha256=00", []byte(`{"kind":"incident.reported"}`))
	f.Add("-1", "", []byte{})
	f.Add("99999999999999999999", "sha256=", []byte("\x00\xff"))
	now := time.Unix(1_750_000_000, 0)
	f.Fuzz(func(t *testing.T, ts, sig string, body []byte) {
		_ = notify.Verify("whsec_f", ts, sig, body, now, time.Hour)
		good := notify.Sign("whsec_f", now.Unix(), body)
		if err := notify.Verify("whsec_f", strconv.FormatInt(now.Unix(), 10), good, body, now, time.Hour); err != nil {
			t.Fatalf("own signature refused: %v", err)
		}
		if sig != good && notify.Verify("whsec_f", strconv.FormatInt(now.Unix(), 10), sig, body, now, time.Hour) == nil {
			t.Fatalf("forged signature %q accepted", sig)
		}
	})
}
