// Command webmon measures SPEC §4's website checks: one node checks at
// least 2,000 sites a minute. It starts a separate server process (this
// binary with -serve) answering for thousands of distinct sites
// (127.0.x.y hosts on loopback) with realistic ~80 KB Vietnamese portal
// pages, registers them as monitors in an embedded SQLite store, lets a
// first round learn every baseline, then times a second round of full
// checks — each fetching the page as a browser, Googlebot, a phone and from
// Google, analysing all four, comparing with the baseline and storing the
// result — through a bounded pool of workers.
//
//	go run ./bench/webmon [-sites 2000] [-workers 64] [-db postgres://…]
//
// It prints checks per minute, p50/p95 check duration and the process's
// peak resident memory.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"time"

	"attt/internal/app"
	"attt/internal/config"
	"attt/internal/principal"
	"attt/internal/webmon"
)

func main() {
	serve := flag.String("serve", "", "internal: serve the fixture sites on this address")
	sites := flag.Int("sites", 2000, "monitored sites")
	workers := flag.Int("workers", 16, "checks at once")
	dbURL := flag.String("db", "", "PostgreSQL URL (default: embedded SQLite)")
	flag.Parse()
	if *serve != "" {
		serveSites(*serve)
		return
	}
	if err := run(*sites, *workers, *dbURL); err != nil {
		fmt.Fprintln(os.Stderr, "webmon bench:", err)
		os.Exit(1)
	}
}

func run(n, workers int, dbURL string) error {
	ln, err := net.Listen("tcp", ":0")
	if err != nil {
		return err
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	server := exec.Command(os.Args[0], "-serve", fmt.Sprintf(":%d", port))
	server.Stderr = os.Stderr
	if err := server.Start(); err != nil {
		return err
	}
	defer server.Process.Kill()
	for i := 0; i < 50; i++ {
		if c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port)); err == nil {
			c.Close()
			break
		}
		time.Sleep(100 * time.Millisecond)
	}

	dir, err := os.MkdirTemp("", "attt-webmon-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	cfg := config.Default()
	cfg.DataDir, cfg.DB = dir, dbURL
	ctx := context.Background()
	m, err := app.Open(ctx, cfg, io.Discard, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return err
	}
	defer m.Close()
	root, err := m.EnsureRoot(ctx)
	if err != nil {
		return err
	}
	sys := principal.With(ctx, principal.SystemPrincipal("bench"))
	ids := make([]string, n)
	depth := 0
	for i := range ids {
		mon, err := m.Monitors.CreateMonitor(sys, webmon.MonitorInput{OrgID: root.ID, URL: fmt.Sprintf("http://%s:%d/", host(i), port), CrawlDepth: &depth, MaxPages: 1})
		if err != nil {
			return err
		}
		ids[i] = mon.ID
	}
	round := func() ([]time.Duration, time.Duration, int) {
		var mu sync.Mutex
		var durs []time.Duration
		failed := 0
		work := make(chan string)
		var wg sync.WaitGroup
		start := time.Now()
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for id := range work {
					t0 := time.Now()
					res, err := m.Monitors.CheckNow(sys, id)
					d := time.Since(t0)
					mu.Lock()
					durs = append(durs, d)
					if err != nil || res.Monitor.State != "up" {
						failed++
					}
					mu.Unlock()
				}
			}()
		}
		for _, id := range ids {
			work <- id
		}
		close(work)
		wg.Wait()
		return durs, time.Since(start), failed
	}
	_, learn, _ := round()
	durs, elapsed, failed := round()
	slices.Sort(durs)
	pct := func(p float64) time.Duration {
		return durs[min(len(durs)-1, int(p*float64(len(durs))))].Round(time.Millisecond)
	}
	db := "SQLite"
	if dbURL != "" {
		db = "PostgreSQL"
	}
	fmt.Printf("%s, %d sites (4 variants each, ~80 KB pages), %d workers, server in a separate process on the same 2 cores\n", db, n, workers)
	fmt.Printf("first round (learning baselines, 5 fetches a site): %s\n", learn.Round(time.Millisecond))
	fmt.Printf("checks: %d in %s = %.0f checks/minute (target ≥ 2,000); failed %d\n", len(durs), elapsed.Round(time.Millisecond), float64(len(durs))/elapsed.Minutes(), failed)
	fmt.Printf("check duration: p50 %s, p95 %s, max %s\n", pct(.5), pct(.95), durs[len(durs)-1].Round(time.Millisecond))
	fmt.Printf("peak resident memory of the checking process: %s\n", peakRSS())
	return nil
}

// host gives site i its own loopback address, so each is a distinct host.
func host(i int) string { return fmt.Sprintf("127.0.%d.%d", i/250+1, i%250+1) }

func peakRSS() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "?"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			return strings.TrimSpace(strings.TrimPrefix(line, "VmHWM:"))
		}
	}
	return "?"
}

// serveSites answers every host with its own realistic portal page.
func serveSites(addr string) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, page(r.Host))
	})
	srv := &http.Server{Addr: addr, Handler: h, ReadHeaderTimeout: 5 * time.Second}
	if err := srv.ListenAndServe(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func page(host string) string {
	var b strings.Builder
	b.WriteString(`<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Cổng thông tin điện tử ` + host + `</title>
<link rel="stylesheet" href="/static/style.css"><script src="/static/app.js"></script></head><body><header><h1>Cổng thông tin điện tử ` + host + `</h1>
<nav><a href="/">Trang chủ</a> <a href="/gioi-thieu">Giới thiệu</a> <a href="/tin-tuc">Tin tức</a> <a href="/van-ban">Văn bản</a> <a href="/lien-he">Liên hệ</a></nav></header><main>`)
	fmt.Fprintf(&b, `<p class="date">Hôm nay: %s — Lượt truy cập: %d</p>`, time.Now().Format("02/01/2006 15:04"), time.Now().UnixNano()%1000000)
	for i := 0; i < 120; i++ {
		fmt.Fprintf(&b, `<article class="news"><h3><a href="/tin-tuc/bai-%d">Hội nghị triển khai nhiệm vụ năm 2026 số %d</a></h3>
<p>Sáng ngày %d/11/2026, Ủy ban nhân dân tỉnh tổ chức hội nghị triển khai các nhiệm vụ trọng tâm về chuyển đổi số, an toàn thông tin và cải cách hành chính. Tham dự có lãnh đạo các sở, ban, ngành và UBND các xã, phường.</p>
<img src="/anh/%d.jpg" alt="Ảnh hội nghị %d"></article>`, i, i, i%28+1, i, i)
	}
	b.WriteString(`</main><footer><p>Cơ quan chủ quản: UBND tỉnh Hưng Yên</p><a href="https://chinhphu.gov.vn">Chính phủ</a></footer></body></html>`)
	return b.String()
}
