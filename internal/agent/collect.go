package agent

import (
	"context"
	"net"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"attt/internal/asset/agentwire"
)

// Version is the agent's protocol and build version.
const Version = "1"

// CollectOptions say where optional facts come from.
type CollectOptions struct {
	// BackupMarker is a file the backup job writes (or touches) after each
	// successful backup: its first line is the time, else its mtime.
	BackupMarker string
	// BackupLog is a backup tool's log: the latest line reporting a
	// success (BackupMatch, DefaultBackupMatch when nil) gives the time.
	BackupLog   string
	BackupMatch *regexp.Regexp
	// Now is the clock (time.Now when nil).
	Now func() time.Time
}

// Collect gathers what the agent reports about this host. What cannot be
// read is named in Report.Problems rather than failing the report.
func Collect(ctx context.Context, o CollectOptions) *agentwire.Report {
	now := time.Now
	if o.Now != nil {
		now = o.Now
	}
	r := &agentwire.Report{AgentVersion: Version, CollectedAt: now().UTC().Truncate(time.Second)}
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "unknown"
		r.Problems = append(r.Problems, "hostname: "+errText(err))
	}
	r.Hostname = clip(strings.ToLower(host))
	r.Addresses, r.MACs = interfaces()
	p := platform{}
	r.OS, r.OSVersion = p.osInfo()
	if r.Software, err = p.software(ctx); err != nil {
		r.Problems = append(r.Problems, "software: "+errText(err))
	}
	if r.Antivirus, err = p.antivirus(ctx); err != nil {
		r.Problems = append(r.Problems, "antivirus: "+errText(err))
	}
	r.Network = p.network()
	if o.BackupMarker != "" {
		r.Backup = backupMarker(o.BackupMarker, &r.Problems)
	}
	if o.BackupLog != "" {
		if b := backupFromLog(o.BackupLog, o.BackupMatch, &r.Problems); b != nil && (r.Backup == nil || b.LastBackupAt.After(r.Backup.LastBackupAt)) {
			r.Backup = b
		}
	}
	return r
}

// interfaces lists the host's unicast addresses and hardware addresses,
// loopback left out.
func interfaces() (addrs, macs []string) {
	addrs, macs = []string{}, []string{}
	ifs, err := net.Interfaces()
	if err != nil {
		return addrs, macs
	}
	for _, ifc := range ifs {
		if ifc.Flags&net.FlagLoopback != 0 {
			continue
		}
		if len(ifc.HardwareAddr) == 6 && !slices.Contains(macs, ifc.HardwareAddr.String()) {
			macs = append(macs, ifc.HardwareAddr.String())
		}
		list, err := ifc.Addrs()
		if err != nil {
			continue
		}
		for _, a := range list {
			if ipn, ok := a.(*net.IPNet); ok && !ipn.IP.IsLoopback() && !slices.Contains(addrs, ipn.IP.String()) {
				addrs = append(addrs, ipn.IP.String())
			}
		}
	}
	sort.Strings(addrs)
	sort.Strings(macs)
	if len(addrs) > agentwire.MaxAddresses {
		addrs = addrs[:agentwire.MaxAddresses]
	}
	if len(macs) > agentwire.MaxAddresses {
		macs = macs[:agentwire.MaxAddresses]
	}
	return addrs, macs
}

// backupMarker reads the configured backup marker file.
func backupMarker(path string, problems *[]string) *agentwire.Backup {
	fi, err := os.Stat(path)
	if err != nil {
		*problems = append(*problems, "backup marker: "+errText(err))
		return nil
	}
	f, err := os.Open(path)
	if err != nil {
		*problems = append(*problems, "backup marker: "+errText(err))
		return nil
	}
	defer f.Close()
	head := make([]byte, 256)
	n, _ := f.Read(head)
	t := ParseMarker(head[:n], fi.ModTime())
	return &agentwire.Backup{LastBackupAt: t.UTC().Truncate(time.Second), Source: clip("marker " + path)}
}

func errText(err error) string {
	if err == nil {
		return "empty"
	}
	return clip(err.Error())
}
