package agent

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// fakeRoot lays out files under a temporary root: paths ending in "/comm"
// are process names, others are files with the given content.
func fakeRoot(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, content := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func TestDetectAV(t *testing.T) {
	none := detectAV(fakeRoot(t, map[string]string{"proc/1/comm": "systemd\n"}))
	if none.Installed || none.Product != "" {
		t.Fatalf("no antivirus: %+v", none)
	}
	clam := detectAV(fakeRoot(t, map[string]string{
		"usr/bin/clamscan":         "",
		"var/lib/clamav/daily.cvd": "ClamAV-VDB:24 Nov 2026 07-51 +0000:27470:2076212:90:sig:x",
	}))
	want := time.Date(2026, 11, 24, 7, 51, 0, 0, time.UTC)
	if clam.Product != "ClamAV" || !clam.Installed || clam.Running || !clam.SignaturesAt.Equal(want) {
		t.Fatalf("ClamAV installed, not running: %+v", clam)
	}
	// A running product wins over one merely installed.
	mde := detectAV(fakeRoot(t, map[string]string{"usr/bin/clamscan": "", "proc/42/comm": "wdavdaemon\n", "proc/7/comm": "sshd\n"}))
	if mde.Product != "Microsoft Defender for Endpoint" || !mde.Running || !mde.Installed {
		t.Fatalf("Defender running: %+v", mde)
	}
	kesl := detectAV(fakeRoot(t, map[string]string{"opt/kaspersky/kesl/bin/kesl-control": ""}))
	if kesl.Product != "Kaspersky Endpoint Security for Linux" || !kesl.Installed || kesl.Running {
		t.Fatalf("KESL installed: %+v", kesl)
	}
}
