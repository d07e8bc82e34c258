package db

import (
	"time"

	"github.com/oklog/ulid/v2"
)

// NewID returns a new ULID: unique, sortable by creation time, 26
// characters. IDs made within one millisecond increase monotonically, so
// rows inserted in order sort in order.
func NewID() string {
	return ulid.Make().String()
}

// Millis converts t to the stored form (Unix milliseconds); zero time is 0.
func Millis(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

// Time converts stored Unix milliseconds back to a UTC time; 0 is zero time.
func Time(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms).UTC()
}
