package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"attt/bench/logmsg"
	"attt/internal/audit"
	"attt/internal/db"
	"attt/internal/directory"
	"attt/internal/logs"
	"attt/internal/logs/ingest"
	"attt/internal/logs/store"
)

// receive runs attt's ingest path — TCP listener, framing, parsing,
// source resolution, store — in this process, prints its address, and
// reports once n events are durable.
func receive(o options) error {
	ctx := context.Background()
	if o.profile != "" {
		f, err := os.Create(o.profile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	dir, err := os.MkdirTemp("", "logingest-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	d, cleanup, err := openDB(ctx, o, dir)
	if err != nil {
		return err
	}
	defer cleanup()
	var st store.Store
	var disk *store.Disk
	if o.store == "postgres" {
		st = store.OpenPostgres(d.W, 0)
	} else {
		if disk, err = store.Open(store.Options{Dir: filepath.Join(dir, "logs")}); err != nil {
			return err
		}
		st = disk
	}
	trail := audit.New(d, time.Now)
	svc := logs.New(d, trail, directory.New(d, trail, time.Now), st, logs.Options{})
	if err := svc.Start(ctx); err != nil {
		return err
	}
	in := ingest.New(st, svc.Resolver(), ingest.Options{TCP: "127.0.0.1:0", Loc: time.FixedZone("ICT", 7*3600)})
	ls, err := in.Listen()
	if err != nil {
		return err
	}
	sctx, stop := context.WithCancel(ctx)
	defer stop()
	go svc.Run(sctx) // The shipped detection rules run on every durable event.
	go in.Serve(sctx, ls)
	fmt.Printf("listening %s\n", ls.TCP.Addr())
	if err := waitDurable(ctx, o, disk, d.W); err != nil {
		return err
	}
	fmt.Println("durable")
	r := result{Store: o.store, PeakRSS: peakRSS(), Received: in.Stats().Received.Load()}
	stop()
	if r.Found, err = count(ctx, st); err != nil {
		return err
	}
	if disk != nil {
		r.Fsyncs = disk.Stats().Fsyncs
		if err := disk.Checkpoint(ctx); err != nil {
			return err
		}
		r.DiskKiB = logmsg.DiskUsage(filepath.Join(dir, "logs")) / 1024
	}
	st.Close()
	return json.NewEncoder(os.Stdout).Encode(r)
}

// waitDurable polls until n events are durable: the WAL's fsynced count
// for the embedded store, committed rows for PostgreSQL.
func waitDurable(ctx context.Context, o options, disk *store.Disk, pg *sql.DB) error {
	deadline := time.Now().Add(10 * time.Minute)
	for time.Now().Before(deadline) {
		var n int64
		if disk != nil {
			n = disk.Stats().Durable
		} else if err := pg.QueryRowContext(ctx, `SELECT count(*) FROM log_events`).Scan(&n); err != nil {
			return err
		}
		if n >= int64(o.n) {
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("events not durable after 10 minutes")
}

// count searches the store for every event of the benchmark's day.
func count(ctx context.Context, st store.Store) (int, error) {
	from := time.Date(2026, 11, 24, 0, 0, 0, 0, time.FixedZone("ICT", 7*3600))
	h, err := st.Histogram(ctx, store.Query{AllOrgs: true, From: from, To: from.Add(48 * time.Hour)}, 48*time.Hour)
	if err != nil {
		return 0, err
	}
	return h[0].Count, nil
}

func openDB(ctx context.Context, o options, dir string) (*db.DB, func(), error) {
	opt := db.Options{DataDir: dir}
	drop := func() {}
	if o.store == "postgres" {
		schema := fmt.Sprintf("bench_logs_%d", os.Getpid())
		admin, err := sql.Open("pgx", o.pg)
		if err != nil {
			return nil, nil, err
		}
		if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
			return nil, nil, err
		}
		drop = func() { admin.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); admin.Close() }
		sep := "?"
		if strings.Contains(o.pg, "?") {
			sep = "&"
		}
		opt = db.Options{URL: o.pg + sep + "search_path=" + schema}
	}
	d, err := db.Open(ctx, opt)
	if err != nil {
		drop()
		return nil, nil, err
	}
	if err := d.Migrate(ctx); err != nil {
		d.Close()
		drop()
		return nil, nil, err
	}
	return d, func() { d.Close(); drop() }, nil
}

// peakRSS reads this process's peak resident set (VmHWM) in KiB.
func peakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return n
		}
	}
	return 0
}
