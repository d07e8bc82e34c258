//go:build linux

package agent

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
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

// antivirus reports the machine's antivirus (see detectAV).
func (platform) antivirus(context.Context) (*agentwire.Antivirus, error) {
	return detectAV("/"), nil
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
