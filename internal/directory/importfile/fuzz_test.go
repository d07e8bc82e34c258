package importfile

import (
	"bytes"
	"slices"
	"testing"

	"attt/internal/errs"
)

// fuzzSeeds returns CSV and XLSX files of kind to start fuzzing from; more
// live in testdata/fuzz.
func fuzzSeeds(tb testing.TB, kind Kind) [][]byte {
	tb.Helper()
	seeds := [][]byte{
		[]byte("code,name,type,parent\nA,Sở A,sở,\nB,\"Xã\nB\",xã,A\nA,Dup,khác,B\n"),
		[]byte("\xef\xbb\xbfMã đơn vị;Tên đơn vị;Loại;Mã đơn vị cấp trên;Email;SĐT\r\nUBND;Tỉnh;tỉnh;;a@b.vn;0221 386\r\n"),
		[]byte("sep=;\nlogin;name;org;roles;officer\nnva;A;SO;\"cán bộ;chuyên trách\";x\nNVA;B;SO;lãnh đạo;có\n"),
		[]byte("login\tfull_name\torg_code\temail\nab\tA\tSO\tx@\n"),
		[]byte("\"unterminated,name\n"),
		[]byte("TITLE\n\n\nMã,Tên,Loại\n\"a\"\"b\",c,d\n"),
	}
	for _, format := range []Format{FormatCSV, FormatXLSX} {
		var buf bytes.Buffer
		if err := Template(&buf, kind, format); err != nil {
			tb.Fatal(err)
		}
		seeds = append(seeds, buf.Bytes())
	}
	seeds = append(seeds, MustXLSX(tb, sheet{"Cán bộ", [][]any{
		{"Tài khoản", "Họ tên", "Đơn vị", "Vai trò", "Chuyên trách"},
		nil,
		{"nva", "A", "SO", "Cán bộ\nThủ trưởng", true},
		{"x", 1, 2.5, "", "?"},
	}}))
	return seeds
}

// checkResult holds what every parse must give, whatever the input.
func checkResult(t *testing.T, n int, rep *Report, err error) {
	t.Helper()
	if err != nil {
		e := errs.As(err)
		if (e.Code != errs.Invalid && e.Code != errs.TooLarge) || e.Msg.VI == "" || e.Msg.EN == "" {
			t.Fatalf("bad error: %#v", e)
		}
		if rep != nil || n != 0 {
			t.Fatal("rows or report with an error")
		}
		return
	}
	if rep == nil || rep.Rows != n || n > MaxRows {
		t.Fatalf("report %+v for %d rows", rep, n)
	}
	for _, p := range append(slices.Clone(rep.Problems), rep.Warnings...) {
		if p.Line < 0 || p.Msg.VI == "" || p.Msg.EN == "" {
			t.Fatalf("bad problem %+v", p)
		}
	}
	if (rep.Err() == nil) != rep.OK() {
		t.Fatal("Err and OK disagree")
	}
}

func FuzzParseOrgs(f *testing.F) {
	for _, s := range fuzzSeeds(f, KindOrgs) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, format := range []Format{FormatAuto, FormatCSV, FormatXLSX} {
			rows, rep, err := ParseOrgs(bytes.NewReader(data), format)
			checkResult(t, len(rows), rep, err)
			for _, r := range rows {
				if r.Line < 1 {
					t.Fatalf("row line %d", r.Line)
				}
				if r.Type != "" && lookup(orgTypes, r.Type) != r.Type {
					t.Fatalf("type %q", r.Type)
				}
			}
			again, _ := SortOrgsByParent(rows)
			if len(again) != len(rows) {
				t.Fatalf("sort lost rows: %d of %d", len(again), len(rows))
			}
		}
	})
}

func FuzzParsePeople(f *testing.F) {
	for _, s := range fuzzSeeds(f, KindPeople) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, format := range []Format{FormatAuto, FormatCSV, FormatXLSX} {
			rows, rep, err := ParsePeople(bytes.NewReader(data), format)
			checkResult(t, len(rows), rep, err)
			for _, p := range rows {
				if p.Line < 1 || len(p.Roles) == 0 {
					t.Fatalf("row %+v", p)
				}
				for _, role := range p.Roles {
					if lookup(roles, role) != role {
						t.Fatalf("role %q", role)
					}
				}
				if p.Officer && !slices.Contains(p.Roles, RoleOfficer) {
					t.Fatalf("officer without the role: %+v", p)
				}
			}
		}
	})
}
