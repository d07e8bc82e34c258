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
