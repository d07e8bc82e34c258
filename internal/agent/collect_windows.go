//go:build windows

package agent

import (
	"context"
	"errors"
	"net"
	"os/exec"
	"time"

	"golang.org/x/sys/windows/registry"

	"attt/internal/asset/agentwire"
)

// platform collects on Windows: the registry's CurrentVersion and
// Uninstall keys, Windows Security Center and Defender through PowerShell's
// Get-CimInstance / Get-MpComputerStatus, and a routing-table lookup.
type platform struct{}

func (platform) osInfo() (string, string) {
	k, err := registry.OpenKey(registry.LOCAL_MACHINE, `SOFTWARE\Microsoft\Windows NT\CurrentVersion`, registry.QUERY_VALUE)
	if err != nil {
		return "Windows", ""
	}
	defer k.Close()
	name, _, _ := k.GetStringValue("ProductName")
	build, _, _ := k.GetStringValue("CurrentBuild")
	display, _, _ := k.GetStringValue("DisplayVersion")
	if name == "" {
		name = "Windows"
	}
	version := build
	if display != "" {
		version = display + " (" + build + ")"
	}
	return clip(name), clip(version)
}

// uninstallRoots are the keys installed programs register under.
var uninstallRoots = []struct {
	root registry.Key
	path string
}{
	{registry.LOCAL_MACHINE, `SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall`},
	{registry.LOCAL_MACHINE, `SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall`},
	{registry.CURRENT_USER, `SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall`},
}

func (platform) software(context.Context) ([]agentwire.Package, error) {
	var entries []UninstallEntry
	var errs []error
	for _, u := range uninstallRoots {
		k, err := registry.OpenKey(u.root, u.path, registry.ENUMERATE_SUB_KEYS)
		if err != nil {
			continue
		}
		names, err := k.ReadSubKeyNames(-1)
		k.Close()
		errs = append(errs, err)
		for _, n := range names {
			if e, ok := readUninstall(u.root, u.path+`\`+n); ok {
				entries = append(entries, e)
			}
		}
	}
	return SoftwareFromUninstall(entries), errors.Join(errs...)
}

func readUninstall(root registry.Key, path string) (UninstallEntry, bool) {
	k, err := registry.OpenKey(root, path, registry.QUERY_VALUE)
	if err != nil {
		return UninstallEntry{}, false
	}
	defer k.Close()
	var e UninstallEntry
	e.DisplayName, _, _ = k.GetStringValue("DisplayName")
	e.DisplayVersion, _, _ = k.GetStringValue("DisplayVersion")
	e.Publisher, _, _ = k.GetStringValue("Publisher")
	e.ParentKeyName, _, _ = k.GetStringValue("ParentKeyName")
	e.ReleaseType, _, _ = k.GetStringValue("ReleaseType")
	e.SystemComponent, _, _ = k.GetIntegerValue("SystemComponent")
	return e, true
}

func powershell(ctx context.Context, script string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	return exec.CommandContext(ctx, "powershell.exe", "-NoProfile", "-NonInteractive", "-Command", script).Output()
}

// antivirus asks Windows Security Center for the registered product, and
// Defender for its signature date when Defender is the one in use.
func (platform) antivirus(ctx context.Context) (*agentwire.Antivirus, error) {
	out, err := powershell(ctx, `Get-CimInstance -Namespace root/SecurityCenter2 -ClassName AntiVirusProduct | Select-Object displayName,productState,timestamp | ConvertTo-Json`)
	if err != nil {
		return nil, err
	}
	av, err := ParseSecurityCenter(out)
	if err != nil {
		return nil, err
	}
	if av.Product == "" || av.Product == "Windows Defender" || av.Product == "Microsoft Defender Antivirus" {
		if out, err := powershell(ctx, `Get-MpComputerStatus | Select-Object AMServiceEnabled,AntivirusEnabled,AntivirusSignatureLastUpdated | ConvertTo-Json`); err == nil {
			if running, sig, err := ParseDefenderStatus(out); err == nil {
				if av.Product == "" {
					av.Product, av.Installed = "Microsoft Defender Antivirus", true
				}
				av.Running, av.SignaturesAt = running, sig
			}
		}
	}
	return av, nil
}

// network asks the routing table for a route to a public address: a UDP
// "dial" sends nothing but fails when no route exists.
func (platform) network() agentwire.Network {
	c, err := net.Dial("udp", "192.0.2.1:9")
	if err != nil {
		return agentwire.Network{Checked: true, Detail: "no route"}
	}
	defer c.Close()
	return agentwire.Network{Checked: true, Route: true, Detail: "route from " + c.LocalAddr().String()}
}
