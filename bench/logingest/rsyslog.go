package main

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// runRsyslog starts rsyslogd with a TCP input writing every message to a
// plain file, sends it the same stream, and times from the sender's start
// until the file holds every line.
func runRsyslog(o options) (float64, error) {
	if err := ensureRsyslog(); err != nil {
		return 0, err
	}
	dir, err := os.MkdirTemp("", "logingest-rsyslog-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(dir)
	port, err := freePort()
	if err != nil {
		return 0, err
	}
	out := filepath.Join(dir, "out.log")
	conf := fmt.Sprintf(`global(workDirectory="%s")
module(load="imtcp" MaxSessions="100")
input(type="imtcp" address="127.0.0.1" port="%d")
template(name="raw" type="string" string="%%rawmsg%%\n")
action(type="omfile" file="%s" template="raw")
`, dir, port, out)
	cf := filepath.Join(dir, "rsyslog.conf")
	if err := os.WriteFile(cf, []byte(conf), 0o600); err != nil {
		return 0, err
	}
	cmd := exec.Command("rsyslogd", "-n", "-f", cf, "-i", filepath.Join(dir, "rsyslogd.pid"))
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	if err := waitPort(addr); err != nil {
		return 0, err
	}
	start := time.Now()
	if err := startSender(addr, o); err != nil {
		return 0, err
	}
	var c lineCounter
	for lines := 0; lines < o.n; {
		time.Sleep(20 * time.Millisecond)
		if lines, err = c.count(out); err != nil && !os.IsNotExist(err) {
			return 0, err
		}
		if time.Since(start) > 10*time.Minute {
			return 0, fmt.Errorf("rsyslog wrote %d of %d lines in 10 minutes", lines, o.n)
		}
	}
	return time.Since(start).Seconds(), nil
}

// ensureRsyslog installs the Debian package when rsyslogd is missing.
func ensureRsyslog() error {
	if _, err := exec.LookPath("rsyslogd"); err == nil {
		return nil
	}
	cmd := exec.Command("apt-get", "install", "-y", "-q", "--no-install-recommends", "rsyslog")
	cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("apt-get install rsyslog: %w", err)
	}
	return nil
}

func rsyslogVersion() string {
	out, err := exec.Command("rsyslogd", "-v").Output()
	if err != nil {
		return ""
	}
	f := strings.Fields(string(out))
	if len(f) > 1 {
		return f[1]
	}
	return ""
}

// lineCounter counts the lines of a growing file, reading only what was
// added since the last call.
type lineCounter struct {
	off   int64
	lines int
	buf   []byte
}

func (c *lineCounter) count(path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return c.lines, err
	}
	defer f.Close()
	if c.buf == nil {
		c.buf = make([]byte, 1<<20)
	}
	for {
		n, err := f.ReadAt(c.buf, c.off)
		c.lines += bytes.Count(c.buf[:n], []byte{'\n'})
		c.off += int64(n)
		if err != nil || n == 0 {
			return c.lines, nil
		}
	}
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func waitPort(addr string) error {
	for i := 0; i < 200; i++ {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return nil
		}
		time.Sleep(25 * time.Millisecond)
	}
	return fmt.Errorf("rsyslogd did not listen on %s", addr)
}
