package agent

import (
	"bytes"
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"time"

	"attt/internal/asset/agentwire"
)

// UninstallEntry is the part of one Windows uninstall registry key
// (HKLM/HKCU …\CurrentVersion\Uninstall\*, and WOW6432Node) the agent
// reads. The Windows collector fills it from the registry; tests fill it
// from recorded data.
type UninstallEntry struct {
	DisplayName     string
	DisplayVersion  string
	Publisher       string
	SystemComponent uint64
	ParentKeyName   string
	ReleaseType     string
}

// SoftwareFromUninstall keeps the entries Programs and Features shows: a
// display name, not a system component, not an update of another product.
func SoftwareFromUninstall(entries []UninstallEntry) []agentwire.Package {
	var out []agentwire.Package
	for _, e := range entries {
		name := clip(strings.TrimSpace(e.DisplayName))
		if name == "" || e.SystemComponent == 1 || e.ParentKeyName != "" {
			continue
		}
		switch strings.ToLower(e.ReleaseType) {
		case "update", "hotfix", "security update", "service pack":
			continue
		}
		out = append(out, agentwire.Package{Name: clip(name), Version: clip(strings.TrimSpace(e.DisplayVersion)), Publisher: clip(strings.TrimSpace(e.Publisher)),
			Source: "registry"})
	}
	return dedupe(out)
}

// securityCenterProduct is one AntiVirusProduct of root/SecurityCenter2 as
// PowerShell's ConvertTo-Json writes it.
type securityCenterProduct struct {
	DisplayName  string `json:"displayName"`
	ProductState int64  `json:"productState"`
	Timestamp    string `json:"timestamp"`
}

// ParseSecurityCenter reads the JSON of
// Get-CimInstance -Namespace root/SecurityCenter2 -ClassName AntiVirusProduct
// (one object or an array) and picks the product that is on, preferring
// one whose signatures are up to date. productState packs the state in its
// second byte (0x10 and 0x11: on) and signature currency in its lowest
// byte (0x00: up to date).
func ParseSecurityCenter(data []byte) (*agentwire.Antivirus, error) {
	data = bytes.TrimSpace(data)
	if len(data) == 0 {
		return &agentwire.Antivirus{}, nil
	}
	var list []securityCenterProduct
	if data[0] == '{' {
		var one securityCenterProduct
		if err := json.Unmarshal(data, &one); err != nil {
			return nil, err
		}
		list = []securityCenterProduct{one}
	} else if err := json.Unmarshal(data, &list); err != nil {
		return nil, err
	}
	sort.SliceStable(list, func(i, j int) bool { return avRank(list[i].ProductState) > avRank(list[j].ProductState) })
	if len(list) == 0 {
		return &agentwire.Antivirus{}, nil
	}
	p := list[0]
	av := &agentwire.Antivirus{Product: clip(p.DisplayName), Installed: true, Running: avOn(p.ProductState)}
	if avCurrent(p.ProductState) {
		if t, err := time.Parse(time.RFC1123, p.Timestamp); err == nil {
			av.SignaturesAt = t
		}
	}
	return av, nil
}

func avOn(state int64) bool      { s := (state >> 8) & 0xFF; return s == 0x10 || s == 0x11 }
func avCurrent(state int64) bool { return state&0xFF == 0x00 }
func avRank(state int64) int {
	r := 0
	if avOn(state) {
		r += 2
	}
	if avCurrent(state) {
		r++
	}
	return r
}

// defenderStatus is the part of Get-MpComputerStatus the agent reads.
type defenderStatus struct {
	AMServiceEnabled              bool            `json:"AMServiceEnabled"`
	AntivirusEnabled              bool            `json:"AntivirusEnabled"`
	AntivirusSignatureLastUpdated json.RawMessage `json:"AntivirusSignatureLastUpdated"`
}

// ParseDefenderStatus reads Get-MpComputerStatus | ConvertTo-Json: whether
// Microsoft Defender runs and when its signatures were updated (written
// "\/Date(ms)\/" by Windows PowerShell 5.1, ISO 8601 by PowerShell 7).
func ParseDefenderStatus(data []byte) (running bool, signatures time.Time, err error) {
	var st defenderStatus
	if err := json.Unmarshal(bytes.TrimSpace(data), &st); err != nil {
		return false, time.Time{}, err
	}
	var s string
	if json.Unmarshal(st.AntivirusSignatureLastUpdated, &s) == nil {
		signatures = parsePSDate(s)
	} else {
		var obj struct {
			Value string `json:"value"`
		}
		if json.Unmarshal(st.AntivirusSignatureLastUpdated, &obj) == nil {
			signatures = parsePSDate(obj.Value)
		}
	}
	return st.AMServiceEnabled && st.AntivirusEnabled, signatures, nil
}

func parsePSDate(s string) time.Time {
	if inner, ok := strings.CutPrefix(s, "/Date("); ok {
		inner, _, _ = strings.Cut(inner, ")")
		inner = strings.TrimRight(strings.SplitN(strings.SplitN(inner, "+", 2)[0], "-", 2)[0], " ")
		if ms, err := strconv.ParseInt(inner, 10, 64); err == nil {
			return time.UnixMilli(ms).UTC()
		}
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t
	}
	return time.Time{}
}
