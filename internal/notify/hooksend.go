package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The headers of a webhook call. The signature is
// "sha256=" + hex(HMAC-SHA256(secret, timestamp + "." + body)), timestamp
// being the Unix seconds in HeaderTimestamp, so a receiver can refuse
// replays of old calls.
const (
	HeaderSignature = "X-Attt-Signature"
	HeaderTimestamp = "X-Attt-Timestamp"
	HeaderEvent     = "X-Attt-Event"
	HeaderDelivery  = "X-Attt-Delivery"
)

// Sign returns the signature header value of body sent at ts.
func Sign(secret string, ts int64, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(strconv.FormatInt(ts, 10)))
	mac.Write([]byte("."))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// Verify checks a webhook call's signature and that its timestamp is
// within tolerance of now; receivers written in Go can use it.
func Verify(secret, timestamp, signature string, body []byte, now time.Time, tolerance time.Duration) error {
	ts, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil {
		return fmt.Errorf("notify: bad timestamp %q", timestamp)
	}
	if d := now.Sub(time.Unix(ts, 0)); d > tolerance || d < -tolerance {
		return fmt.Errorf("notify: timestamp outside %s", tolerance)
	}
	if !hmac.Equal([]byte(Sign(secret, ts, body)), []byte(signature)) {
		return errors.New("notify: signature does not match")
	}
	return nil
}

// callHook POSTs a webhook delivery, signed with the webhook's current
// secret, to its current URL. A 2xx answer is success.
func (s *Service) callHook(ctx context.Context, d *Delivery) error {
	var url, secret string
	var enabled bool
	err := s.db.R.QueryRowContext(ctx, `SELECT url, secret, enabled FROM webhooks WHERE id = $1`, d.WebhookID).Scan(&url, &secret, &enabled)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !enabled) {
		return errHookGone
	}
	if err != nil {
		return fmt.Errorf("webhook %s: %w", d.WebhookID, err)
	}
	var p hookPayload
	if err := json.Unmarshal([]byte(d.body), &p); err != nil {
		return fmt.Errorf("webhook payload: %w", err)
	}
	now := s.now()
	p.ID, p.SentAt = d.ID, now.UTC().Format(time.RFC3339)
	body, err := json.Marshal(p)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("webhook request: %w", err)
	}
	ts := now.Unix()
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("User-Agent", "attt-webhook/1")
	req.Header.Set(HeaderTimestamp, strconv.FormatInt(ts, 10))
	req.Header.Set(HeaderSignature, Sign(secret, ts, body))
	req.Header.Set(HeaderEvent, d.Kind)
	req.Header.Set(HeaderDelivery, d.ID)
	resp, err := s.http.Do(req)
	if err != nil {
		return fmt.Errorf("webhook: %w", err)
	}
	defer resp.Body.Close()
	snippet, _ := io.ReadAll(io.LimitReader(resp.Body, 300))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("webhook answered %s: %s", resp.Status, strings.TrimSpace(string(snippet)))
	}
	return nil
}
