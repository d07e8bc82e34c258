package importfile

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/xuri/excelize/v2"
)

// bigPeople builds a people file of MaxRows rows in format.
func bigPeople(tb testing.TB, format Format) []byte {
	tb.Helper()
	head := []any{"Tên đăng nhập", "Họ và tên", "Mã đơn vị", "Chức vụ", "Email", "Số điện thoại", "Vai trò", "Chuyên trách ATTT"}
	row := func(i int) []any {
		return []any{fmt.Sprintf("canbo%05d", i), "Nguyễn Thị Thu Hương", fmt.Sprintf("XA-%03d", i%300), "Chuyên viên",
			fmt.Sprintf("canbo%05d@example.gov.vn", i), "0912 345 678", "Cán bộ; Chuyên trách", "x"}
	}
	if format == FormatCSV {
		var b bytes.Buffer
		b.Write(bomUTF8)
		fmt.Fprintln(&b, "Tên đăng nhập,Họ và tên,Mã đơn vị,Chức vụ,Email,Số điện thoại,Vai trò,Chuyên trách ATTT")
		for i := range MaxRows {
			r := row(i)
			fmt.Fprintf(&b, "%s,%s,%s,%s,%s,%s,\"%s\",%s\n", r...)
		}
		return b.Bytes()
	}
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		tb.Fatal(err)
	}
	_ = sw.SetRow("A1", head)
	for i := range MaxRows {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row(i)); err != nil {
			tb.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		tb.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkParsePeopleMax parses the largest file accepted, MaxRows people.
func BenchmarkParsePeopleMax(b *testing.B) {
	for _, format := range []Format{FormatCSV, FormatXLSX} {
		data := bigPeople(b, format)
		b.Run(string(format), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				rows, rep, err := ParsePeople(bytes.NewReader(data), format)
				if err != nil || len(rows) != MaxRows || !rep.OK() {
					b.Fatalf("%d rows, %v, %+v", len(rows), err, rep.Problems[:min(3, len(rep.Problems))])
				}
			}
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/file")
		})
	}
}
