package settings

import (
	"fmt"
	"strings"
	"time"

	"attt/internal/config"
	"attt/internal/locale"
)

// Describe puts a value of kind in words for the settings page, e.g. "730d"
// as "730 ngày" / "730 days"; other kinds read as they are.
func Describe(kind Kind, value string) locale.Text {
	if kind != KindDuration {
		return locale.T(value, value)
	}
	d, err := config.ParseDuration(value)
	if err != nil {
		return locale.T(value, value)
	}
	return describeDuration(d)
}

func describeDuration(d time.Duration) locale.Text {
	units := []struct {
		size     time.Duration
		vi, en   string
		singular string
	}{
		{24 * time.Hour, "ngày", "days", "day"},
		{time.Hour, "giờ", "hours", "hour"},
		{time.Minute, "phút", "minutes", "minute"},
		{time.Second, "giây", "seconds", "second"},
	}
	var vi, en []string
	for _, u := range units {
		n := d / u.size
		if n == 0 {
			continue
		}
		d -= n * u.size
		vi = append(vi, fmt.Sprintf("%d %s", n, u.vi))
		word := u.en
		if n == 1 {
			word = u.singular
		}
		en = append(en, fmt.Sprintf("%d %s", n, word))
	}
	if len(vi) == 0 {
		return locale.T("0 giây", "0 seconds")
	}
	return locale.T(strings.Join(vi, " "), strings.Join(en, " "))
}
