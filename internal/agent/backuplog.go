package agent

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"regexp"
	"time"

	"attt/internal/asset/agentwire"
)

// DefaultBackupMatch finds the lines of a backup tool's log that report a
// success, in English or Vietnamese, unless they also speak of a failure.
var DefaultBackupMatch = regexp.MustCompile(`(?i)(success|succeeded|completed|finished|thành công|hoàn tất|hoàn thành)`)

var backupFailure = regexp.MustCompile(`(?i)(fail|error|lỗi|không thành công)`)

// logTime finds a timestamp in a log line: RFC 3339, "2006-01-02 15:04:05",
// "2006/01/02 15:04:05" or "02/01/2006 15:04:05" (the local time of the
// machine for the last three).
var logTime = regexp.MustCompile(`\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})|\d{4}[-/]\d{2}[-/]\d{2}[ T]\d{2}:\d{2}:\d{2}|\d{2}/\d{2}/\d{4} \d{2}:\d{2}:\d{2}`)

// ParseBackupLog returns the time of the latest line of a backup tool's log
// that match selects (DefaultBackupMatch when nil) and that carries a
// timestamp; ok is false when there is none.
func ParseBackupLog(r io.Reader, match *regexp.Regexp, loc *time.Location) (last time.Time, ok bool) {
	if match == nil {
		match = DefaultBackupMatch
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Bytes()
		if !match.Match(line) || (match == DefaultBackupMatch && backupFailure.Match(line)) {
			continue
		}
		if t, found := lineTime(logTime.Find(line), loc); found && t.After(last) {
			last, ok = t, true
		}
	}
	return last, ok
}

func lineTime(s []byte, loc *time.Location) (time.Time, bool) {
	if len(s) == 0 {
		return time.Time{}, false
	}
	if t, err := time.Parse(time.RFC3339Nano, string(s)); err == nil {
		return t, true
	}
	norm := bytes.ReplaceAll(s, []byte("/"), []byte("-"))
	norm = bytes.Replace(norm, []byte("T"), []byte(" "), 1)
	for _, layout := range []string{"2006-01-02 15:04:05", "02-01-2006 15:04:05"} {
		if t, err := time.ParseInLocation(layout, string(norm), loc); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// backupFromLog reads the last MiB of a backup tool's log.
func backupFromLog(path string, match *regexp.Regexp, problems *[]string) *agentwire.Backup {
	f, err := os.Open(path)
	if err != nil {
		*problems = append(*problems, "backup log: "+errText(err))
		return nil
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Size() > 1<<20 {
		_, _ = f.Seek(fi.Size()-1<<20, io.SeekStart)
	}
	t, ok := ParseBackupLog(f, match, time.Local)
	if !ok {
		*problems = append(*problems, clip(fmt.Sprintf("backup log: no successful backup found in %s", path)))
		return nil
	}
	return &agentwire.Backup{LastBackupAt: t.UTC().Truncate(time.Second), Source: clip("log " + path)}
}
