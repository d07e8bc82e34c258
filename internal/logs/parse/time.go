package parse

import "time"

// Timestamps are parsed by hand: time.Parse with a layout costs several
// hundred nanoseconds and allocates a *Location for every numeric zone.
// Offsets are applied to a UTC time instead.

func digits(s string, n int) (int, bool) {
	if len(s) < n {
		return 0, false
	}
	v := 0
	for i := 0; i < n; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}

// parseClock reads "hh:mm:ss[.frac]" and returns the number of bytes read.
func parseClock(s string) (h, m, sec, nsec, n int, ok bool) {
	if len(s) < 8 || s[2] != ':' || s[5] != ':' {
		return
	}
	var ok1, ok2, ok3 bool
	h, ok1 = digits(s, 2)
	m, ok2 = digits(s[3:], 2)
	sec, ok3 = digits(s[6:], 2)
	if !ok1 || !ok2 || !ok3 || h > 23 || m > 59 || sec > 60 {
		return 0, 0, 0, 0, 0, false
	}
	if sec == 60 { // leap second: keep it inside the minute
		sec = 59
	}
	n = 8
	if n < len(s) && (s[n] == '.' || s[n] == ',') {
		n++
		scale := 100000000
		start := n
		for n < len(s) && s[n] >= '0' && s[n] <= '9' {
			if scale > 0 {
				nsec += int(s[n]-'0') * scale
				scale /= 10
			}
			n++
		}
		if n == start {
			return 0, 0, 0, 0, 0, false
		}
	}
	return h, m, sec, nsec, n, true
}

// parseZone reads "Z", "±hh:mm" or "±hhmm" and returns the offset in seconds
// and bytes read; n == 0 means there was no zone.
func parseZone(s string) (offset, n int, ok bool) {
	if len(s) == 0 {
		return 0, 0, true
	}
	switch s[0] {
	case 'Z', 'z':
		return 0, 1, true
	case '+', '-':
	default:
		return 0, 0, true
	}
	sign := 1
	if s[0] == '-' {
		sign = -1
	}
	h, ok1 := digits(s[1:], 2)
	if !ok1 {
		return 0, 0, false
	}
	n = 3
	if n < len(s) && s[n] == ':' {
		n++
	}
	m, ok2 := digits(s[n:], 2)
	if !ok2 {
		return 0, 0, false
	}
	n += 2
	if h > 23 || m > 59 {
		return 0, 0, false
	}
	return sign * (h*3600 + m*60), n, true
}

// parseISO reads "YYYY-MM-DD(T| )hh:mm:ss[.frac][Z|±hh:mm]" at the start of
// s, the RFC 3339 form RFC 5424 and rsyslog's forward format use. A time
// without a zone is read in loc. It returns the time in UTC and the number of
// bytes read.
func parseISO(s string, loc *time.Location) (time.Time, int, bool) {
	if len(s) < 19 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') {
		return time.Time{}, 0, false
	}
	y, ok1 := digits(s, 4)
	mo, ok2 := digits(s[5:], 2)
	d, ok3 := digits(s[8:], 2)
	if !ok1 || !ok2 || !ok3 || mo < 1 || mo > 12 || d < 1 || d > 31 {
		return time.Time{}, 0, false
	}
	h, mi, sec, ns, n, ok := parseClock(s[11:])
	if !ok {
		return time.Time{}, 0, false
	}
	n += 11
	off, zn, ok := parseZone(s[n:])
	if !ok {
		return time.Time{}, 0, false
	}
	if zn == 0 {
		return time.Date(y, time.Month(mo), d, h, mi, sec, ns, loc).UTC(), n, true
	}
	t := time.Date(y, time.Month(mo), d, h, mi, sec, ns, time.UTC).Add(-time.Duration(off) * time.Second)
	return t, n + zn, true
}

func parseMonth(s string) int {
	if len(s) < 3 {
		return 0
	}
	// Case-insensitive three-letter English month names.
	a, b, c := s[0]|0x20, s[1]|0x20, s[2]|0x20
	switch string([]byte{a, b, c}) {
	case "jan":
		return 1
	case "feb":
		return 2
	case "mar":
		return 3
	case "apr":
		return 4
	case "may":
		return 5
	case "jun":
		return 6
	case "jul":
		return 7
	case "aug":
		return 8
	case "sep":
		return 9
	case "oct":
		return 10
	case "nov":
		return 11
	case "dec":
		return 12
	}
	return 0
}

// parseBSD reads the RFC 3164 "Mmm dd hh:mm:ss" timestamp (day padded with
// a space or a zero, optional fraction, optional year after the day as Cisco
// sends it) in loc. Without a year it takes the year that puts the time
// nearest to received: a December line received in January is last year's.
func parseBSD(s string, received time.Time, loc *time.Location) (time.Time, int, bool) {
	if len(s) < 15 || s[3] != ' ' {
		return time.Time{}, 0, false
	}
	mo := parseMonth(s)
	if mo == 0 {
		return time.Time{}, 0, false
	}
	var d int
	switch {
	case s[4] == ' ' && s[5] >= '1' && s[5] <= '9':
		d = int(s[5] - '0')
	default:
		v, ok := digits(s[4:], 2)
		if !ok {
			return time.Time{}, 0, false
		}
		d = v
	}
	if d < 1 || d > 31 || s[6] != ' ' {
		return time.Time{}, 0, false
	}
	n := 7
	year := 0
	if len(s) >= n+5 && s[n+4] == ' ' {
		if y, ok := digits(s[n:], 4); ok {
			year = y
			n += 5
		}
	}
	h, mi, sec, ns, cn, ok := parseClock(s[n:])
	if !ok {
		return time.Time{}, 0, false
	}
	n += cn
	if year != 0 {
		return time.Date(year, time.Month(mo), d, h, mi, sec, ns, loc).UTC(), n, true
	}
	recv := received.In(loc)
	t := time.Date(recv.Year(), time.Month(mo), d, h, mi, sec, ns, loc)
	const day = 24 * time.Hour
	if t.Sub(recv) > 31*day {
		t = time.Date(recv.Year()-1, time.Month(mo), d, h, mi, sec, ns, loc)
	} else if recv.Sub(t) > 334*day {
		t = time.Date(recv.Year()+1, time.Month(mo), d, h, mi, sec, ns, loc)
	}
	return t.UTC(), n, true
}
