package intake

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"attt/internal/errs"
)

// fakeClamd speaks clamd's INSTREAM protocol on a unix socket and answers
// with reply(content). It is a fake on purpose and only here: the real clamd
// cannot start without a signature database, which cannot be downloaded on
// this machine, so the fake proves the protocol framing, FOUND handling and
// fail-closed behaviour. TestClamdReal uses the real daemon when present.
func fakeClamd(t *testing.T, reply func(content []byte) string) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "clamd") // short path: unix socket names are limited
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	sock := filepath.Join(dir, "c.sock")
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func(c net.Conn) {
				defer c.Close()
				br := bufio.NewReader(c)
				cmd, err := br.ReadString(0)
				if err != nil || cmd != "zINSTREAM\x00" {
					io.WriteString(c, "UNKNOWN COMMAND\x00")
					return
				}
				var content []byte
				for {
					var n uint32
					if binary.Read(br, binary.BigEndian, &n) != nil {
						return
					}
					if n == 0 {
						break
					}
					chunk := make([]byte, n)
					if _, err := io.ReadFull(br, chunk); err != nil {
						return
					}
					content = append(content, chunk...)
				}
				io.WriteString(c, reply(content)+"\x00")
			}(c)
		}
	}()
	return "unix:" + sock
}

func TestClamd(t *testing.T) {
	addr := fakeClamd(t, func(content []byte) string {
		switch {
		case bytes.Contains(content, []byte("TROJAN-SAMPLE")):
			return "stream: Win.Trojan.Agent-123 FOUND"
		case bytes.Contains(content, []byte("BROKEN")):
			return "INSTREAM size limit exceeded. ERROR"
		}
		return "stream: OK"
	})
	big := strings.Repeat("Nhật ký hệ thống bình thường.\n", 10000) // several chunks
	tests := []struct {
		name   string
		clamd  string
		data   string
		code   errs.Code
		reason Reason
		msg    string
	}{
		{"clean", addr, big, "", "", ""},
		{"found", addr, big + "TROJAN-SAMPLE", errs.Invalid, ReasonMalware, "Win.Trojan.Agent-123"},
		{"clamd error fails closed", addr, "BROKEN", errs.Unavailable, ReasonScanFailed, "ClamAV"},
		{"unreachable fails closed", "unix:" + filepath.Join(t.TempDir(), "none.sock"), "xin chào", errs.Unavailable, ReasonScanFailed, "ClamAV"},
		{"tcp unreachable fails closed", "tcp:127.0.0.1:1", "xin chào", errs.Unavailable, ReasonScanFailed, "ClamAV"},
		{"EICAR caught before clamd", addr, eicarString, errs.Invalid, ReasonMalware, eicarName},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := mustGate(t, Options{Clamd: tt.clamd})
			f, err := env.gate.Accept(context.Background(), "a.txt", strings.NewReader(tt.data))
			if tt.code == "" {
				if err != nil {
					t.Fatal(err)
				}
				if f.Size != int64(len(tt.data)) {
					t.Fatalf("size %d", f.Size)
				}
				return
			}
			if errs.CodeOf(err) != tt.code || ReasonOf(err) != tt.reason || !strings.Contains(errs.As(err).Msg.VI, tt.msg) {
				t.Fatalf("err = %v, want %s/%s with %q", err, tt.code, tt.reason, tt.msg)
			}
			if countFiles(t, env.tmp)+countFiles(t, env.dir) != 0 {
				t.Fatal("files left behind")
			}
		})
	}
	if _, err := New(Options{Clamd: "http://x"}); err == nil {
		t.Fatal("bad clamd address accepted")
	}
}

func TestParseClamdReply(t *testing.T) {
	for reply, want := range map[string]string{
		"stream: OK\x00":                     "",
		"stream: Eicar-Test-Signature FOUND": "Eicar-Test-Signature",
		"1: stream: Some.Virus FOUND\n":      "Some.Virus",
	} {
		got, err := parseClamdReply(reply)
		if err != nil || got != want {
			t.Errorf("parse(%q) = %q, %v", reply, got, err)
		}
	}
	if _, err := parseClamdReply("Can't allocate memory ERROR"); err == nil {
		t.Error("error reply not an error")
	}
}

// TestClamdReal scans EICAR with a real clamd when one and its signature
// database are installed.
func TestClamdReal(t *testing.T) {
	bin := "/usr/sbin/clamd"
	db, _ := filepath.Glob("/var/lib/clamav/*.c[lv]d")
	if _, err := os.Stat(bin); err != nil || len(db) == 0 {
		t.Skip("no clamd with a signature database on this machine")
	}
	dir, _ := os.MkdirTemp("", "clamd")
	defer os.RemoveAll(dir)
	sock := filepath.Join(dir, "c.sock")
	conf := filepath.Join(dir, "clamd.conf")
	os.WriteFile(conf, []byte("Foreground yes\nLocalSocket "+sock+"\nDatabaseDirectory /var/lib/clamav\nLogFile "+filepath.Join(dir, "log")+"\n"), 0o600)
	cmd := exec.Command(bin, "-c", conf)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		if c, err := net.Dial("unix", sock); err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("clamd did not start")
		}
		time.Sleep(500 * time.Millisecond)
	}
	name, err := clamdScan(context.Background(), "unix:"+sock, strings.NewReader(eicarString))
	if err != nil || !strings.Contains(name, "Eicar") {
		t.Fatalf("real clamd: %q, %v", name, err)
	}
	if name, err := clamdScan(context.Background(), "unix:"+sock, strings.NewReader("xin chào")); err != nil || name != "" {
		t.Fatalf("real clamd clean: %q, %v", name, err)
	}
}
