package ingest

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"attt/internal/logs/store"
)

// TestRsyslogForwarding has a real rsyslogd forward local logs (logger
// writing to its log socket, as programs do) to attt over TCP, once as
// RFC 5424 with octet counting and once in RSYSLOG_ForwardFormat with LF
// framing.
func TestRsyslogForwarding(t *testing.T) {
	if _, err := exec.LookPath("rsyslogd"); err != nil {
		t.Skip("rsyslogd not installed (.ci/run installs it)")
	}
	r := start(t, Options{TCP: "127.0.0.1:0"})
	_, attt, _ := net.SplitHostPort(r.ls.TCP.Addr().String())
	dir := t.TempDir()
	sock := filepath.Join(dir, "log.sock")
	conf := fmt.Sprintf(`global(workDirectory="%[1]s")
module(load="imuxsock" SysSock.Use="off")
input(type="imuxsock" Socket="%[2]s" CreatePath="on")
action(type="omfwd" target="127.0.0.1" port="%[3]s" protocol="tcp" template="RSYSLOG_SyslogProtocol23Format" TCP_Framing="octet-counted")
action(type="omfwd" target="127.0.0.1" port="%[3]s" protocol="tcp" template="RSYSLOG_ForwardFormat")
`, dir, sock, attt)
	cf := filepath.Join(dir, "rsyslog.conf")
	if err := os.WriteFile(cf, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("rsyslogd", "-n", "-f", cf, "-i", filepath.Join(dir, "rsyslogd.pid"))
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	deadline := time.Now().Add(10 * time.Second)
	for {
		// rsyslogd takes a moment to bind: send until both copies arrive.
		if _, err := os.Stat(sock); err == nil {
			if out, err := exec.Command("logger", "-u", sock, "-t", "chuyentiep",
				"Failed password for invalid user admin from 192.0.2.44 port 50022 ssh2").CombinedOutput(); err != nil {
				t.Fatalf("logger: %v %s", err, out)
			}
		}
		res, err := r.st.Search(t.Context(), store.Query{AllOrgs: true, Apps: []string{"chuyentiep"}})
		if err != nil {
			t.Fatal(err)
		}
		formats := map[string]bool{}
		for _, e := range res.Events {
			if e.ParseError != "" {
				t.Fatalf("forwarded line not parsed: %q: %s", e.Raw, e.ParseError)
			}
			formats[e.Format] = true
		}
		if formats["rfc5424"] && formats["rfc3164"] {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("rsyslog forwarding: got formats %v from %d events", formats, len(res.Events))
		}
		time.Sleep(200 * time.Millisecond)
	}
}
