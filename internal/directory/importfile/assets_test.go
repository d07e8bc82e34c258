package importfile

import (
	"bytes"
	"strings"
	"testing"
)

func TestParseAssetsTemplate(t *testing.T) {
	for _, format := range []Format{FormatCSV, FormatXLSX} {
		var buf bytes.Buffer
		if err := Template(&buf, KindAssets, format); err != nil {
			t.Fatal(err)
		}
		rows, rep, err := ParseAssets(bytes.NewReader(buf.Bytes()), FormatAuto)
		if err != nil {
			t.Fatal(err)
		}
		MustClean(t, rep)
		if len(rows) != len(sampleAssets) || rows[1].Level != "2" || !strings.HasPrefix(rows[1].Decision, "Quyết định số 12") ||
			rows[1].ApprovedAt != "05/03/2025" || !rows[2].Secret || rows[0].Secret {
			t.Errorf("%s: rows %+v", format, rows)
		}
	}
}

func TestParseAssetsProblems(t *testing.T) {
	csv := "STT,Mã đơn vị,Tên tài sản,Loại,Địa chỉ IP\n" +
		"1,STC,Máy chủ A,Máy chủ,10.0.0.1\n" +
		"2,,Máy chủ B,Máy chủ,\n" +
		"3,STC,Máy chủ A,Máy trạm,\n" +
		"4,STC,,,\n"
	rows, rep, err := ParseAssets(strings.NewReader(csv), FormatCSV)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 || rep.OK() {
		t.Fatalf("rows %d, report %+v", len(rows), rep)
	}
	lines := rep.ProblemLines()
	for _, l := range []int{2, 3, 4, 5} {
		if !lines[l] {
			t.Errorf("line %d has no problem: %+v", l, rep.Problems)
		}
	}
}

func FuzzParseAssets(f *testing.F) {
	for _, s := range fuzzSeeds(f, KindAssets) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, format := range []Format{FormatAuto, FormatCSV, FormatXLSX} {
			rows, rep, err := ParseAssets(bytes.NewReader(data), format)
			checkResult(t, len(rows), rep, err)
			for _, r := range rows {
				if r.Line < 1 {
					t.Fatalf("row line %d", r.Line)
				}
			}
		}
	})
}
