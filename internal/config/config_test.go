package config

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestPrecedence(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "attt.yaml")
	if err := os.WriteFile(file, []byte("lockout_threshold: 7\nlockout_duration: 20m\ntrusted_proxies: [10.0.0.1, 10.0.0.0/8]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"ATTT_LOCKOUT_DURATION": "30m", "ATTT_ADDR": "0.0.0.0:9000"}
	c, rest, err := Load("serve", []string{"--config", file, "--addr", "127.0.0.1:0", "extra"}, func(k string) string { return env[k] }, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.LockoutThreshold != 7 || c.LockoutDuration != 30*time.Minute || c.Addr != "127.0.0.1:0" || len(c.TrustedProxies) != 2 {
		t.Fatalf("precedence wrong: %+v", c)
	}
	if len(rest) != 1 || rest[0] != "extra" {
		t.Fatalf("rest = %v", rest)
	}
}

func TestFloorEnforced(t *testing.T) {
	_, _, err := Load("serve", []string{"--password-min-length", "4"}, func(string) string { return "" }, nil)
	if err == nil {
		t.Fatal("a minimum length below the regulation's 6 must be refused")
	}
	_, _, err = Load("serve", []string{"--lockout-duration", "soon"}, func(string) string { return "" }, nil)
	if err == nil {
		t.Fatal("a malformed duration must be refused")
	}
}

func TestUnknownFileKey(t *testing.T) {
	file := filepath.Join(t.TempDir(), "c.yaml")
	_ = os.WriteFile(file, []byte("lockot_threshold: 3\n"), 0o600)
	if _, _, err := Load("serve", []string{"--config", file}, func(string) string { return "" }, nil); err == nil {
		t.Fatal("a misspelt setting must be refused, not ignored")
	}
}

func TestSources(t *testing.T) {
	file := filepath.Join(t.TempDir(), "attt.yaml")
	if err := os.WriteFile(file, []byte("lockout_threshold: 7\nsession_idle: 20m\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"ATTT_LOCKOUT_DURATION": "30m"}
	c, _, err := Load("serve", []string{"--config", file, "--session-idle", "25m"}, func(k string) string { return env[k] }, nil)
	if err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]Source{"lockout_threshold": SourceFile, "lockout_duration": SourceEnv,
		"session_idle": SourceFlag, "lockout_max": SourceDefault, "config": SourceDefault} {
		if got := c.SourceOf(key); got != want {
			t.Errorf("%s: source %s, want %s", key, got, want)
		}
	}
	if got := c.Get("session_idle"); got != "25m" {
		t.Errorf("session_idle = %q", got)
	}
}

func TestSetGetRoundTrip(t *testing.T) {
	c := Default()
	for key, value := range map[string]string{"lockout_threshold": "9", "lockout_duration": "1h30m", "audit_retention": "730d",
		"session_idle": "45s", "totp_roles": "admin,officer", "demo": "true"} {
		if err := c.Set(key, value); err != nil {
			t.Fatalf("%s: %v", key, err)
		}
		if got := c.Get(key); got != value {
			t.Errorf("%s: got %q, want %q", key, got, value)
		}
	}
	if c.AuditRetention != 730*24*time.Hour {
		t.Errorf("730d = %s", c.AuditRetention)
	}
	if err := c.Set("lockout_duration", "soon"); err == nil {
		t.Error("a malformed duration must be refused")
	}
	if err := c.Set("no_such_setting", "1"); err == nil {
		t.Error("an unknown key must be refused")
	}
	for d, want := range map[time.Duration]string{15 * time.Minute: "15m", 2 * time.Hour: "2h", 90 * time.Second: "1m30s", 48 * time.Hour: "2d", 0: "0s"} {
		if got := FormatDuration(d); got != want {
			t.Errorf("FormatDuration(%s) = %q, want %q", d, got, want)
		}
	}
}

// TestSMTPSettings: the notification email settings come from the same
// table as every other (file, environment, flags) and are validated.
func TestSMTPSettings(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "attt.yaml")
	if err := os.WriteFile(file, []byte("smtp_host: mail.hungyen.gov.vn\nsmtp_tls: tls\nsmtp_port: 465\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"ATTT_SMTP_PASSWORD": "mật-khẩu", "ATTT_SMTP_FROM": "attt@hungyen.gov.vn"}
	c, _, err := Load("serve", []string{"--config", file, "--smtp-username", "attt", "--digest-hour", "17"}, func(k string) string { return env[k] }, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.SMTPHost != "mail.hungyen.gov.vn" || c.SMTPTLS != "tls" || c.SMTPPort != 465 || c.SMTPUsername != "attt" ||
		c.SMTPPassword != "mật-khẩu" || c.SMTPFrom != "attt@hungyen.gov.vn" || c.DigestHour != 17 {
		t.Fatalf("smtp settings: %+v", c)
	}
	for _, bad := range [][]string{{"--smtp-tls", "ssl"}, {"--digest-hour", "24"}, {"--smtp-host", "mail.example", "--smtp-from", "attt"}} {
		if _, _, err := Load("serve", bad, func(string) string { return "" }, nil); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
}
