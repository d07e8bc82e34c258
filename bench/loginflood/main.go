// Command loginflood measures Đ7.7 in practice: legitimate people keep
// signing in while an attacker floods the sign-in with N times their volume
// (default 20×). It starts attt in this process on the embedded SQLite store
// with the shipped password-hashing settings, creates the accounts, and
// drives both loads over real HTTP on loopback. Client addresses are carried
// in X-Forwarded-For from a trusted proxy (127.0.0.1), so legitimate users
// and the attacker's addresses are distinct as they would be in production.
//
//	go run ./bench/loginflood [-legit 4] [-factor 20] [-attackers 2000] [-duration 30s]
//
// It prints the legitimate sign-ins' p50/p95/p99 latency, how many failed,
// and what the attacker's requests received.
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
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"attt/internal/app"
	"attt/internal/config"
	"attt/internal/directory"
	"attt/internal/errs"
	"attt/internal/principal"
)

func main() {
	legit := flag.Float64("legit", 4, "legitimate sign-ins per second")
	factor := flag.Float64("factor", 20, "attacker volume as a multiple of the legitimate volume")
	attackers := flag.Int("attackers", 2000, "distinct attacker addresses (a botnet spreads its guesses)")
	users := flag.Int("users", 200, "legitimate accounts")
	duration := flag.Duration("duration", 30*time.Second, "how long to measure")
	noDevices := flag.Bool("no-devices", false, "legitimate users arrive without device cookies")
	flag.Parse()
	if err := run(*legit, *factor, *attackers, *users, *duration, *noDevices); err != nil {
		fmt.Fprintln(os.Stderr, "loginflood:", err)
		for _, d := range errs.As(err).Details {
			fmt.Fprintln(os.Stderr, "  -", d.VI)
		}
		os.Exit(1)
	}
}

const password = "Phố-Hiến#Sông-Hồng-1987"

func run(legitRate, factor float64, attackers, users int, duration time.Duration, noDevices bool) error {
	dir, err := os.MkdirTemp("", "attt-loginflood-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	cfg := config.Default()
	cfg.DataDir = dir
	cfg.TrustedProxies = []string{"127.0.0.1"}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
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
	for i := 0; i < users; i++ {
		if _, err := m.Auth.CreateAccount(sys, directory.PersonInput{Login: fmt.Sprintf("canbo%04d", i), FullName: "Nguyễn Thị Mai", OrgID: root.ID}, password); err != nil {
			return err
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	go func() { _ = m.Serve(ctx, ln) }()
	url := "http://" + ln.Addr().String() + "/api/v1/login"
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 512}, Timeout: 30 * time.Second}

	fmt.Printf("attt login flood: %.1f legitimate sign-ins/s, attacker %.0f× = %.1f/s from %d addresses, %d accounts, %s, hash m=%d KiB t=%d, %d hash workers, device cookies %v\n",
		legitRate, factor, legitRate*factor, attackers, users, duration, cfg.HashMemoryKiB, cfg.HashTime, cfg.HashWorkers, !noDevices)

	var mu sync.Mutex
	var legitLat []time.Duration
	var legitFail atomic.Int64
	attackStatus := map[int]int{}
	var wg sync.WaitGroup
	var deadline time.Time

	fire := func(rate float64, each func(i int)) {
		defer wg.Done()
		interval := time.Duration(float64(time.Second) / rate)
		next := time.Now()
		for i := 0; time.Now().Before(deadline); i++ {
			wg.Add(1)
			go func(i int) { defer wg.Done(); each(i) }(i)
			next = next.Add(interval)
			time.Sleep(time.Until(next))
		}
	}
	post := func(ip, login, pw, device string) (int, time.Duration, string) {
		body, _ := json.Marshal(map[string]string{"login": login, "password": pw})
		req, _ := http.NewRequest("POST", url, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Forwarded-For", ip)
		if device != "" {
			req.AddCookie(&http.Cookie{Name: "attt_device", Value: device})
		}
		start := time.Now()
		res, err := client.Do(req)
		if err != nil {
			return 0, time.Since(start), ""
		}
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		for _, c := range res.Cookies() {
			if c.Name == "attt_device" {
				device = c.Value
			}
		}
		return res.StatusCode, time.Since(start), device
	}
	// Legitimate people have signed in from their own browsers before: one
	// warm-up sign-in each gives them their device cookie (-no-devices
	// measures without).
	devices := make([]string, users)
	if !noDevices {
		for u := range devices {
			_, _, devices[u] = post(legitIP(u), fmt.Sprintf("canbo%04d", u), password, "")
		}
	}
	deadline = time.Now().Add(duration)
	wg.Add(2)
	go fire(legitRate, func(i int) {
		u := i % users
		code, d, _ := post(legitIP(u), fmt.Sprintf("canbo%04d", u), password, devices[u])
		mu.Lock()
		legitLat = append(legitLat, d)
		mu.Unlock()
		if code != http.StatusOK {
			legitFail.Add(1)
		}
	})
	go fire(legitRate*factor, func(i int) {
		a := rand.IntN(attackers)
		// Credential stuffing: real and made-up logins with leaked passwords.
		login := fmt.Sprintf("canbo%04d", rand.IntN(users*2))
		code, _, _ := post(fmt.Sprintf("172.16.%d.%d", a/250, a%250+1), login, fmt.Sprintf("Leaked#%d", rand.IntN(1e6)), "")
		mu.Lock()
		attackStatus[code]++
		mu.Unlock()
	})
	wg.Wait()

	slices.Sort(legitLat)
	pct := func(p float64) time.Duration {
		if len(legitLat) == 0 {
			return 0
		}
		return legitLat[min(len(legitLat)-1, int(p*float64(len(legitLat))))]
	}
	fmt.Printf("legitimate sign-ins: %d, failed: %d, p50 %s, p95 %s, p99 %s (target p99 ≤ 1s)\n",
		len(legitLat), legitFail.Load(), pct(.50).Round(time.Millisecond), pct(.95).Round(time.Millisecond), pct(.99).Round(time.Millisecond))
	fmt.Printf("attacker requests by status: %v\n", attackStatus)
	st := m.Hashing.Stats()
	fmt.Printf("hashing queue: admitted %d, rejected %d (full %d, timeout %d)\n", st.Admitted, st.Rejected, st.RejectedFull, st.RejectedTimeout)
	return nil
}

func legitIP(u int) string { return fmt.Sprintf("10.1.%d.%d", u/250, u%250+1) }
