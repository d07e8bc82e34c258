package app_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"attt/internal/app"
	"attt/internal/config"
	"attt/internal/directory"
	"attt/internal/logs"
	"attt/internal/principal"
)

const durPassword = "Bền-Vững#Sông-Luộc-2026"

// TestLogsSurviveKill9 runs the real attt binary, sends JSON batches over
// HTTP and syslog lines over TCP, kills the process with SIGKILL right
// after the last batch is acknowledged and the lines are durable (its
// metrics say so), restarts it, and finds every event.
func TestLogsSurviveKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	dir := t.TempDir()
	token := prepare(t, dir)
	bin := filepath.Join(t.TempDir(), "attt")
	if out, err := exec.Command("go", "build", "-o", bin, "attt/cmd/attt").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	addr, syslogAddr := freeAddr(t), freeAddr(t)
	run := func() *exec.Cmd {
		cmd := exec.Command(bin, "serve", "--data", dir, "--addr", addr, "--hash-memory-kib", "1024", "--hash-time", "1", "--syslog-tcp", syslogAddr)
		cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		waitUp(t, "http://"+addr)
		return cmd
	}
	first := run()
	const batches, per = 16, 500
	var wg sync.WaitGroup
	errs := make(chan error, batches)
	for b := 0; b < batches; b++ {
		wg.Go(func() { errs <- postBatch("http://"+addr, token, b, per) })
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	const lines = 3000
	sendTCP(t, syslogAddr, lines)
	waitMetric(t, "http://"+addr, "attt_log_events_durable_total", batches*per+lines)
	// Every batch is acknowledged and every line durable: kill -9 at once.
	if err := first.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	first.Wait()

	second := run()
	defer func() { second.Process.Signal(os.Interrupt); second.Wait() }()
	if n := countEvents(t, "http://"+addr, "ben+vung"); n != batches*per {
		t.Fatalf("after kill -9 and a restart %d HTTP events, want %d", n, batches*per)
	}
	if n := countEvents(t, "http://"+addr, "dong+tcp"); n != lines {
		t.Fatalf("after kill -9 and a restart %d TCP lines, want %d", n, lines)
	}
}

// sendTCP writes n RFC 5424 lines to attt's syslog TCP listener.
func sendTCP(t *testing.T, addr string, n int) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(c)
	for i := 0; i < n; i++ {
		fmt.Fprintf(w, "<14>1 2026-11-24T10:00:00+07:00 may-chu kiemtra - - - dòng tcp số %d\n", i)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	c.Close()
}

// waitMetric polls /metrics until the counter name reaches want.
func waitMetric(t *testing.T, base, name string, want int) {
	t.Helper()
	for i := 0; i < 200; i++ {
		res, err := http.Get(base + "/metrics")
		if err == nil {
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			for _, l := range strings.Split(string(body), "\n") {
				if v, ok := strings.CutPrefix(l, name+" "); ok {
					if n, _ := strconv.ParseFloat(v, 64); int(n) >= want {
						return
					}
				}
			}
		}
		time.Sleep(25 * time.Millisecond)
	}
	t.Fatalf("%s did not reach %d", name, want)
}

// prepare migrates the data directory and creates an authority account
// and a token log source, returning the token.
func prepare(t *testing.T, dir string) string {
	t.Helper()
	cfg := config.Default()
	cfg.DataDir = dir
	cfg.HashMemoryKiB, cfg.HashTime = 1024, 1
	ctx := context.Background()
	m, err := app.Open(ctx, cfg, io.Discard, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	root, err := m.EnsureRoot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sys := m.System(ctx, "test")
	if _, err := m.Auth.CreateAccount(sys, directoryInput(root.ID), durPassword); err != nil {
		t.Fatal(err)
	}
	svc := logs.New(m.DB, m.Trail, m.Dir, nil, logs.Options{})
	_, token, err := svc.CreateSource(sys, logs.SourceInput{OrgID: root.ID, Name: "Cổng dịch vụ công", Kind: logs.KindToken})
	if err != nil {
		t.Fatal(err)
	}
	return token
}

func postBatch(base, token string, b, per int) error {
	var body bytes.Buffer
	for i := 0; i < per; i++ {
		fmt.Fprintf(&body, "{\"host\":\"dvc\",\"message\":\"kiểm tra bền vững lô %d số %d\"}\n", b, i)
	}
	req, _ := http.NewRequest("POST", base+"/api/v1/logs", &body)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/x-ndjson")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	var ans struct{ Accepted int }
	if err := json.NewDecoder(res.Body).Decode(&ans); err != nil || res.StatusCode != 200 || ans.Accepted != per {
		return fmt.Errorf("batch %d: status %d, accepted %d, %v", b, res.StatusCode, ans.Accepted, err)
	}
	return nil
}

// countEvents signs in as the authority and counts the test's events.
func countEvents(t *testing.T, base, q string) int {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"login": "chuyen.trach", "password": durPassword})
	res, err := http.Post(base+"/api/v1/login", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var login struct{ Token string }
	json.NewDecoder(res.Body).Decode(&login)
	res.Body.Close()
	req, _ := http.NewRequest("GET", base+"/api/v1/logs?limit=10000&q="+q+"&from=01/01/2000", nil)
	req.Header.Set("Authorization", "Bearer "+login.Token)
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var found struct {
		Events []struct{ Message string }
	}
	if err := json.NewDecoder(res.Body).Decode(&found); err != nil || res.StatusCode != 200 {
		t.Fatalf("search: %d %v", res.StatusCode, err)
	}
	seen := map[string]bool{}
	for _, e := range found.Events {
		seen[e.Message] = true
	}
	return len(seen)
}

func freeAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func waitUp(t *testing.T, base string) {
	t.Helper()
	for i := 0; i < 300; i++ {
		if res, err := http.Get(base + "/healthz"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("attt did not start")
}

func directoryInput(rootID string) directory.PersonInput {
	return directory.PersonInput{Login: "chuyen.trach", FullName: "Lê Chuyên Trách", OrgID: rootID, Roles: []principal.Role{principal.Authority}}
}
