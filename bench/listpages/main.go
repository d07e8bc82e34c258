// Command listpages measures SPEC §4's list pages: p99 ≤ 100 ms at 500
// requests/s. It starts attt in this process on the embedded SQLite store,
// imports a province of 1,000 organisations and 10,000 people through the
// real CSV importer, signs in 50 people (province authority, agency
// officers) and sends an open-loop load of list requests over HTTP on
// loopback: people and organisation pages of 50 rows at random offsets, the
// audit trail, the dashboard and the people page of the web UI. Each request carries its user's own address
// via a trusted proxy, as behind a real reverse proxy.
//
//	go run ./bench/listpages [-rate 500] [-duration 30s] [-db postgres://…]
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"time"

	"attt/internal/app"
	"attt/internal/config"
	"attt/internal/principal"
)

const password = "Phố-Hiến#Sông-Hồng-1987"

// profile is the -cpuprofile file, set once in main.
var profile string

func main() {
	rate := flag.Float64("rate", 500, "requests per second")
	duration := flag.Duration("duration", 30*time.Second, "how long to measure")
	orgs := flag.Int("orgs", 1000, "organisations")
	people := flag.Int("people", 10000, "people")
	incidents := flag.Int("incidents", 5000, "incidents")
	core := flag.Bool("core", false, "only the six routes of the first measurement (no incident lists)")
	dbURL := flag.String("db", "", "PostgreSQL URL (default: embedded SQLite)")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the measured period to this file")
	flag.Parse()
	profile = *cpuProfile
	if err := run(*rate, *duration, *orgs, *people, *incidents, *core, *dbURL); err != nil {
		fmt.Fprintln(os.Stderr, "listpages:", err)
		os.Exit(1)
	}
}

type user struct {
	ip, token, orgID string
}

