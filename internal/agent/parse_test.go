package agent

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

func read(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestParseDpkgStatus(t *testing.T) {
	pkgs, err := ParseDpkgStatus(bytes.NewReader(read(t, "dpkg-status")))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range pkgs {
		names = append(names, p.Name+"="+p.Version)
	}
	// telnetd was removed (config files only); libc6 twice (two
	// architectures) is one package.
	want := []string{"libc6=2.36-9+deb12u7", "openssh-server=1:9.2p1-2+deb12u3", "zalo=24.8.5"}
	if !slices.Equal(names, want) {
		t.Errorf("packages %v, want %v", names, want)
	}
	if pkgs[1].Publisher != "Debian OpenSSH Maintainers <debian-ssh@lists.debian.org>" {
		t.Errorf("maintainer %q", pkgs[1].Publisher)
	}
}

func TestParseRPMQuery(t *testing.T) {
	pkgs := ParseRPMQuery(bytes.NewReader([]byte("bash\t5.1.8-9.el9\tRed Hat, Inc.\nkernel\t5.14.0-427.el9\t(none)\n\nbroken\n")))
	if len(pkgs) != 2 || pkgs[0].Name != "bash" || pkgs[0].Publisher != "Red Hat, Inc." || pkgs[1].Publisher != "" {
		t.Errorf("rpm %+v", pkgs)
	}
}

func TestParseOSReleaseRouteCVDMarker(t *testing.T) {
	if name, v := ParseOSRelease(read(t, "os-release")); name != "Debian GNU/Linux" || v != "12" {
		t.Errorf("os-release %q %q", name, v)
	}
	if ok, ifc := ParseProcRoute(read(t, "proc-route"), false); !ok || ifc != "eth0" {
		t.Errorf("route %v %q", ok, ifc)
	}
	if ok, _ := ParseProcRoute(read(t, "proc-route-none"), false); ok {
		t.Error("a table without a default route has one")
	}
	v6 := "00000000000000000000000000000000 00 00000000000000000000000000000000 00 fe800000000000000000000000000001 00000400 00000001 00000000 00000003 eth0\n"
	if ok, ifc := ParseProcRoute([]byte(v6), true); !ok || ifc != "eth0" {
		t.Errorf("v6 route %v %q", ok, ifc)
	}
	at, ok := ParseCVDTime(read(t, "daily.cvd-header"))
	if !ok || !at.Equal(time.Date(2026, 11, 24, 8, 27, 0, 0, time.UTC)) {
		t.Errorf("cvd time %v %v", at, ok)
	}
	mtime := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for in, want := range map[string]time.Time{
		"2026-11-23T22:00:00+07:00\nok": time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC),
		"1763950800":                    time.Unix(1763950800, 0),
		"":                              mtime,
		"sao lưu xong":                  mtime,
	} {
		if got := ParseMarker([]byte(in), mtime); !got.Equal(want) {
			t.Errorf("marker %q: %v, want %v", in, got, want)
		}
	}
}

// TestWindowsRecorded reads registry and WMI answers recorded on Windows
// machines of an agency.
func TestWindowsRecorded(t *testing.T) {
	var entries []UninstallEntry
	if err := json.Unmarshal(read(t, "uninstall.json"), &entries); err != nil {
		t.Fatal(err)
	}
	pkgs := SoftwareFromUninstall(entries)
	var names []string
	for _, p := range pkgs {
		names = append(names, p.Name)
	}
	want := []string{"BKAV Pro Internet Security", "Bộ gõ Unikey", "Google Chrome", "Microsoft Office Professional Plus 2019 - vi-vn",
		"Microsoft Visual C++ 2015-2022 Redistributable (x64) - 14.40.33810", "UltraViewer version 6.6.106"}
	if !slices.Equal(names, want) {
		t.Errorf("software %q", names)
	}

	av, err := ParseSecurityCenter(read(t, "securitycenter.json"))
	if err != nil {
		t.Fatal(err)
	}
	// Defender is registered but off (BKAV took over); BKAV is on and current.
	if av.Product != "BKAV Pro Internet Security" || !av.Running || !av.Installed ||
		!av.SignaturesAt.Equal(time.Date(2026, 11, 23, 23, 5, 12, 0, time.UTC)) {
		t.Errorf("security center %+v", av)
	}
	av, err = ParseSecurityCenter(read(t, "securitycenter-one.json"))
	if err != nil || av.Product != "Kaspersky Endpoint Security for Windows" || !av.Running || !av.SignaturesAt.IsZero() {
		t.Errorf("one product, out of date: %+v %v", av, err)
	}
	if av, err := ParseSecurityCenter(nil); err != nil || av.Installed {
		t.Errorf("no product: %+v %v", av, err)
	}
	running, sig, err := ParseDefenderStatus(read(t, "defender.json"))
	if err != nil || !running || !sig.Equal(time.UnixMilli(1763950800000).UTC()) {
		t.Errorf("defender %v %v %v", running, sig, err)
	}
	running, sig, err = ParseDefenderStatus([]byte(`{"AMServiceEnabled":true,"AntivirusEnabled":false,"AntivirusSignatureLastUpdated":"2026-11-20T01:00:00+07:00"}`))
	if err != nil || running || sig.IsZero() {
		t.Errorf("defender (PowerShell 7) %v %v %v", running, sig, err)
	}
}

func FuzzParseDpkgStatus(f *testing.F) {
	f.Add(read(f, "dpkg-status"))
	f.Add([]byte("Package: a\nStatus: install ok installed\nVersion: 1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		pkgs, _ := ParseDpkgStatus(bytes.NewReader(data))
		for i, p := range pkgs {
			if p.Name == "" || len(p.Name) > 512 || (i > 0 && pkgs[i-1].Name > p.Name) {
				t.Fatalf("package %d %+v", i, p)
			}
		}
	})
}

func FuzzParseSecurityCenter(f *testing.F) {
	f.Add(read(f, "securitycenter.json"))
	f.Add(read(f, "securitycenter-one.json"))
	f.Fuzz(func(t *testing.T, data []byte) {
		av, err := ParseSecurityCenter(data)
		if err == nil && av == nil {
			t.Fatal("nil without error")
		}
	})
}

func TestParseBackupLog(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "backup.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ict := time.FixedZone("ICT", 7*3600)
	got, ok := ParseBackupLog(f, nil, ict)
	// The failed job of the 21st and the failed check of the 22nd do not
	// count; the Vietnamese success line of the 22nd does.
	if !ok || !got.Equal(time.Date(2026, 11, 22, 22, 11, 5, 0, ict)) {
		t.Errorf("last success %v %v", got, ok)
	}
	custom := regexp.MustCompile(`started`)
	f.Seek(0, 0)
	if got, ok := ParseBackupLog(f, custom, ict); !ok || got.Day() != 21 {
		t.Errorf("custom match %v %v", got, ok)
	}
	if _, ok := ParseBackupLog(strings.NewReader("nothing\n"), nil, ict); ok {
		t.Error("found a backup in nothing")
	}
}

func FuzzParseBackupLog(f *testing.F) {
	f.Add(read(f, "backup.log"))
	f.Add([]byte("2026-02-30 25:61:61 success\n31/12/2026 23:59:59 completed"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if got, ok := ParseBackupLog(bytes.NewReader(data), nil, time.UTC); ok && got.IsZero() {
			t.Fatal("ok without a time")
		}
	})
}
