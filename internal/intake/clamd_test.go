package intake

import (
	"context"
	"encoding/hex"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"attt/internal/errs"
)

// TestClamd runs the gate against the real clamd: clean and infected files
// over several INSTREAM chunks, clamd's own error (a stream over its
// StreamMaxLength) and an unreachable daemon both fail closed.
func TestClamd(t *testing.T) {
	addr := startClamd(t)
	big := strings.Repeat("Nhật ký hệ thống bình thường.\n", 10000)                // several chunks
	tooBig := strings.Repeat("Dữ liệu dài vượt giới hạn quét của clamd.\n", 40000) // over StreamMaxLength 1M
	tests := []struct {
		name   string
		clamd  string
		data   string
		code   errs.Code
		reason Reason
		msg    string
	}{
		{"clean", addr, big, "", "", ""},
		{"found", addr, big + testMarker, errs.Invalid, ReasonMalware, "Attt.Test.Marker"},
		{"clamd error fails closed", addr, tooBig, errs.Unavailable, ReasonScanFailed, "ClamAV"},
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

// testMarker is a harmless string that the test's own ClamAV signature
// names "Attt.Test.Marker".
const testMarker = "ATTT-CLAMD-TEST-MARKER: chuoi thu nghiem khong doc hai"

// startClamd runs the real clamd (Debian's clamav-daemon) on a private
// socket with a signature database written here: the official databases
// cannot be downloaded on an isolated machine, but clamd loads any valid
// signature file, so the daemon, its INSTREAM protocol and its verdicts
// are real. It skips when clamd is not installed.
func startClamd(t *testing.T) string {
	t.Helper()
	bin := "/usr/sbin/clamd"
	if _, err := os.Stat(bin); err != nil {
		t.Skip("clamd is not installed (apt-get install clamav-daemon)")
	}
	dir, err := os.MkdirTemp("", "clamd") // short path: unix socket names are limited
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	sigs := "Attt.Test.Marker:0:*:" + hex.EncodeToString([]byte(testMarker)) + "\n" +
		"Attt.Test.EICAR:0:*:" + hex.EncodeToString([]byte(eicarString)) + "\n"
	if err := os.WriteFile(filepath.Join(dir, "attt-test.ndb"), []byte(sigs), 0o644); err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(dir, "clamd.sock")
	conf := filepath.Join(dir, "clamd.conf")
	if err := os.WriteFile(conf, []byte("Foreground yes\nLocalSocket "+sock+"\nDatabaseDirectory "+dir+
		"\nStreamMaxLength 1M\nLogFile "+filepath.Join(dir, "clamd.log")+"\nPidFile "+filepath.Join(dir, "clamd.pid")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-c", conf)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	deadline := time.Now().Add(time.Minute)
	for {
		if c, err := net.Dial("unix", sock); err == nil {
			c.Close()
			return "unix:" + sock
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(filepath.Join(dir, "clamd.log"))
			t.Fatalf("clamd did not start: %s", log)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
