package main

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"attt/internal/asset"
	"attt/internal/directory"
	"attt/internal/testutil/e2e"
)

// TestAgentReportsThisMachine builds attt, enrols this machine with a
// one-time token and runs `attt agent --once` as a separate process against
// an attt on loopback; the asset must then hold this machine's Debian
// packages as dpkg lists them.
func TestAgentReportsThisMachine(t *testing.T) {
	want := installedDebs(t)
	bin := filepath.Join(t.TempDir(), "attt")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	t.Run("sqlite", func(t *testing.T) { agentAgainst(t, e2e.Start(t, e2e.Options{}), bin, want) })
	t.Run("postgres", func(t *testing.T) { agentAgainst(t, e2e.Start(t, e2e.Options{Postgres: true}), bin, want) })
}

// agentAgainst enrols this machine with attt in and runs the agent twice.
func agentAgainst(t *testing.T, in *e2e.Instance, bin string, want map[string]string) {
	sys := in.System()
	org := in.Org(t, "STC", "Sở Tài chính", directory.TypeDepartment, "")
	enr, err := in.Main.Assets.CreateEnrolment(sys, asset.EnrolmentInput{OrgID: org.ID, Label: "máy thử"})
	if err != nil {
		t.Fatal(err)
	}
	state := filepath.Join(t.TempDir(), "state.json")
	marker := filepath.Join(t.TempDir(), "backup.ok")
	if err := os.WriteFile(marker, []byte(time.Now().UTC().Add(-time.Hour).Format(time.RFC3339)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	agentRun := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(bin, append([]string{"agent", "--server", in.URL, "--state", state, "--once", "--backup-marker", marker}, args...)...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("attt agent: %v\n%s", err, out)
		}
		return string(out)
	}
	agentRun("--token", enr.Token)
	// The token is used up; the second run uses the saved identity.
	agentRun("--token", enr.Token)

	host, _ := os.Hostname()
	list, err := in.Main.Assets.List(sys, asset.Filter{OrgID: org.ID})
	if err != nil || len(list) != 1 || list[0].Name != strings.ToLower(host) || list[0].LastSeenAt.IsZero() || !list[0].HasAgent {
		t.Fatalf("assets after the agent ran: %+v, %v", list, err)
	}
	a := list[0]
	if a.OS == "" || len(a.Addresses) == 0 {
		t.Errorf("host facts missing: %+v", a)
	}
	sw, err := in.Main.Assets.SoftwareOf(sys, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, p := range sw {
		got[p.Name] = p.Version
	}
	if len(got) != len(want) {
		t.Errorf("%d packages stored, dpkg lists %d", len(got), len(want))
	}
	for name, version := range want {
		if got[name] != version {
			t.Errorf("package %s: stored %q, dpkg says %q", name, got[name], version)
			break
		}
	}
	cs, err := in.Main.Assets.Controls(sys, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if c.Kind == asset.CtlAntivirus && c.Source != asset.SourceAgent {
			t.Errorf("antivirus not from the agent: %+v", c)
		}
		if c.Kind == asset.CtlBackup && (c.Source != asset.SourceAgent || c.LastBackupAt.IsZero()) {
			t.Errorf("backup marker not reported: %+v", c)
		}
	}
	agents, _ := in.Main.Assets.ListAgents(sys, org.ID)
	if len(agents) != 1 || agents[0].LastReportAt.IsZero() {
		t.Errorf("agents %+v", agents)
	}
}

// installedDebs reads this machine's dpkg database the plain way: the
// packages whose status is "install ok installed", by name (one version
// per name is enough on a test machine).
func installedDebs(t *testing.T) map[string]string {
	f, err := os.Open("/var/lib/dpkg/status")
	if err != nil {
		t.Skip("no dpkg database on this machine")
	}
	defer f.Close()
	out := map[string]string{}
	var name, version, status string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "":
			if status == "install ok installed" {
				out[name] = version
			}
			name, version, status = "", "", ""
		case strings.HasPrefix(line, "Package: "):
			name = strings.TrimPrefix(line, "Package: ")
		case strings.HasPrefix(line, "Version: "):
			version = strings.TrimPrefix(line, "Version: ")
		case strings.HasPrefix(line, "Status: "):
			status = strings.TrimPrefix(line, "Status: ")
		}
	}
	if status == "install ok installed" {
		out[name] = version
	}
	if len(out) == 0 {
		t.Skip("dpkg lists no installed package")
	}
	return out
}
