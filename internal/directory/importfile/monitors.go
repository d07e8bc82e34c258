package importfile

import (
	"io"
	"strings"

	"attt/internal/locale"
)

// MonitorRow is one web site read from an import file; the monitoring
// service checks the URL, interval and depth with its own rules.
type MonitorRow struct {
	Line     int
	OrgCode  string
	URL      string
	Name     string
	Interval string
	Depth    string
}

// ParseMonitors reads a file of web sites to monitor, as ParsePeople reads
// people: every non-blank row, problems in the report, file-level errors
// alone.
func ParseMonitors(r io.Reader, format Format) ([]MonitorRow, *Report, error) {
	rep := &Report{}
	t, err := readTable(r, format, KindMonitors, rep)
	if err != nil {
		return nil, nil, err
	}
	rows := make([]MonitorRow, 0, len(t.rows))
	for _, rec := range t.rows {
		rw := &row{rep: rep, head: t.head, rec: rec}
		m := MonitorRow{Line: rec.line, OrgCode: rw.get(FieldOrg), URL: rw.get(FieldURL), Name: rw.get(FieldName),
			Interval: rw.get(FieldInterval), Depth: rw.get(FieldDepth)}
		if rw.required(FieldOrg, m.OrgCode) {
			rw.code(FieldOrg, m.OrgCode)
		}
		if rw.required(FieldURL, m.URL) && !strings.HasPrefix(m.URL, "http://") && !strings.HasPrefix(m.URL, "https://") {
			rw.bad(FieldURL, locale.T("Địa chỉ phải bắt đầu bằng http:// hoặc https://.", "The address must start with http:// or https://."))
		}
		rw.text(FieldName, m.Name, 200)
		rows = append(rows, m)
	}
	checkDuplicates(rep, FieldURL, len(rows), func(i int) (string, int) { return rows[i].URL, rows[i].Line }, locale.T("Địa chỉ trang", "URL"))
	rep.Sort()
	return rows, rep, nil
}
