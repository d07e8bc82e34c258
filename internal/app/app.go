// Package app assembles attt: configuration → database → services →
// servers. Main is what cmd/attt runs and what end-to-end tests start on
// port 0.
package app

import (
	"attt/internal/asset"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"path/filepath"
	"time"

	"attt/internal/audit"
	"attt/internal/auth"
	"attt/internal/auth/password"
	"attt/internal/config"
	"attt/internal/db"
	"attt/internal/directory"
	"attt/internal/errs"
	"attt/internal/incident"
	"attt/internal/intake"
	"attt/internal/logs"
	"attt/internal/logs/ingest"
	"attt/internal/notify"
	"attt/internal/principal"
	"attt/internal/settings"
	"attt/internal/web/guard"
	"attt/internal/webmon"
	"attt/internal/webmon/fetch"
)

// Main is a running installation's parts.
type Main struct {
	Cfg   config.Config
	DB    *db.DB
	Trail *audit.Trail
	Dir   *directory.Service
	Auth  *auth.Service
	// Settings are the rules an administrator changes while attt runs;
	// Auth and the audit pruning read them live.
	Settings *settings.Service
	Hashing  *guard.WorkQueue
	// Monitors checks the agencies' web sites (S6).
	Monitors *webmon.Service
	// Notify is the notifications room (S12): inboxes, email, webhooks;
	// other rooms call Notify.SendTx inside their own transactions.
	Notify *notify.Service
	// Files is the intake gate every upload passes (S11) and FileStore
	// where accepted files are kept encrypted.
	Files     *intake.Gate
	FileStore *intake.Store
	// Incidents is incident reporting and response (S7).
	Incidents *incident.Service
	// Assets is the inventory, technical controls and agents (S4).
	Assets *asset.Service
	// MailListener receives incident reports by email (ListenMail).
	MailListener net.Listener
	Log          *slog.Logger
	// Logs and Ingest are central log collection (S5); Serve opens them,
	// since only one process may own the log store.
	Logs    *logs.Service
	Ingest  *ingest.Ingest
	logRoom *logRoom
	// Out receives what an operator must read: setup links, demo links.
	Out io.Writer
	Now func() time.Time
}

// Open connects to the database, applies migrations and builds the
// services. It does not start servers; every sub-command uses it, whether
// or not a server is running on the same database.
func Open(ctx context.Context, cfg config.Config, out io.Writer, log *slog.Logger) (*Main, error) {
	d, err := db.Open(ctx, db.Options{DataDir: cfg.DataDir, URL: cfg.DB})
	if err != nil {
		return nil, err
	}
	if err := d.Migrate(ctx); err != nil {
		d.Close()
		return nil, err
	}
	m := &Main{Cfg: cfg, DB: d, Log: log, Out: out, Now: time.Now}
	m.Trail = audit.New(d, m.Now)
	m.Dir = directory.New(d, m.Trail, m.Now)
	// Stored settings are in force from the start, for every sub-command.
	m.Settings = settings.New(d, m.Trail, m.Dir, cfg, settings.Options{Now: m.Now, Log: log})
	if err := m.Settings.Reload(ctx); err != nil {
		d.Close()
		return nil, err
	}
	m.Hashing = guard.NewWorkQueue(cfg.HashWorkers, cfg.HashQueue, 5*time.Second)
	base := authConfig(cfg)
	m.Auth, err = auth.New(d, m.Trail, m.Dir, settings.AuthConfig(base, m.Settings.Effective()), m.Hashing, m.Now)
	if err != nil {
		d.Close()
		return nil, err
	}
	m.Auth.UseTunables(m.Settings.AuthRules(base))
	m.Monitors = webmon.New(d, m.Trail, m.Dir, webmon.NewNetWeb(fetch.Options{}), webmon.DefaultConfig(), m.Now)
	m.Notify = notify.New(d, m.Trail, m.Dir, NotifyConfig(cfg), m.Now)
	if err := m.openFiles(cfg); err != nil {
		d.Close()
		return nil, err
	}
	icfg := incident.DefaultConfig()
	icfg.Place = cfg.Place
	m.Incidents = incident.New(incident.Deps{DB: d, Trail: m.Trail, Dir: m.Dir, Gate: m.Files, Files: m.FileStore, Notify: m.Notify, Now: m.Now}, icfg)
	m.Monitors.UseIncidents(m.Incidents)
	m.Assets = asset.New(d, m.Trail, m.Dir, AssetConfig(cfg), m.Now)
	m.Assets.UseNotify(m.Notify)
	return m, nil
}

