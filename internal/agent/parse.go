package agent

import (
	"bufio"
	"bytes"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"attt/internal/asset/agentwire"
)

// ParseDpkgStatus reads a dpkg status database (/var/lib/dpkg/status) and
// returns the packages whose state is "install ok installed". Stanzas are
// separated by blank lines; continuation lines start with a space.
func ParseDpkgStatus(r io.Reader) ([]agentwire.Package, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	var out []agentwire.Package
	var name, version, maint, status string
	flush := func() {
		if clip(name) != "" && strings.HasSuffix(status, " installed") && strings.HasPrefix(status, "install ") {
			out = append(out, agentwire.Package{Name: clip(name), Version: clip(version), Publisher: clip(maint), Source: "dpkg"})
		}
		name, version, maint, status = "", "", "", ""
	}
	for sc.Scan() {
		line := sc.Text()
		if strings.TrimSpace(line) == "" {
			flush()
			continue
		}
		if line[0] == ' ' || line[0] == '\t' {
			continue
		}
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		val = strings.TrimSpace(val)
		switch key {
		case "Package":
			name = val
		case "Version":
			version = val
		case "Maintainer":
			maint = val
		case "Status":
			status = val
		}
	}
	flush()
	return dedupe(out), sc.Err()
}

// ParseRPMQuery reads the output of
// rpm -qa --queryformat '%{NAME}\t%{VERSION}-%{RELEASE}\t%{VENDOR}\n'.
func ParseRPMQuery(r io.Reader) []agentwire.Package {
	var out []agentwire.Package
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) < 2 {
			continue
		}
		p := agentwire.Package{Name: clip(f[0]), Version: clip(f[1]), Source: "rpm"}
		if p.Name == "" {
			continue
		}
		if len(f) > 2 && f[2] != "(none)" {
			p.Publisher = clip(f[2])
		}
		out = append(out, p)
	}
	return dedupe(out)
}

// ParseOSRelease reads /etc/os-release: the NAME and VERSION_ID (or
// VERSION) values, unquoted.
func ParseOSRelease(data []byte) (name, version string) {
	vals := map[string]string{}
	for _, line := range strings.Split(string(data), "\n") {
		k, v, ok := strings.Cut(strings.TrimSpace(line), "=")
		if !ok {
			continue
		}
		if uq, err := strconv.Unquote(v); err == nil {
			v = uq
		} else {
			v = strings.Trim(v, `'"`)
		}
		vals[k] = v
	}
	version = vals["VERSION_ID"]
	if version == "" {
		version = vals["VERSION"]
	}
	return clip(vals["NAME"]), clip(version)
}

// ParseProcRoute reports whether /proc/net/route (or the IPv6 table in
// /proc/net/ipv6_route form when v6 is set) holds a default route, and
// through which interface.
func ParseProcRoute(data []byte, v6 bool) (bool, string) {
	for i, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if v6 {
			// dest(32 hex) dest_len src src_len next_hop metric refcnt use flags iface
			if len(f) >= 10 && f[0] == strings.Repeat("0", 32) && f[1] == "00" && f[9] != "lo" {
				return true, f[9]
			}
			continue
		}
		if i == 0 || len(f) < 4 {
			continue
		}
		flags, err := strconv.ParseUint(f[3], 16, 32)
		if err == nil && f[1] == "00000000" && flags&1 == 1 && f[0] != "lo" {
			return true, f[0]
		}
	}
	return false, ""
}

// ParseCVDTime reads the build time from the 512-byte header of a ClamAV
// database file (daily.cvd / daily.cld): "ClamAV-VDB:24 Nov 2026 08-27 +0000:…".
func ParseCVDTime(header []byte) (time.Time, bool) {
	rest, ok := bytes.CutPrefix(header, []byte("ClamAV-VDB:"))
	if !ok {
		return time.Time{}, false
	}
	field, _, _ := bytes.Cut(rest, []byte(":"))
	t, err := time.Parse("02 Jan 2006 15-04 -0700", string(field))
	return t, err == nil
}

// ParseMarker reads a backup marker file: its first line as an RFC 3339
// time or Unix seconds; an empty or unreadable first line means the
// file's modification time, mtime.
func ParseMarker(data []byte, mtime time.Time) time.Time {
	line, _, _ := strings.Cut(strings.TrimSpace(string(data)), "\n")
	line = strings.TrimSpace(line)
	if t, err := time.Parse(time.RFC3339, line); err == nil {
		return t
	}
	if n, err := strconv.ParseInt(line, 10, 64); err == nil && n > 946684800 && n < 7258118400 {
		return time.Unix(n, 0)
	}
	return mtime
}

// dedupe sorts packages and drops repeated name+version pairs (multi-arch
// installs of one package).
func dedupe(in []agentwire.Package) []agentwire.Package {
	sort.Slice(in, func(i, j int) bool {
		if in[i].Name != in[j].Name {
			return in[i].Name < in[j].Name
		}
		return in[i].Version < in[j].Version
	})
	out := in[:0]
	for i, p := range in {
		if i > 0 && p.Name == in[i-1].Name && p.Version == in[i-1].Version {
			continue
		}
		out = append(out, p)
	}
	if len(out) > agentwire.MaxSoftware {
		out = out[:agentwire.MaxSoftware]
	}
	return out
}

// clip bounds a string to the protocol's text limit on a rune boundary and
// drops NUL bytes.
func clip(s string) string {
	s = strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "")
	if len(s) <= agentwire.MaxText {
		return s
	}
	cut := agentwire.MaxText
	for cut > 0 && !utf8RuneStart(s[cut]) {
		cut--
	}
	return s[:cut]
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }
