// Command logsearch measures central log search (SPEC §4: 10 million
// events, field filter and time range, p95 ≤ 300 ms) on the embedded
// store: it fills a store with n events over several days and agencies,
// then times searches as an officer (one agency) would run them.
//
//	go run ./bench/logsearch -n 10000000 -dir /tmp/logsearch
//
// A second run with the same -dir reuses the store.
package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"time"

	"attt/bench/logmsg"
	"attt/internal/logs/parse"
	"attt/internal/logs/store"
)

var zone = time.FixedZone("ICT", 7*3600)

func main() {
	n := flag.Int("n", 10_000_000, "events to store")
	days := flag.Int("days", 10, "days the events span")
	orgs := flag.Int("orgs", 20, "agencies the events belong to")
	queries := flag.Int("queries", 60, "searches of each kind")
	dir := flag.String("dir", filepath.Join(os.TempDir(), "logsearch"), "store directory (kept, reused when full)")
	flag.Parse()
	if err := run(*n, *days, *orgs, *queries, *dir); err != nil {
		fmt.Fprintln(os.Stderr, "logsearch:", err)
		os.Exit(1)
	}
}

var start = time.Date(2026, 11, 1, 0, 0, 0, 0, zone)

func run(n, days, orgs, queries int, dir string) error {
	ctx := context.Background()
	fresh := !exists(filepath.Join(dir, "manifest.log"))
	st, err := store.Open(store.Options{Dir: dir})
	if err != nil {
		return err
	}
	defer st.Close()
	span := time.Duration(days) * 24 * time.Hour
	if fresh {
		t0 := time.Now()
		if err := fill(ctx, st, n, orgs, span); err != nil {
			return err
		}
		el := time.Since(t0)
		fmt.Printf("stored %d events over %d days and %d agencies in %.1f s (%.0f events/s, parsed and durable), %d MiB on disk\n",
			n, days, orgs, el.Seconds(), float64(n)/el.Seconds(), logmsg.DiskUsage(dir)>>20)
	} else {
		fmt.Printf("reusing the store in %s (%d MiB)\n", dir, logmsg.DiskUsage(dir)>>20)
	}
	rnd := rand.New(rand.NewPCG(1, 2))
	window := func() (time.Time, time.Time) {
		from := start.Add(time.Duration(rnd.Int64N(int64(span - 24*time.Hour))))
		return from, from.Add(24 * time.Hour)
	}
	org := func() []string { return []string{fmt.Sprintf("org%02d", rnd.IntN(orgs))} }
	kinds := []struct {
		name string
		q    func() store.Query
	}{
		{"field + 24 h range, one agency", func() store.Query {
			f, t := window()
			return store.Query{Orgs: org(), From: f, To: t, Fields: []store.FieldMatch{{Key: "ssh.user", Value: fmt.Sprintf("user%d", rnd.IntN(997))}}}
		}},
		{"field + 24 h range, province", func() store.Query {
			i := 4 * rnd.IntN(n/4) // An address event i has, in a window holding it.
			f := start.Add(time.Duration(i) * (span / time.Duration(n))).Add(-time.Duration(rnd.Int64N(int64(24 * time.Hour))))
			t := f.Add(24 * time.Hour)
			return store.Query{AllOrgs: true, From: f, To: t, Fields: []store.FieldMatch{{Key: "ssh.src", Value: fmt.Sprintf("10.%d.%d.%d", i%256, (i/256)%256, i%253+1)}}}
		}},
		{"free text + 24 h range, one agency", func() store.Query {
			f, t := window()
			return store.Query{Orgs: org(), From: f, To: t, Text: fmt.Sprintf("đăng nhập nguyen.van.%d", 4*rnd.IntN(1250)+3)}
		}},
		{"free text, all time, province", func() store.Query {
			return store.Query{AllOrgs: true, Text: fmt.Sprintf("failed password user%d", rnd.IntN(997))}
		}},
	}
	for _, k := range kinds {
		var took []time.Duration
		found := 0
		for i := 0; i < queries; i++ {
			q := k.q()
			t0 := time.Now()
			res, err := st.Search(ctx, q)
			if err != nil {
				return err
			}
			took = append(took, time.Since(t0))
			found += len(res.Events)
		}
		slices.Sort(took)
		fmt.Printf("%-38s p50 %6.1f ms  p95 %6.1f ms  max %6.1f ms  (%d searches, %.0f events each on average)\n", k.name,
			ms(took[len(took)/2]), ms(took[len(took)*95/100]), ms(took[len(took)-1]), len(took), float64(found)/float64(len(took)))
	}
	return nil
}

// fill stores n parsed events spread evenly over span, agency by host.
func fill(ctx context.Context, st *store.Disk, n, orgs int, span time.Duration) error {
	step := span / time.Duration(n)
	var line []byte
	var last store.Ack
	batch := make([]store.Record, 0, 5000)
	for i := 0; i < n; i++ {
		t := start.Add(time.Duration(i) * step)
		line = logmsg.Append(line[:0], 0, i, t)
		e := parse.ParseSyslog(line[:len(line)-1], t, zone)
		org := fmt.Sprintf("org%02d", (i*7)%200%orgs)
		batch = append(batch, store.FromEvent(e, org, "src-"+e.Host, "10.0.0.1"))
		if len(batch) == cap(batch) {
			a, err := st.Append(ctx, batch)
			if err != nil {
				return err
			}
			last, batch = a, make([]store.Record, 0, 5000)
		}
	}
	if len(batch) > 0 {
		a, err := st.Append(ctx, batch)
		if err != nil {
			return err
		}
		last = a
	}
	if err := last.Wait(ctx); err != nil {
		return err
	}
	return st.Checkpoint(ctx)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func exists(p string) bool { _, err := os.Stat(p); return err == nil }
