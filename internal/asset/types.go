package asset

import (
	"slices"
	"time"

	"attt/internal/locale"
)

// Kind is what sort of asset an inventory row is.
type Kind string

// The kinds of asset (Đ7.1, Đ10.1.c).
const (
	KindServer      Kind = "server"
	KindWorkstation Kind = "workstation"
	KindLaptop      Kind = "laptop"
	KindStorage     Kind = "storage"
	KindNetwork     Kind = "network"
	KindSecurity    Kind = "security"
	KindSystem      Kind = "system" // application / information system
	KindWebsite     Kind = "website"
)

// Kinds lists every kind in display order.
func Kinds() []Kind {
	return []Kind{KindServer, KindWorkstation, KindLaptop, KindStorage, KindNetwork, KindSecurity, KindSystem, KindWebsite}
}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return slices.Contains(Kinds(), k) }

// Label names k for people.
func (k Kind) Label() locale.Text {
	switch k {
	case KindServer:
		return locale.T("Máy chủ", "Server")
	case KindWorkstation:
		return locale.T("Máy trạm", "Workstation")
	case KindLaptop:
		return locale.T("Máy tính xách tay", "Laptop")
	case KindStorage:
		return locale.T("Thiết bị lưu trữ", "Storage")
	case KindNetwork:
		return locale.T("Thiết bị mạng", "Network device")
	case KindSecurity:
		return locale.T("Thiết bị bảo mật", "Security device")
	case KindSystem:
		return locale.T("Hệ thống thông tin / ứng dụng", "Information system / application")
	case KindWebsite:
		return locale.T("Trang/cổng thông tin điện tử", "Website")
	}
	return locale.T(string(k), string(k))
}

// Computer reports whether k runs an operating system an agent can report
// from (and antivirus applies to).
func (k Kind) Computer() bool {
	return k == KindServer || k == KindWorkstation || k == KindLaptop
}

// Criticality says how much the agency depends on an asset.
type Criticality string

// The criticality grades.
const (
	CritLow      Criticality = "low"
	CritMedium   Criticality = "medium"
	CritHigh     Criticality = "high"
	CritCritical Criticality = "critical"
)

// Criticalities lists every grade, lowest first.
func Criticalities() []Criticality {
	return []Criticality{CritLow, CritMedium, CritHigh, CritCritical}
}

// Valid reports whether c is a known grade.
func (c Criticality) Valid() bool { return slices.Contains(Criticalities(), c) }

// Label names c for people.
func (c Criticality) Label() locale.Text {
	switch c {
	case CritLow:
		return locale.T("Thấp", "Low")
	case CritMedium:
		return locale.T("Trung bình", "Medium")
	case CritHigh:
		return locale.T("Cao", "High")
	case CritCritical:
		return locale.T("Rất quan trọng", "Critical")
	}
	return locale.T(string(c), string(c))
}

// Asset is one row of an agency's inventory.
type Asset struct {
	ID          string      `json:"id"`
	OrgID       string      `json:"org_id"`
	OrgName     string      `json:"org_name,omitempty"`
	Kind        Kind        `json:"kind"`
	Name        string      `json:"name"`
	Owner       string      `json:"owner"`
	Location    string      `json:"location"`
	Criticality Criticality `json:"criticality"`
	Addresses   []string    `json:"addresses"`
	Hostnames   []string    `json:"hostnames"`
	MACs        []string    `json:"macs"`
	OS          string      `json:"os,omitempty"`
	OSVersion   string      `json:"os_version,omitempty"`
	// SecurityLevel is the level 1–5 of an information system under Nghị
	// định 85/2016/NĐ-CP (0: not classified).
	SecurityLevel int `json:"security_level"`
	// LevelDecision is the approval record of the level: the decision's
	// number and date as written on it, who approved it, and when.
	LevelDecision   string    `json:"level_decision,omitempty"`
	LevelApprovedBy string    `json:"level_approved_by,omitempty"`
	LevelApprovedAt time.Time `json:"level_approved_at,omitzero"`
	// BackupEveryHours is the required backup frequency (0: none required).
	BackupEveryHours int `json:"backup_every_hours"`
	// SecretMachine marks the designated off-network computer for secret
	// documents (Đ6.1.c).
	SecretMachine bool      `json:"secret_machine"`
	Notes         string    `json:"notes,omitempty"`
	Retired       bool      `json:"retired"`
	LastSeenAt    time.Time `json:"last_seen_at,omitzero"`
	// Agent is set when an endpoint agent reports for this asset.
	HasAgent  bool      `json:"has_agent"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Input is what an officer fills in for an asset.
type Input struct {
	OrgID            string      `json:"org"`
	Kind             Kind        `json:"kind"`
	Name             string      `json:"name"`
	Owner            string      `json:"owner"`
	Location         string      `json:"location"`
	Criticality      Criticality `json:"criticality"`
	Addresses        []string    `json:"addresses"`
	Hostnames        []string    `json:"hostnames"`
	SecurityLevel    int         `json:"security_level"`
	LevelDecision    string      `json:"level_decision"`
	LevelApprovedBy  string      `json:"level_approved_by"`
	LevelApprovedAt  time.Time   `json:"level_approved_at,omitzero"`
	BackupEveryHours int         `json:"backup_every_hours"`
	SecretMachine    bool        `json:"secret_machine"`
	Notes            string      `json:"notes"`
}
