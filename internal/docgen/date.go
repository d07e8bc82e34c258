package docgen

import (
	"fmt"
	"time"

	"attt/internal/locale"
)

// Date formats t as "ngày dd tháng mm năm yyyy" in Asia/Ho_Chi_Minh. As
// Nghị định 30/2020 (Phụ lục I, II.4) requires, a day below 10 and the months
// 1 and 2 get a leading zero ("ngày 05 tháng 02"), other months do not
// ("tháng 3"), so a month is never misread when written by hand.
func Date(t time.Time) string {
	t = t.In(locale.Zone)
	month := fmt.Sprint(int(t.Month()))
	if t.Month() < time.March {
		month = "0" + month
	}
	return fmt.Sprintf("ngày %02d tháng %s năm %d", t.Day(), month, t.Year())
}

// DateLine returns the địa danh and date line, e.g. "Hưng Yên, ngày 24 tháng 11
// năm 2026"; without a place it is the date alone.
func DateLine(place string, t time.Time) string {
	if place == "" {
		return Date(t)
	}
	return place + ", " + Date(t)
}
