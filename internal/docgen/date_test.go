package docgen

import (
	"testing"
	"time"
)

func TestDate(t *testing.T) {
	cases := []struct {
		in   time.Time
		want string
	}{
		{time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC), "ngày 24 tháng 11 năm 2026"},
		// 20:00 UTC on the 4th is already the 5th in Hanoi.
		{time.Date(2026, 2, 4, 20, 0, 0, 0, time.UTC), "ngày 05 tháng 02 năm 2026"},
		{time.Date(2026, 3, 9, 3, 0, 0, 0, time.UTC), "ngày 09 tháng 3 năm 2026"},
	}
	for _, c := range cases {
		if got := Date(c.in); got != c.want {
			t.Errorf("Date(%v) = %q, want %q", c.in, got, c.want)
		}
	}
	if got := DateLine("Hưng Yên", cases[0].in); got != "Hưng Yên, ngày 24 tháng 11 năm 2026" {
		t.Errorf("DateLine = %q", got)
	}
}
