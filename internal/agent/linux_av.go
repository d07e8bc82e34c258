package agent

import (
	"bytes"
	"os"
	"path/filepath"
	"time"

	"attt/internal/asset/agentwire"
)

// linuxAV is an antivirus product for Linux as the agent recognises it:
// the files its installation leaves and the names of its daemons.
type linuxAV struct {
	product   string
	files     []string
	daemons   []string
	signature func(root string) time.Time
}

// linuxAVs are the products looked for, in order; ClamAV's signature date
// is read from its database, other products' are left for the officer
// to declare.
func linuxAVs() []linuxAV {
	return []linuxAV{
		{"ClamAV", []string{"/usr/sbin/clamd", "/usr/bin/clamscan"}, []string{"clamd"}, clamSignatures},
		{"Microsoft Defender for Endpoint", []string{"/opt/microsoft/mdatp/sbin/wdavdaemon"}, []string{"wdavdaemon"}, nil},
		{"Kaspersky Endpoint Security for Linux", []string{"/opt/kaspersky/kesl/bin/kesl-control"}, []string{"kesl"}, nil},
		{"Trend Micro Deep Security Agent", []string{"/opt/ds_agent/ds_agent"}, []string{"ds_agent"}, nil},
		{"Sophos Anti-Virus", []string{"/opt/sophos-av/bin/savdstatus"}, []string{"savd"}, nil},
	}
}

// detectAV finds the antivirus of the machine whose file system is at root
// ("/" on a real machine): a product counts as installed when one of its
// files exists or one of its daemons runs; a running one wins over one
// merely installed. An empty Antivirus means none was found.
func detectAV(root string) *agentwire.Antivirus {
	running := runningCommands(root)
	var found *agentwire.Antivirus
	for _, p := range linuxAVs() {
		av := agentwire.Antivirus{Product: p.product}
		for _, d := range p.daemons {
			av.Running = av.Running || running[d]
		}
		for _, f := range p.files {
			if _, err := os.Stat(filepath.Join(root, f)); err == nil {
				av.Installed = true
			}
		}
		av.Installed = av.Installed || av.Running
		if !av.Installed || (found != nil && (found.Running || !av.Running)) {
			continue
		}
		if p.signature != nil {
			av.SignaturesAt = p.signature(root)
		}
		found = &av
	}
	if found == nil {
		return &agentwire.Antivirus{}
	}
	return found
}

// runningCommands are the command names of the processes under root/proc.
func runningCommands(root string) map[string]bool {
	out := map[string]bool{}
	matches, _ := filepath.Glob(filepath.Join(root, "proc/[0-9]*/comm"))
	for _, m := range matches {
		if b, err := os.ReadFile(m); err == nil {
			out[string(bytes.TrimSpace(b))] = true
		}
	}
	return out
}

// clamSignatures dates ClamAV's signatures by the newest daily database
// header.
func clamSignatures(root string) time.Time {
	var newest time.Time
	for _, name := range []string{"daily.cld", "daily.cvd"} {
		f, err := os.Open(filepath.Join(root, "var/lib/clamav", name))
		if err != nil {
			continue
		}
		head := make([]byte, 512)
		n, _ := f.Read(head)
		f.Close()
		if t, ok := ParseCVDTime(head[:n]); ok && t.After(newest) {
			newest = t.UTC()
		}
	}
	return newest
}
