package agentwire

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

func sample() Report {
	return Report{Hostname: "may-01", OS: "Debian GNU/Linux", OSVersion: "12", Addresses: []string{"10.0.0.2", "fe80::1"},
		MACs: []string{"02:42:ac:11:00:02"}, Software: []Package{{Name: "openssh-server", Version: "1:9.2p1-2"}},
		Antivirus: &Antivirus{Product: "ClamAV", Installed: true, Running: true, SignaturesAt: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)},
		Network:   Network{Checked: true, Route: true}, AgentVersion: "1", CollectedAt: time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)}
}

func TestSignVerify(t *testing.T) {
	body := []byte(`{"hostname":"x"}`)
	sig := Sign("s3cret", "1700000000", "abcd", body)
	if !Verify("s3cret", "1700000000", "abcd", body, sig) {
		t.Fatal("own signature refused")
	}
	for _, c := range []struct{ secret, ts, nonce, body, sig string }{
		{"other", "1700000000", "abcd", string(body), sig},
		{"s3cret", "1700000001", "abcd", string(body), sig},
		{"s3cret", "1700000000", "abce", string(body), sig},
		{"s3cret", "1700000000", "abcd", `{"hostname":"y"}`, sig},
		{"s3cret", "1700000000", "abcd", string(body), "zz"},
	} {
		if Verify(c.secret, c.ts, c.nonce, []byte(c.body), c.sig) {
			t.Errorf("accepted %+v", c)
		}
	}
}

func TestDecodeReport(t *testing.T) {
	good, _ := json.Marshal(sample())
	if r, err := DecodeReport(good); err != nil || r.Hostname != "may-01" || len(r.Software) != 1 {
		t.Fatalf("decode = %+v, %v", r, err)
	}
	bad := map[string]string{
		"unknown field":  `{"hostname":"a","root":true}`,
		"trailing":       `{"hostname":"a"} {}`,
		"no hostname":    `{"os":"x"}`,
		"bad ip":         `{"hostname":"a","addresses":["999.1.1.1"]}`,
		"bad mac":        `{"hostname":"a","macs":["zz"]}`,
		"nul":            `{"hostname":"a\u0000b"}`,
		"nameless pkg":   `{"hostname":"a","software":[{"version":"1"}]}`,
		"long text":      `{"hostname":"` + strings.Repeat("a", MaxText+1) + `"}`,
		"far future":     `{"hostname":"a","collected_at":"2999-01-01T00:00:00Z"}`,
		"not an object":  `[]`,
		"oversized body": `{"hostname":"a","os":"` + strings.Repeat(" ", MaxBody) + `"}`,
	}
	for name, body := range bad {
		if _, err := DecodeReport([]byte(body)); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: err = %v", name, err)
		}
	}
}

func TestOfflineRoundTrip(t *testing.T) {
	token := "attt_01JABC_c2VjcmV0"
	if TokenID(token) != "01JABC" || TokenID("attt__x") != "" || TokenID("nope") != "" {
		t.Fatal("TokenID")
	}
	body, _ := json.Marshal(sample())
	f := SignOffline(token, "1700000000", NewNonce(), body)
	data, _ := json.Marshal(f)
	got, err := DecodeOffline(data)
	if err != nil || got.KeyID != "01JABC" || !Verify(OfflineKey(token), got.Timestamp, got.Nonce, []byte(got.Body), got.Signature) {
		t.Fatalf("offline = %+v, %v", got, err)
	}
	if _, err := DecodeOffline(bytes.Replace(data, []byte(OfflineFormat), []byte("other/1"), 1)); err == nil {
		t.Error("wrong format accepted")
	}
}

func FuzzDecodeReport(f *testing.F) {
	good, _ := json.Marshal(sample())
	f.Add(good)
	f.Add([]byte(`{"hostname":"a","software":[{"name":"x"}],"backup":{"last_backup_at":"2025-01-01T00:00:00Z"}}`))
	f.Add([]byte(`{"hostname":"a","addresses":["::1"],"network":{"checked":true}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := DecodeReport(data)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("unwrapped error %v", err)
			}
			return
		}
		if r.Hostname == "" || len(r.Software) > MaxSoftware {
			t.Fatalf("accepted %+v", r)
		}
		again, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := DecodeReport(again); err != nil {
			t.Fatalf("re-encoded report refused: %v", err)
		}
	})
}

func FuzzDecodeOffline(f *testing.F) {
	body, _ := json.Marshal(sample())
	good, _ := json.Marshal(SignOffline("attt_01J_x", "1", "n", body))
	f.Add(good)
	f.Add([]byte(`{"format":"attt-offline-report/1"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		o, err := DecodeOffline(data)
		if err == nil && (o.Format != OfflineFormat || o.KeyID == "") {
			t.Fatalf("accepted %+v", o)
		}
	})
}
