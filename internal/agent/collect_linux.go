//go:build linux

package agent

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"attt/internal/asset/agentwire"
)

// platform collects on Linux: /etc/os-release, the dpkg and rpm databases,
// ClamAV, /proc/net routes.
type platform struct{}

func (platform) osInfo() (string, string) {
	data, err := os.ReadFile("/etc/os-release")
	if err != nil {
		data, _ = os.ReadFile("/usr/lib/os-release")
	}
	name, version := ParseOSRelease(data)
	if name == "" {
		name = "Linux"
	}
	return name, version
}

func (platform) software(ctx context.Context) ([]agentwire.Package, error) {
	var out []agentwire.Package
	var errs []error
	if f, err := os.Open("/var/lib/dpkg/status"); err == nil {
		pkgs, err := ParseDpkgStatus(f)
		f.Close()
		out = append(out, pkgs...)
		errs = append(errs, err)
	}
	if _, err := os.Stat("/var/lib/rpm"); err == nil {
		if path, err := exec.LookPath("rpm"); err == nil {
			ctx, cancel := context.WithTimeout(ctx, time.Minute)
			defer cancel()
			raw, err := exec.CommandContext(ctx, path, "-qa", "--queryformat", `%{NAME}\t%{VERSION}-%{RELEASE}\t%{VENDOR}\n`).Output()
			errs = append(errs, err)
			out = append(out, ParseRPMQuery(bytes.NewReader(raw))...)
		}
	}
	return dedupe(out), errors.Join(errs...)
}

// antivirus reports ClamAV: installed when clamd or clamscan is present,
// running when a clamd process exists, signatures dated by the newest
// daily database header.
func (platform) antivirus(context.Context) (*agentwire.Antivirus, error) {
	_, errd := exec.LookPath("clamd")
	_, errs := exec.LookPath("clamscan")
	if errd != nil && errs != nil {
		return &agentwire.Antivirus{}, nil
	}
	av := &agentwire.Antivirus{Product: "ClamAV", Installed: true, Running: processRunning("clamd")}
	for _, name := range []string{"daily.cld", "daily.cvd"} {
		f, err := os.Open(filepath.Join("/var/lib/clamav", name))
		if err != nil {
			continue
		}
		head := make([]byte, 512)
		n, _ := f.Read(head)
		f.Close()
		if t, ok := ParseCVDTime(head[:n]); ok && t.After(av.SignaturesAt) {
			av.SignaturesAt = t.UTC()
		}
	}
	return av, nil
}

// processRunning looks for a process by its command name in /proc.
func processRunning(name string) bool {
	matches, _ := filepath.Glob("/proc/[0-9]*/comm")
	for _, m := range matches {
		if b, err := os.ReadFile(m); err == nil && string(bytes.TrimSpace(b)) == name {
			return true
		}
	}
	return false
}

func (platform) network() agentwire.Network {
	n := agentwire.Network{Checked: true}
	if data, err := os.ReadFile("/proc/net/route"); err == nil {
		n.Route, n.Detail = ParseProcRoute(data, false)
	}
	if !n.Route {
		if data, err := os.ReadFile("/proc/net/ipv6_route"); err == nil {
			n.Route, n.Detail = ParseProcRoute(data, true)
		}
	}
	if n.Route {
		n.Detail = "default route via " + n.Detail
	} else {
		n.Detail = "no default route"
	}
	return n
}