func run(rate float64, duration time.Duration, nOrgs, nPeople, nIncidents int, core bool, dbURL string) error {
	dir, err := os.MkdirTemp("", "attt-listpages-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	cfg := config.Default()
	cfg.DataDir, cfg.DB = dir, dbURL
	cfg.TrustedProxies = []string{"127.0.0.1"}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	m, err := app.Open(ctx, cfg, io.Discard, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return err
	}
	defer m.Close()
	if _, err := m.EnsureRoot(ctx); err != nil {
		return err
	}
	sys := principal.With(ctx, principal.SystemPrincipal("bench"))
	start := time.Now()
	var orgCSV strings.Builder
	orgCSV.WriteString("Mã đơn vị,Tên đơn vị,Loại,Mã đơn vị cấp trên\n")
	depts := nOrgs / 20
	for d := 0; d < depts; d++ {
		fmt.Fprintf(&orgCSV, "S%03d,Sở số %d,sở,\n", d, d)
	}
	for i := depts; i < nOrgs; i++ {
		fmt.Fprintf(&orgCSV, "U%04d,Đơn vị trực thuộc số %d,đơn vị sự nghiệp,S%03d\n", i, i, i%depts)
	}
	if _, err := m.Dir.ImportOrgs(sys, "orgs.csv", strings.NewReader(orgCSV.String())); err != nil {
		return fmt.Errorf("import orgs: %w", err)
	}
	var peopleCSV strings.Builder
	peopleCSV.WriteString("Tên đăng nhập,Họ và tên,Mã đơn vị\n")
	family := []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"}
	given := []string{"An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Khánh", "Lan", "Minh", "Nga", "Phúc", "Quang", "Thảo", "Tuấn", "Yến"}
	for i := 0; i < nPeople; i++ {
		code := fmt.Sprintf("U%04d", depts+i%(nOrgs-depts))
		if i%10 == 0 {
			code = fmt.Sprintf("S%03d", i%depts)
		}
		fmt.Fprintf(&peopleCSV, "cb%05d,%s Văn %s,%s\n", i, family[i%len(family)], given[i%len(given)], code)
	}
	if _, err := m.Dir.ImportPeople(sys, "people.csv", strings.NewReader(peopleCSV.String())); err != nil {
		return fmt.Errorf("import people: %w", err)
	}
	fmt.Printf("seeded %d organisations and %d people in %s\n", nOrgs, nPeople, time.Since(start).Round(time.Millisecond))
	var codes []string
	for i := 0; i < nOrgs; i++ {
		if i < depts {
			codes = append(codes, fmt.Sprintf("S%03d", i))
		} else {
			codes = append(codes, fmt.Sprintf("U%04d", i))
		}
	}
	if err := seedIncidents(sys, m, codes, nIncidents); err != nil {
		return err
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	go func() { _ = m.Serve(ctx, ln) }()
	base := "http://" + ln.Addr().String()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 1024}, Timeout: 10 * time.Second}

	// 50 people: 5 province authorities, 45 officers of departments.
	root, err := m.Dir.Root(ctx)
	if err != nil {
		return err
	}
	var users []user
	for i := 0; i < 50; i++ {
		orgCode, role := fmt.Sprintf("S%03d", i%depts), principal.Officer
		org, err := m.Dir.GetOrgByCode(sys, orgCode)
		if err != nil {
			return err
		}
		orgID := org.ID
		if i < 5 {
			orgID, role = root.ID, principal.Authority
		}
		login := fmt.Sprintf("bench%02d", i)
		if _, err := m.Auth.CreateAccount(sys, personInput(login, orgID, role), password); err != nil {
			return err
		}
		ip := fmt.Sprintf("10.2.0.%d", i+1)
		token, err := signIn(client, base, ip, login)
		if err != nil {
			return err
		}
		users = append(users, user{ip: ip, token: token, orgID: orgID})
	}

	routes := []struct {
		name string
		path func(u user) string
	}{
		{"GET /api/v1/people?limit=50", func(u user) string {
			return fmt.Sprintf("/api/v1/people?limit=50&offset=%d", 50*rand.IntN(20))
		}},
		{"GET /api/v1/people?q=…", func(u user) string {
			return "/api/v1/people?limit=50&q=" + strings.ToLower(given[rand.IntN(len(given))][:2])
		}},
		{"GET /api/v1/orgs?limit=50", func(u user) string { return fmt.Sprintf("/api/v1/orgs?limit=50&offset=%d", 50*rand.IntN(10)) }},
		{"GET /api/v1/audit?limit=50", func(u user) string { return "/api/v1/audit?limit=50" }},
		{"GET / (dashboard)", func(u user) string { return "/" }},
		{"GET /people (HTML, 100 rows)", func(u user) string { return fmt.Sprintf("/people?offset=%d", 100*rand.IntN(5)) }},
		{"GET /api/v1/incidents?limit=50", func(u user) string { return fmt.Sprintf("/api/v1/incidents?limit=50&offset=%d", 50*rand.IntN(3)) }},
		{"GET /api/v1/incidents?q=…", func(u user) string {
			return "/api/v1/incidents?limit=50&q=" + url.QueryEscape([]string{"ma doc", "gia mao", "tấn công"}[rand.IntN(3)])
		}},
		{"GET /incidents (HTML, 50 rows)", func(u user) string { return "/incidents" }},
	}
	if core {
		routes = routes[:6]
	}
	lat := make([][]time.Duration, len(routes))
	failures := make([]int, len(routes))
	var mu sync.Mutex
	var wg sync.WaitGroup
	if profile != "" {
		f, err := os.Create(profile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	interval := time.Duration(float64(time.Second) / rate)
	deadline := time.Now().Add(duration)
	next := time.Now()
	for i := 0; time.Now().Before(deadline); i++ {
		u := users[i%len(users)]
		ri := i % len(routes)
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest("GET", base+routes[ri].path(u), nil)
			req.Header.Set("Authorization", "Bearer "+u.token)
			req.Header.Set("X-Forwarded-For", u.ip)
			t0 := time.Now()
			res, err := client.Do(req)
			ok := err == nil && res.StatusCode == 200
			if err == nil {
				_, _ = io.Copy(io.Discard, res.Body)
				res.Body.Close()
			}
			d := time.Since(t0)
			mu.Lock()
			lat[ri] = append(lat[ri], d)
			if !ok {
				failures[ri]++
			}
			mu.Unlock()
		}()
		next = next.Add(interval)
		time.Sleep(time.Until(next))
	}
	wg.Wait()
	db := "SQLite"
	if dbURL != "" {
		db = "PostgreSQL"
	}
	fmt.Printf("%s, %.0f requests/s for %s, 50 signed-in users (5 province-wide):\n", db, rate, duration)
	var all []time.Duration
	for i, r := range routes {
		all = append(all, lat[i]...)
		fmt.Printf("  %-30s n=%-6d failed=%-4d %s\n", r.name, len(lat[i]), failures[i], percentiles(lat[i]))
	}
	fmt.Printf("  %-30s n=%-6d            %s (target p99 ≤ 100ms)\n", "all", len(all), percentiles(all))
	return nil
}

func percentiles(d []time.Duration) string {
	slices.Sort(d)
	at := func(p float64) time.Duration {
		if len(d) == 0 {
			return 0
		}
		return d[min(len(d)-1, int(p*float64(len(d))))].Round(100 * time.Microsecond)
	}
	return fmt.Sprintf("p50 %-8s p95 %-8s p99 %s", at(.5), at(.95), at(.99))
}

func signIn(client *http.Client, base, ip, login string) (string, error) {
	body, _ := json.Marshal(map[string]string{"login": login, "password": password})
	req, _ := http.NewRequest("POST", base+"/api/v1/login", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Forwarded-For", ip)
	res, err := client.Do(req)
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	var ans struct{ Token string }
	if err := json.NewDecoder(res.Body).Decode(&ans); err != nil || ans.Token == "" {
		return "", fmt.Errorf("sign in %s: status %d", login, res.StatusCode)
	}
	return ans.Token, nil
}
