// Command logingest measures central log ingest (SPEC §4): RFC 5424 over
// TCP from a separate sender process into attt's ingest path, durable and
// searchable, with the embedded store and with PostgreSQL; and rsyslog
// receiving the same stream over TCP into a plain file, for the ratio.
//
//	go run ./bench/logingest -n 2000000
//
// The program runs itself in three roles: the orchestrator (default), a
// receiver (-role receive: ingest + store in their own process, so its
// peak RSS is attt's alone) and a sender (-role send).
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"time"
)

type options struct {
	role    string
	n       int
	conns   int
	store   string
	addr    string
	pg      string
	rsyslog bool
	stores  string
	profile string
}

func main() {
	var o options
	flag.StringVar(&o.role, "role", "", "internal: receive or send")
	flag.IntVar(&o.n, "n", 2_000_000, "events to send")
	flag.IntVar(&o.conns, "conns", 2, "TCP connections of the sender")
	flag.StringVar(&o.store, "store", "embedded", "receiver store: embedded or postgres")
	flag.StringVar(&o.stores, "stores", "embedded,postgres", "stores to measure")
	flag.StringVar(&o.addr, "addr", "", "internal: address to send to")
	flag.StringVar(&o.pg, "pg", os.Getenv("ATTT_TEST_POSTGRES"), "PostgreSQL URL for the postgres store")
	flag.StringVar(&o.profile, "cpuprofile", "", "write the receiver's CPU profile to this file")
	flag.BoolVar(&o.rsyslog, "rsyslog", true, "measure rsyslog too (installed with apt-get when missing)")
	flag.Parse()
	var err error
	switch o.role {
	case "send":
		err = send(o.addr, o.n, o.conns)
	case "receive":
		err = receive(o)
	default:
		err = orchestrate(o)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "logingest:", err)
		os.Exit(1)
	}
}

// result is what a receiver reports.
type result struct {
	Store    string  `json:"store"`
	Seconds  float64 `json:"seconds"`
	PeakRSS  int64   `json:"peak_rss_kib"`
	Found    int     `json:"found"`
	Fsyncs   int64   `json:"fsyncs"`
	DiskKiB  int64   `json:"disk_kib"`
	Received int64   `json:"received"`
}

func orchestrate(o options) error {
	fmt.Printf("logingest: %d RFC 5424 events over TCP (%d connections) from a separate sender process\n\n", o.n, o.conns)
	var base float64
	if o.rsyslog {
		secs, err := runRsyslog(o)
		if err != nil {
			return err
		}
		base = float64(o.n) / secs
		fmt.Printf("%-22s %8.2f s  %9.0f events/s  (plain file, not fsynced)\n", "rsyslog "+rsyslogVersion(), secs, base)
	}
	for _, st := range strings.Split(o.stores, ",") {
		if st == "postgres" && o.pg == "" {
			fmt.Println("postgres: skipped (set ATTT_TEST_POSTGRES or -pg)")
			continue
		}
		r, err := runReceiver(o, st)
		if err != nil {
			return err
		}
		rate := float64(o.n) / r.Seconds
		ratio := ""
		if base > 0 {
			ratio = fmt.Sprintf("  %.2f× rsyslog", rate/base)
		}
		fmt.Printf("%-22s %8.2f s  %9.0f events/s%s  peak RSS %d MiB  found %d  fsyncs %d  on disk %d MiB\n",
			"attt "+st, r.Seconds, rate, ratio, r.PeakRSS/1024, r.Found, r.Fsyncs, r.DiskKiB/1024)
	}
	return nil
}

// runReceiver starts a receiver process, then the sender, and times from
// the sender's start to the receiver's report that all events are durable.
func runReceiver(o options, st string) (result, error) {
	args := []string{"-role", "receive", "-store", st, "-n", fmt.Sprint(o.n), "-pg", o.pg, "-cpuprofile", o.profile}
	cmd := exec.Command(os.Args[0], args...)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return result{}, err
	}
	if err := cmd.Start(); err != nil {
		return result{}, err
	}
	defer cmd.Wait()
	lines := bufio.NewScanner(out)
	if !lines.Scan() {
		return result{}, fmt.Errorf("receiver did not start")
	}
	addr := strings.TrimPrefix(lines.Text(), "listening ")
	start := time.Now()
	if err := startSender(addr, o); err != nil {
		return result{}, err
	}
	if !lines.Scan() || lines.Text() != "durable" {
		return result{}, fmt.Errorf("receiver: %q", lines.Text())
	}
	secs := time.Since(start).Seconds()
	var r result
	if !lines.Scan() {
		return r, fmt.Errorf("receiver gave no result")
	}
	if err := json.Unmarshal(lines.Bytes(), &r); err != nil {
		return r, err
	}
	io.Copy(io.Discard, out)
	r.Seconds = secs
	return r, nil
}

// startSender runs the sender process to completion in the background.
func startSender(addr string, o options) error {
	s := exec.Command(os.Args[0], "-role", "send", "-addr", addr, "-n", fmt.Sprint(o.n), "-conns", fmt.Sprint(o.conns))
	s.Stderr = os.Stderr
	if err := s.Start(); err != nil {
		return err
	}
	go s.Wait()
	return nil
}
