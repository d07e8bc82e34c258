package store

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"attt/internal/db/dbtest"
	"attt/internal/logs/parse"
)

var base = time.Date(2026, 11, 20, 9, 0, 0, 0, zone)

// rec parses a syslog line into a record of org at base+offset.
func rec(org, line string, offset time.Duration) Record {
	e := parse.ParseSyslog([]byte(line), base.Add(offset), zone)
	e.Time = base.Add(offset).UTC()
	return FromEvent(e, org, "src-"+org, "10.0.0.1:514")
}

// each runs fn on a fresh Disk store and on a PostgreSQL store.
func each(t *testing.T, fn func(t *testing.T, s Store)) {
	t.Run("disk", func(t *testing.T) {
		s, err := Open(Options{Dir: t.TempDir(), SyncEvery: 5 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		fn(t, s)
	})
	t.Run("postgres", func(t *testing.T) {
		d := dbtest.Postgres(t)
		s := OpenPostgres(d.W, 0)
		t.Cleanup(func() { s.Close() })
		fn(t, s)
	})
}

func appendWait(t *testing.T, s Store, recs ...Record) {
	t.Helper()
	ack, err := s.Append(context.Background(), recs)
	if err != nil {
		t.Fatal(err)
	}
	if err := ack.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func sample() []Record {
	return []Record{
		rec("A", `<38>1 2026-11-20T09:00:00+07:00 fw-01 sshd 12 - - Failed password for root from 203.0.113.9 port 22 ssh2`, 0),
		rec("A", `<86>Nov 20 09:01:00 web-01 sshd[1]: Accepted password for admin from 10.1.1.1 port 5000 ssh2`, time.Minute),
		rec("A", `<14>1 2026-11-20T09:02:00+07:00 web-01 app - - - Người dùng Nguyễn Văn An đăng nhập thất bại`, 2*time.Minute),
		rec("B", `<38>1 2026-11-20T09:03:00+07:00 fw-02 sshd 12 - - Failed password for root from 198.51.100.7 port 22 ssh2`, 3*time.Minute),
		rec("", `this line has no PRI at all`, 4*time.Minute),
		rec("A", `<38>1 2026-11-19T09:00:00+07:00 fw-01 sshd 12 - - Failed password for bob from 203.0.113.9 port 22 ssh2`, -24*time.Hour),
	}
}

func search(t *testing.T, s Store, q Query) []Record {
	t.Helper()
	res, err := s.Search(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	return res.Events
}

func TestSearch(t *testing.T) {
	each(t, func(t *testing.T, s Store) {
		appendWait(t, s, sample()...)
		cases := []struct {
			name string
			q    Query
			want int
		}{
			{"agency A only", Query{Orgs: []string{"A"}}, 4},
			{"agency B only", Query{Orgs: []string{"B"}}, 1},
			{"unassigned", Query{Orgs: []string{""}}, 1},
			{"province", Query{AllOrgs: true}, 6},
			{"no scope", Query{}, 0},
			{"time range", Query{AllOrgs: true, From: base, To: base.Add(2 * time.Minute)}, 2},
			{"host", Query{AllOrgs: true, Hosts: []string{"FW-01"}}, 2},
			{"app and severity", Query{AllOrgs: true, Apps: []string{"sshd"}, Severities: []int{6}}, 4},
			{"field", Query{AllOrgs: true, Fields: []FieldMatch{{Key: "ssh.user", Value: "root"}}}, 2},
			{"field other agency hidden", Query{Orgs: []string{"B"}, Fields: []FieldMatch{{Key: "ssh.src", Value: "203.0.113.9"}}}, 0},
			{"text", Query{AllOrgs: true, Text: "failed root"}, 2},
			{"text address", Query{AllOrgs: true, Text: "203.0.113.9"}, 2},
			{"text without diacritics", Query{AllOrgs: true, Text: "dang nhap that bai"}, 1},
			{"text with diacritics", Query{AllOrgs: true, Text: "Đăng Nhập"}, 1},
			{"text whole words only", Query{AllOrgs: true, Text: "fail"}, 0},
			{"raw kept", Query{AllOrgs: true, Text: "no PRI"}, 1},
		}
		for _, c := range cases {
			if got := search(t, s, c.q); len(got) != c.want {
				t.Errorf("%s: got %d events, want %d", c.name, len(got), c.want)
			}
		}
		all := search(t, s, Query{AllOrgs: true, Limit: 3})
		if len(all) != 3 || !all[0].Time.After(all[1].Time) || !all[1].Time.After(all[2].Time) {
			t.Fatalf("not newest first with limit: %+v", all)
		}
		bad := search(t, s, Query{Orgs: []string{""}})[0]
		if bad.ParseError == "" || bad.Raw != "this line has no PRI at all" {
			t.Fatalf("malformed line not kept raw with its flag: %+v", bad)
		}
	})
}

func TestGetAndHistogram(t *testing.T) {
	each(t, func(t *testing.T, s Store) {
		appendWait(t, s, sample()...)
		got := search(t, s, Query{Orgs: []string{"B"}})
		r, err := s.Get(context.Background(), got[0].ID)
		if err != nil || r.Raw != got[0].Raw || r.Org != "B" {
			t.Fatalf("Get(%s) = %+v, %v", got[0].ID, r, err)
		}
		if _, err := s.Get(context.Background(), "20261120-ffffff"); err != ErrNotFound {
			t.Fatalf("Get of a missing id: %v", err)
		}
		h, err := s.Histogram(context.Background(), Query{AllOrgs: true, From: base, To: base.Add(5 * time.Minute)}, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		want := []int{1, 1, 1, 1, 1}
		for i, b := range h {
			if b.Count != want[i] {
				t.Fatalf("histogram %v, want counts %v", h, want)
			}
		}
	})
}

func TestRetention(t *testing.T) {
	each(t, func(t *testing.T, s Store) {
		appendWait(t, s, sample()...)
		if d, ok := s.(*Disk); ok {
			if err := d.Checkpoint(context.Background()); err != nil {
				t.Fatal(err)
			}
			if d.Stats().BlocksWritten == 0 {
				t.Fatal("Checkpoint wrote no block")
			}
		}
		keep := func(org string) time.Duration {
			if org == "A" {
				return 6 * time.Hour // A keeps 6 hours: its events of the 19th go.
			}
			return 180 * 24 * time.Hour
		}
		n, err := s.Retain(context.Background(), base.Add(time.Hour), keep)
		if err != nil || n == 0 {
			t.Fatalf("Retain = %d, %v", n, err)
		}
		if got := search(t, s, Query{AllOrgs: true}); len(got) != 5 {
			t.Fatalf("after retention %d events, want 5", len(got))
		}
		if got := search(t, s, Query{AllOrgs: true, Text: "bob"}); len(got) != 0 {
			t.Fatalf("the expired event is still found")
		}
	})
}

// TestSourceRetention: records with their own retention (Keep days) go
// when it passes, whatever the agency keeps; the agency's others stay.
func TestSourceRetention(t *testing.T) {
	each(t, func(t *testing.T, s Store) {
		short := rec("A", `<14>1 - h app - - - ngắn hạn`, -3*24*time.Hour)
		short.Keep = 2
		long := rec("A", `<14>1 - h app - - - dài hạn`, -3*24*time.Hour)
		appendWait(t, s, short, long)
		if d, ok := s.(*Disk); ok {
			if err := d.Checkpoint(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
		n, err := s.Retain(context.Background(), base, func(string) time.Duration { return 180 * 24 * time.Hour })
		if err != nil || n != 1 {
			t.Fatalf("Retain = %d, %v", n, err)
		}
		got := search(t, s, Query{AllOrgs: true})
		if len(got) != 1 || got[0].Keep != 0 {
			t.Fatalf("after retention: %+v", got)
		}
	})
}

// crashCopy copies the store's directory while it runs: what a kill -9
// leaves on disk (a superset, since unsynced pages are copied too).
func crashCopy(t *testing.T, dir string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "copy")
	if out, err := exec.Command("cp", "-a", dir, dst).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v %s", err, out)
	}
	return dst
}

func TestRecoverAfterCrash(t *testing.T) {
	dir := t.TempDir()
	opt := Options{Dir: dir, SyncEvery: 2 * time.Millisecond, SegmentBytes: 4 << 10, BlockRows: 50}
	s, err := Open(opt)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	const n = 2000
	for i := 0; i < n; i += 100 {
		var batch []Record
		for j := i; j < i+100; j++ {
			batch = append(batch, rec("A", fmt.Sprintf("<14>1 2026-11-20T09:00:00+07:00 h app - - - event number %d", j), time.Duration(j)*time.Millisecond))
		}
		appendWait(t, s, batch...)
	}
	time.Sleep(50 * time.Millisecond) // Let a checkpoint or two run, so both blocks and WAL are in play.
	cp := crashCopy(t, dir)
	// A torn write at the end of the WAL, as a crash mid-write leaves.
	segs, _ := listSegments(filepath.Join(cp, "wal"))
	f, err := os.OpenFile(segs[len(segs)-1].path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte{0x40, 0, 0, 0, 1, 2, 3})
	f.Close()
	opt.Dir = cp
	r, err := Open(opt)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	got := search(t, r, Query{AllOrgs: true, Limit: MaxLimit})
	if len(got) != n {
		t.Fatalf("after the crash %d events, want %d", len(got), n)
	}
	seen := map[string]bool{}
	for _, e := range got {
		if seen[e.ID] {
			t.Fatalf("event %s twice", e.ID)
		}
		seen[e.ID] = true
	}
	if s.Stats().BlocksWritten == 0 {
		t.Fatalf("no checkpoint ran: the test did not cover blocks on disk")
	}
}

func TestAppendAfterCloseFails(t *testing.T) {
	s, err := Open(Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := s.Append(context.Background(), sample()); err != ErrClosed {
		t.Fatalf("Append after Close: %v", err)
	}
}

func TestReopenAfterClose(t *testing.T) {
	opt := Options{Dir: t.TempDir(), SyncEvery: time.Millisecond}
	s, err := Open(opt)
	if err != nil {
		t.Fatal(err)
	}
	appendWait(t, s, sample()...)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	r, err := Open(opt)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if got := search(t, r, Query{AllOrgs: true}); len(got) != len(sample()) {
		t.Fatalf("after reopening %d events, want %d", len(got), len(sample()))
	}
	if segs, _ := listSegments(filepath.Join(opt.Dir, "wal")); len(segs) != 1 {
		t.Fatalf("a clean close leaves the WAL checkpointed: %d segments", len(segs))
	}
}

func TestSecondOpenRefused(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if r, err := Open(Options{Dir: dir}); err == nil {
		r.Close()
		t.Fatal("a second store opened the same directory")
	}
}