// openFiles prepares the encrypted file store in the data directory and
// the intake gate in front of it.
func (m *Main) openFiles(cfg config.Config) error {
	dir := filepath.Join(cfg.DataDir, "files")
	key, err := intake.LoadOrCreateKey(cfg.DataDir)
	if err != nil {
		return err
	}
	if m.FileStore, err = intake.NewStore(dir, key); err != nil {
		return err
	}
	m.Files, err = intake.New(intake.Options{MaxBytes: int64(cfg.UploadMaxBytes), Clamd: cfg.Clamd, Store: m.FileStore, Now: m.Now})
	return err
}

// NotifyConfig is the notifications configuration of cfg: SMTP, the
// public URL links start with, and the digest hour.
func NotifyConfig(cfg config.Config) notify.Config {
	n := notify.DefaultConfig()
	n.SMTP = notify.SMTP{Host: cfg.SMTPHost, Port: cfg.SMTPPort, Username: cfg.SMTPUsername, Password: cfg.SMTPPassword, From: cfg.SMTPFrom, TLS: cfg.SMTPTLS}
	n.BaseURL = cfg.URL()
	n.DigestHour = cfg.DigestHour
	return n
}

// AssetConfig is the assets configuration of cfg: the thresholds controls
// are graded against.
func AssetConfig(cfg config.Config) asset.Config {
	a := asset.DefaultConfig()
	a.Rules = asset.Rules{MaxSignatureAge: cfg.AssetSignatureMaxAge, RestoreTestEvery: cfg.AssetRestoreEvery,
		DefaultBackupEvery: cfg.AssetBackupEvery, StaleAfter: cfg.AssetStaleAfter}
	return a
}

// authConfig is the accounts configuration of cfg. The rules that may
// change at run time come from package settings (settings.AuthConfig);
// hash parameters only change with a restart.
func authConfig(cfg config.Config) auth.Config {
	a := settings.AuthConfig(auth.DefaultConfig(), cfg)
	a.Hash.Memory = uint32(cfg.HashMemoryKiB)
	a.Hash.Time = uint32(cfg.HashTime)
	return a
}

// Close releases the database.
func (m *Main) Close() error { return m.DB.Close() }

// System returns ctx acting as attt itself, for setup and the command line.
func (m *Main) System(ctx context.Context, what string) context.Context {
	return principal.With(ctx, principal.SystemPrincipal(what))
}

// EnsureRoot creates the root organisation (the province) on first start.
func (m *Main) EnsureRoot(ctx context.Context) (*directory.Org, error) {
	root, err := m.Dir.Root(ctx)
	if err == nil || !errs.Is(err, errs.NotFound) {
		return root, err
	}
	return m.Dir.CreateOrg(m.System(ctx, "setup"), directory.OrgInput{Code: m.Cfg.RootCode, Name: m.Cfg.RootName, Type: directory.TypeProvince})
}

// AnnounceSetup prints a one-time setup link when there is no administrator
// yet: there is no default password anywhere.
func (m *Main) AnnounceSetup(ctx context.Context) error {
	need, err := m.Auth.NeedsSetup(ctx)
	if err != nil || !need {
		return err
	}
	token, exp, err := m.Auth.IssueSetupLink(m.System(ctx, "setup"))
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Out, "\nChưa có quản trị viên. Mở đường dẫn sau (dùng một lần, hết hạn lúc %s) để tạo tài khoản quản trị:\n"+
		"No administrator yet. Open this one-time link (expires %s) to create one:\n\n    %s/link/%s\n\n",
		exp.In(time.FixedZone("ICT", 7*3600)).Format("15:04 02/01/2006"), exp.UTC().Format(time.RFC3339), m.Cfg.URL(), token)
	return nil
}

// HashParams returns the Argon2id parameters new hashes use.
func (m *Main) HashParams() password.Params { return m.Auth.Config().Hash }
