package importfile

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"

	"attt/internal/errs"
)

// TestTemplateRoundTrip holds the templates to parsing cleanly, headers
// recognised and every sample row accepted.
func TestTemplateRoundTrip(t *testing.T) {
	for _, format := range []Format{FormatCSV, FormatXLSX} {
		t.Run(string(format), func(t *testing.T) {
			var orgs, people bytes.Buffer
			if err := Template(&orgs, KindOrgs, format); err != nil {
				t.Fatal(err)
			}
			if err := Template(&people, KindPeople, format); err != nil {
				t.Fatal(err)
			}
			if got, err := DetectFormat("mau."+string(format), orgs.Bytes()); err != nil || got != format {
				t.Fatalf("DetectFormat = %q, %v", got, err)
			}
			o, rep := MustParseOrgs(t, orgs.Bytes(), FormatAuto)
			MustClean(t, rep)
			if len(o) != len(sampleOrgs) || len(rep.Warnings) != 0 {
				t.Errorf("orgs: %d rows, warnings %+v", len(o), rep.Warnings)
			}
			p, rep := MustParsePeople(t, people.Bytes(), FormatAuto)
			MustClean(t, rep)
			if len(p) != len(samplePeople) || len(rep.Warnings) != 0 || !p[1].Officer {
				t.Errorf("people: %+v, warnings %+v", p, rep.Warnings)
			}
		})
	}
}

func TestTemplateXLSXLayout(t *testing.T) {
	var buf bytes.Buffer
	if err := Template(&buf, KindOrgs, FormatXLSX); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 2 || got[0] != "Đơn vị" || got[1] != "Hướng dẫn" {
		t.Errorf("sheets = %v", got)
	}
	if v, _ := f.GetCellValue("Đơn vị", "A1"); v != "Mã đơn vị" {
		t.Errorf("A1 = %q", v)
	}
	dvs, err := f.GetDataValidations("Đơn vị")
	if err != nil || len(dvs) != 1 {
		t.Errorf("data validations = %v, %v", dvs, err)
	}
}

func TestTemplateRefusesUnknown(t *testing.T) {
	var buf bytes.Buffer
	MustFail(t, Template(&buf, "vehicles", FormatCSV), errs.Invalid, "không tồn tại", "No template")
	MustFail(t, Template(&buf, KindOrgs, "pdf"), errs.Invalid, "không được hỗ trợ", "not supported")
}
