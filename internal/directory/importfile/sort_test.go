package importfile

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
)

func TestSortOrgsByParent(t *testing.T) {
	org := func(line int, code, parent string) OrgRow { return OrgRow{Line: line, Code: code, ParentCode: parent} }
	tests := []struct {
		name    string
		rows    []OrgRow
		order   []string
		problem []int // lines with a cycle problem
	}{
		{"empty", nil, nil, nil},
		{"file order kept", []OrgRow{org(2, "A", ""), org(3, "B", "A"), org(4, "C", "X")}, []string{"A", "B", "C"}, nil},
		{"parent later", []OrgRow{org(2, "C", "B"), org(3, "B", "A"), org(4, "A", "")}, []string{"A", "B", "C"}, nil},
		{"siblings", []OrgRow{org(2, "B1", "A"), org(3, "B2", "A"), org(4, "A", "DB")}, []string{"A", "B1", "B2"}, nil},
		{"self", []OrgRow{org(2, "A", "A"), org(3, "B", "")}, []string{"B", "A"}, []int{2}},
		{"two-cycle and a child below it", []OrgRow{org(2, "K", "A"), org(3, "A", "B"), org(4, "B", "A"), org(5, "Z", "")},
			[]string{"Z", "K", "A", "B"}, []int{3, 4}},
		{"two separate cycles", []OrgRow{org(2, "A", "B"), org(3, "B", "A"), org(4, "C", "D"), org(5, "D", "C")},
			[]string{"A", "B", "C", "D"}, []int{2, 3, 4, 5}},
		{"duplicate code resolves to first", []OrgRow{org(2, "A", ""), org(3, "A", "B"), org(4, "B", "A")},
			[]string{"A", "B", "A"}, nil},
		{"empty codes", []OrgRow{org(2, "", ""), org(3, "", "")}, []string{"", ""}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, problems := SortOrgsByParent(tt.rows)
			var order []string
			for _, r := range out {
				order = append(order, r.Code)
			}
			if !reflect.DeepEqual(order, tt.order) {
				t.Errorf("order = %v, want %v", order, tt.order)
			}
			var lines []int
			for _, p := range problems {
				lines = append(lines, p.Line)
				if p.Column != "Mã đơn vị cấp trên" {
					t.Errorf("column = %q", p.Column)
				}
			}
			if !reflect.DeepEqual(lines, tt.problem) {
				t.Errorf("problem lines = %v, want %v", lines, tt.problem)
			}
			again, _ := SortOrgsByParent(out)
			if !reflect.DeepEqual(again, out) {
				t.Error("sorting twice changed the order")
			}
		})
	}
}

func TestSortOrgsByParentLongChains(t *testing.T) {
	// 20,000 rows, each the parent of the one before: no recursion to blow.
	rows := make([]OrgRow, MaxRows)
	for i := range rows {
		rows[i] = OrgRow{Line: i + 2, Code: code(i), ParentCode: code(i + 1)}
	}
	out, problems := SortOrgsByParent(rows)
	if len(problems) != 0 || out[0].Code != code(MaxRows-1) || out[len(out)-1].Code != code(0) {
		t.Fatalf("chain: %d problems, first %s", len(problems), out[0].Code)
	}
	// Close the chain into one cycle of every row: the message stays short.
	rows[len(rows)-1].ParentCode = code(0)
	out, problems = SortOrgsByParent(rows)
	if len(out) != MaxRows || len(problems) != MaxRows || len(problems[0].Msg.VI) > 400 ||
		!strings.Contains(problems[0].Msg.VI, "→ … →") {
		t.Fatalf("cycle: %d rows, %d problems, msg %q", len(out), len(problems), problems[0].Msg.VI)
	}
}

func code(i int) string { return "C" + strconv.Itoa(i) }
