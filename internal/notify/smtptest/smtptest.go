// Package smtptest runs the smtpsink program — a real SMTP server on
// github.com/emersion/go-smtp — as a separate process for tests, and reads
// back the messages it stored.
package smtptest

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

var (
	builtMu sync.Mutex
	built   = map[testing.TB]string{}
)

// binary builds smtpsink once per test (into its temporary directory, so
// nothing is left behind; the Go build cache makes later builds a link
// step) and returns its path.
func binary(tb testing.TB) string {
	tb.Helper()
	builtMu.Lock()
	defer builtMu.Unlock()
	if path, ok := built[tb]; ok {
		return path
	}
	path := filepath.Join(tb.TempDir(), "smtpsink")
	out, err := exec.Command("go", "build", "-o", path, "attt/internal/notify/smtptest/smtpsink").CombinedOutput()
	if err != nil {
		tb.Fatalf("smtptest: build smtpsink: %v: %s", err, out)
	}
	built[tb] = path
	tb.Cleanup(func() {
		builtMu.Lock()
		delete(built, tb)
		builtMu.Unlock()
	})
	return path
}

// Sink is a running smtpsink process.
type Sink struct {
	Host string
	Port int
	// Dir holds one .eml file per received message.
	Dir string
	cmd *exec.Cmd
}

// FreePort returns a TCP port on 127.0.0.1 that nothing listens on now.
func FreePort(tb testing.TB) int {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("smtptest: %v", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// Start runs a sink on a free port, stopped when tb ends.
func Start(tb testing.TB) *Sink { return StartOn(tb, 0, tb.TempDir()) }

// StartOn runs a sink on port (0: any free one) storing messages in dir.
func StartOn(tb testing.TB, port int, dir string) *Sink {
	tb.Helper()
	cmd := exec.Command(binary(tb), "-addr", "127.0.0.1:"+strconv.Itoa(port), "-dir", dir)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatalf("smtptest: %v", err)
	}
	if err := cmd.Start(); err != nil {
		tb.Fatalf("smtptest: start: %v", err)
	}
	s := &Sink{Host: "127.0.0.1", Dir: dir, cmd: cmd}
	tb.Cleanup(s.Stop)
	line := make(chan string, 1)
	go func() {
		r := bufio.NewReader(out)
		l, _ := r.ReadString('\n')
		line <- l
		_, _ = io.Copy(io.Discard, r)
	}()
	select {
	case l := <-line:
		_, addr, ok := strings.Cut(strings.TrimSpace(l), "listening ")
		_, p, _ := net.SplitHostPort(addr)
		if s.Port, err = strconv.Atoi(p); !ok || err != nil {
			tb.Fatalf("smtptest: sink did not start: %q", l)
		}
	case <-time.After(20 * time.Second):
		tb.Fatal("smtptest: sink did not start within 20s")
	}
	return s
}

// Stop ends the sink process.
func (s *Sink) Stop() {
	if s.cmd != nil && s.cmd.Process != nil {
		_ = s.cmd.Process.Kill()
		_ = s.cmd.Wait()
		s.cmd = nil
	}
}

// Mail is one received message, decoded.
type Mail struct {
	From    string
	To      []string
	Header  mail.Header
	Subject string
	Body    string
	Raw     []byte
}

// Messages returns what the sink received, in arrival order.
func (s *Sink) Messages(tb testing.TB) []Mail {
	tb.Helper()
	names, err := filepath.Glob(filepath.Join(s.Dir, "*.eml"))
	if err != nil {
		tb.Fatal(err)
	}
	sort.Strings(names)
	var out []Mail
	for _, name := range names {
		raw, err := os.ReadFile(name)
		if err != nil {
			tb.Fatal(err)
		}
		m, err := Parse(raw)
		if err != nil {
			tb.Fatalf("smtptest: %s: %v", name, err)
		}
		out = append(out, m)
	}
	return out
}

// Parse decodes a stored message: RFC 2047 subject, quoted-printable or
// plain body.
func Parse(raw []byte) (Mail, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return Mail{}, err
	}
	m := Mail{Raw: raw, Header: msg.Header, From: msg.Header.Get("X-Sink-From")}
	for _, to := range strings.Split(msg.Header.Get("X-Sink-To"), ",") {
		m.To = append(m.To, strings.TrimSpace(to))
	}
	if m.Subject, err = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject")); err != nil {
		return m, fmt.Errorf("subject: %w", err)
	}
	var body io.Reader = msg.Body
	if strings.EqualFold(msg.Header.Get("Content-Transfer-Encoding"), "quoted-printable") {
		body = quotedprintable.NewReader(body)
	}
	b, err := io.ReadAll(body)
	if err != nil {
		return m, fmt.Errorf("body: %w", err)
	}
	m.Body = string(b)
	return m, nil
}
