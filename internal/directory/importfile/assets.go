package importfile

import (
	"io"

	"attt/internal/locale"
)

// AssetRow is one asset read from an inventory file. The assets service
// reads the kind, criticality, level and frequency with its own vocabulary.
type AssetRow struct {
	Line        int
	OrgCode     string
	Name        string
	Kind        string
	Criticality string
	Owner       string
	Location    string
	IPs         string
	Hostnames   string
	Level       string
	Decision    string
	ApprovedBy  string
	// ApprovedAt is the approval date as written (dd/mm/yyyy).
	ApprovedAt string
	// Secret marks the off-network computer for secret documents.
	Secret      bool
	BackupHours string
	Notes       string
}

// ParseAssets reads an asset inventory file, as ParseMonitors reads web
// sites: every non-blank row, problems in the report, file-level errors
// alone. A name repeated within one organisation is a problem.
func ParseAssets(r io.Reader, format Format) ([]AssetRow, *Report, error) {
	rep := &Report{}
	t, err := readTable(r, format, KindAssets, rep)
	if err != nil {
		return nil, nil, err
	}
	rows := make([]AssetRow, 0, len(t.rows))
	for _, rec := range t.rows {
		rw := &row{rep: rep, head: t.head, rec: rec}
		a := AssetRow{Line: rec.line, OrgCode: rw.get(FieldOrg), Name: rw.get(FieldName), Kind: rw.get(FieldKind),
			Criticality: rw.get(FieldCritical), Owner: rw.get(FieldOwner), Location: rw.get(FieldLocation), IPs: rw.get(FieldIP),
			Hostnames: rw.get(FieldHostname), Level: rw.get(FieldLevel), Decision: rw.get(FieldDecision),
			BackupHours: rw.get(FieldBackupHours), Notes: rw.get(FieldNotes), ApprovedBy: rw.get(FieldApprovedBy), ApprovedAt: rw.get(FieldApprovedAt)}
		secret := rw.get(FieldSecret)
		var ok bool
		if a.Secret, ok = yesNo(secret); !ok {
			rw.bad(FieldSecret, locale.Tf("Giá trị “%s” không hợp lệ; ghi “có” nếu là máy soạn thảo tài liệu mật, để trống nếu không.",
				"Value “%s” is not valid; write “yes” for the secret-document computer, leave it empty otherwise.", secret))
		}
		if rw.required(FieldOrg, a.OrgCode) {
			rw.code(FieldOrg, a.OrgCode)
		}
		rw.required(FieldName, a.Name)
		rw.required(FieldKind, a.Kind)
		rw.text(FieldName, a.Name, 200)
		rw.text(FieldOwner, a.Owner, 200)
		rw.text(FieldLocation, a.Location, 300)
		rw.text(FieldDecision, a.Decision, 300)
		rw.text(FieldNotes, a.Notes, 2000)
		rw.text(FieldApprovedBy, a.ApprovedBy, 200)
		rows = append(rows, a)
	}
	checkDuplicates(rep, FieldName, len(rows), func(i int) (string, int) {
		if rows[i].Name == "" {
			return "", rows[i].Line
		}
		return rows[i].OrgCode + " / " + rows[i].Name, rows[i].Line
	}, locale.T("Tài sản", "Asset"))
	rep.Sort()
	return rows, rep, nil
}
