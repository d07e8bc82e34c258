// Package e2e starts the whole attt program for end-to-end tests: real
// database (SQLite in a temp dir, or a fresh PostgreSQL schema), real HTTP
// server on 127.0.0.1:0, real services — with cheap password hashing so
// tests stay fast.
package e2e

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"os"
	"sync"
	"testing"
	"time"

	"attt/internal/app"
	"attt/internal/config"
	"attt/internal/db/dbtest"
	"attt/internal/directory"
	"attt/internal/principal"
)

// Instance is a running attt.
type Instance struct {
	URL  string
	Main *app.Main
	out  *syncBuffer
}

// Options adjust the configuration before start.
type Options struct {
	Postgres bool
	Tune     func(*config.Config)
}

// Start runs attt until the test ends.
func Start(tb testing.TB, o Options) *Instance {
	tb.Helper()
	cfg := config.Default()
	cfg.DataDir = tb.TempDir()
	cfg.Addr = "127.0.0.1:0"
	cfg.HashMemoryKiB, cfg.HashTime = 1024, 1
	if o.Postgres {
		base := os.Getenv(dbtest.EnvPostgres)
		if base == "" {
			tb.Skip(dbtest.EnvPostgres + " not set")
		}
		cfg.DB = dbtest.NewSchemaURL(tb, base)
	}
	if o.Tune != nil {
		o.Tune(&cfg)
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		tb.Fatal(err)
	}
	cfg.BaseURL = "http://" + ln.Addr().String()
	out := &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	m, err := app.Open(ctx, cfg, out, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		cancel()
		tb.Fatal(err)
	}
	if _, err := m.EnsureRoot(ctx); err != nil {
		tb.Fatal(err)
	}
	if err := m.ListenMail(); err != nil {
		tb.Fatal(err)
	}
	if err := m.OpenLogs(ctx); err != nil {
		tb.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- m.Serve(ctx, ln) }()
	tb.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			tb.Error("e2e: server did not stop")
		}
		m.Close()
	})
	return &Instance{URL: cfg.BaseURL, Main: m, out: out}
}

// Output is what attt printed for operators (setup and demo links).
func (in *Instance) Output() string { return in.out.String() }

// System is a context acting as attt itself.
func (in *Instance) System() context.Context {
	return principal.With(context.Background(), principal.SystemPrincipal("test"))
}

// Org creates an organisation under parentCode ("" = the root) and returns it.
func (in *Instance) Org(tb testing.TB, code, name string, typ directory.OrgType, parentCode string) *directory.Org {
	tb.Helper()
	ctx := in.System()
	parent, err := in.Main.Dir.Root(ctx)
	if parentCode != "" {
		parent, err = in.Main.Dir.GetOrgByCode(ctx, parentCode)
	}
	if err != nil {
		tb.Fatal(err)
	}
	o, err := in.Main.Dir.CreateOrg(ctx, directory.OrgInput{Code: code, Name: name, Type: typ, ParentID: parent.ID})
	if err != nil {
		tb.Fatal(err)
	}
	return o
}

// Person creates an active account with password pw in orgCode ("" = root)
// holding roles on that organisation.
func (in *Instance) Person(tb testing.TB, login, name, orgCode, pw string, roles ...principal.Role) *directory.Person {
	tb.Helper()
	ctx := in.System()
	org, err := in.Main.Dir.Root(ctx)
	if orgCode != "" {
		org, err = in.Main.Dir.GetOrgByCode(ctx, orgCode)
	}
	if err != nil {
		tb.Fatal(err)
	}
	p, err := in.Main.Auth.CreateAccount(ctx, directory.PersonInput{Login: login, FullName: name, OrgID: org.ID, Roles: roles}, pw)
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
