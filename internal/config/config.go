// Package config is attt's typed configuration: defaults, then a YAML file,
// then ATTT_* environment variables, then command-line flags — each later
// source overriding the earlier. One table of settings drives all four, so a
// setting cannot exist in one source and be missing from another.
package config

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"attt/internal/logs/rules"
)

// Config is every setting of an installation.
type Config struct {
	DataDir string
	DB      string
	Addr    string
	BaseURL string
	File    string

	TrustedProxies []string

	LockoutThreshold int
	LockoutDuration  time.Duration
	LockoutMax       time.Duration

	PasswordMinLength int
	PasswordMinScore  int

	SessionIdle     time.Duration
	SessionAbsolute time.Duration
	TOTPRoles       []string

	AuditRetention time.Duration

	RootCode string
	RootName string

	// HashWorkers and HashQueue bound concurrent password hashing (Đ7.7).
	HashWorkers int
	HashQueue   int
	// HashMemoryKiB and HashTime are the Argon2id parameters of new hashes.
	HashMemoryKiB int
	HashTime      int

	MaxBodyBytes int
	LogLevel     string

	// SMTP is how notification email leaves attt (S12); an empty
	// SMTPHost keeps email deliveries on record as "not configured".
	SMTPHost     string
	SMTPPort     int
	SMTPUsername string
	SMTPPassword string
	SMTPFrom     string
	// SMTPTLS is none, starttls or tls.
	SMTPTLS string
	// DigestHour is when daily notification digests go out (0–23,
	// Asia/Ho_Chi_Minh).
	DigestHour int
	// UploadMaxBytes bounds one uploaded file (S11); Clamd is the ClamAV
	// daemon address ("unix:/run/clamav/clamd.ctl", "tcp:127.0.0.1:3310"),
	// empty for none (the EICAR test file is refused anyway).
	UploadMaxBytes int
	Clamd          string
	// Place is the địa danh printed on official documents.
	Place string
	// IncidentSMTP is where attt listens for incident reports by email;
	// IncidentMailbox the accepted recipient addresses.
	IncidentSMTP    string
	IncidentMailbox []string
	// IncidentSMTPAllow, when set, are the only clients (the agencies'
	// mail relays) allowed to deliver reports.
	IncidentSMTPAllow []string
	// Assets (S4): how old antivirus signatures may be (Đ7.2), how often
	// a restore must be tested and servers backed up by default (Đ7.3),
	// and when a silent agent is flagged.
	AssetSignatureMaxAge time.Duration
	AssetRestoreEvery    time.Duration
	AssetBackupEvery     time.Duration
	AssetStaleAfter      time.Duration

	// Demo loads the demo province at start (serve only).
	Demo bool

	// Central logs (S5). Each syslog listener is off when its address is
	// empty; the conventional ones are :514 (UDP, TCP) and :6514 (TLS).
	SyslogUDP     string
	SyslogTCP     string
	SyslogTLS     string
	SyslogTLSCert string
	SyslogTLSKey  string
	// LogRetention is the default retention of log events (180d).
	LogRetention time.Duration
	// LogWorkHours are the working hours detection rules know
	// ("07:30-17:00", Monday to Friday, Asia/Ho_Chi_Minh).
	LogWorkHours string
	// LogStore is "embedded" (block files under DATA/logs) or "postgres"
	// (the log_events table of the PostgreSQL database in db).
	LogStore string

	// src records where Load found each setting that did not keep its
	// default: SourceFile, SourceEnv or SourceFlag, by key.
	src map[string]Source
}

// Source says where a setting's value came from.
type Source string

// The sources of a setting, from weakest to strongest. Package settings
// adds its own, the database, above all of them.
const (
	SourceDefault Source = "default"
	SourceFile    Source = "file"
	SourceEnv     Source = "env"
	SourceFlag    Source = "flag"
)

// The regulation's floors and the limits of what works, shared by Validate
// and the run-time settings (package settings).
const (
	// MinLockoutThreshold and MaxLockoutThreshold bound the failed
	// sign-ins before a lock: Đ7.6 requires a limit.
	MinLockoutThreshold = 1
	MaxLockoutThreshold = 100
	// MinLockoutDuration is the shortest lock that slows guessing down.
	MinLockoutDuration = time.Minute
	// PasswordFloor is the regulation's shortest password (Đ7.1).
	PasswordFloor = 6
)

// Default returns the shipped configuration.
func Default() Config {
	return Config{
		DataDir:           "attt-data",
		Addr:              "127.0.0.1:8080",
		LockoutThreshold:  5,
		LockoutDuration:   15 * time.Minute,
		LockoutMax:        24 * time.Hour,
		PasswordMinLength: 10,
		PasswordMinScore:  3,
		SessionIdle:       30 * time.Minute,
		SessionAbsolute:   12 * time.Hour,
		AuditRetention:    2 * 365 * 24 * time.Hour,
		RootCode:          "HY",
		RootName:          "Tỉnh Hưng Yên",
		HashWorkers:       2,
		HashQueue:         64,
		HashMemoryKiB:     19 * 1024,
		HashTime:          2,
		MaxBodyBytes:      1 << 20,
		LogLevel:          "info",
		SMTPPort:          587,
		SMTPFrom:          "attt@localhost",
		SMTPTLS:           "starttls",
		DigestHour:        7,
		UploadMaxBytes:    25 << 20,
		Place:             "Hưng Yên",
		LogRetention:      180 * 24 * time.Hour,
		LogStore:          "embedded",
		LogWorkHours:      "07:30-17:00",

		AssetSignatureMaxAge: 7 * 24 * time.Hour,
		AssetRestoreEvery:    180 * 24 * time.Hour,
		AssetBackupEvery:     7 * 24 * time.Hour,
		AssetStaleAfter:      3 * 24 * time.Hour,
	}
}

// setting is one row of the table: its name in the file (key), the
// environment (ATTT_ + upper-case key) and the flags (key with dashes).
type setting struct {
	key  string
	help string
	ptr  any
}

func (c *Config) settings() []setting {
	return []setting{
		{"data", "data directory for the embedded database and files", &c.DataDir},
		{"db", "PostgreSQL URL (postgres://…); empty uses SQLite in the data directory", &c.DB},
		{"addr", "HTTP listen address", &c.Addr},
		{"base_url", "public URL of attt, used in links (default http://ADDR)", &c.BaseURL},
		{"trusted_proxies", "comma-separated proxy addresses/CIDRs whose X-Forwarded-For is believed", &c.TrustedProxies},
		{"lockout_threshold", "consecutive failed sign-ins before an account locks (Đ7.6)", &c.LockoutThreshold},
		{"lockout_duration", "first lock length; doubles on repeat (Go duration, e.g. 15m)", &c.LockoutDuration},
		{"lockout_max", "longest lock", &c.LockoutMax},
		{"password_min_length", "minimum password length (never below 6, Đ7.1)", &c.PasswordMinLength},
		{"password_min_score", "minimum strength score 0–4", &c.PasswordMinScore},
		{"session_idle", "session idle timeout", &c.SessionIdle},
		{"session_absolute", "session absolute timeout", &c.SessionAbsolute},
		{"totp_roles", "comma-separated roles that must use two-factor sign-in", &c.TOTPRoles},
		{"audit_retention", "how long audit records are kept (e.g. 730d)", &c.AuditRetention},
		{"root_code", "code of the root organisation created at first start", &c.RootCode},
		{"root_name", "name of the root organisation created at first start", &c.RootName},
		{"hash_workers", "password hashes computed at once", &c.HashWorkers},
		{"hash_queue", "sign-ins allowed to wait for hashing before refusing", &c.HashQueue},
		{"hash_memory_kib", "Argon2id memory per hash in KiB", &c.HashMemoryKiB},
		{"hash_time", "Argon2id passes", &c.HashTime},
		{"max_body_bytes", "largest request body outside file uploads", &c.MaxBodyBytes},
		{"log_level", "debug, info, warn or error", &c.LogLevel},
		{"smtp_host", "SMTP server for notification email; empty: email is not sent (shown as not configured)", &c.SMTPHost},
		{"smtp_port", "SMTP port (587 STARTTLS, 465 TLS, 25 plain)", &c.SMTPPort},
		{"smtp_username", "SMTP user name; empty: no authentication", &c.SMTPUsername},
		{"smtp_password", "SMTP password (prefer ATTT_SMTP_PASSWORD or the file to a flag)", &c.SMTPPassword},
		{"smtp_from", "sender address of notification email", &c.SMTPFrom},
		{"smtp_tls", "none, starttls or tls", &c.SMTPTLS},
		{"digest_hour", "hour (0–23, Asia/Ho_Chi_Minh) daily notification digests are sent", &c.DigestHour},
		{"upload_max_bytes", "largest uploaded file (evidence, documents)", &c.UploadMaxBytes},
		{"clamd", "ClamAV daemon address for scanning uploads: unix:/path or tcp:host:port; empty for none", &c.Clamd},
		{"place", "place name (địa danh) printed on official documents", &c.Place},
		{"incident_smtp", "address to receive incident reports by email (SMTP), e.g. :2525; empty for off", &c.IncidentSMTP},
		{"incident_mailbox", "comma-separated mailbox addresses accepted for incident reports", &c.IncidentMailbox},
		{"incident_smtp_allow", "comma-separated addresses/CIDRs of mail relays allowed to deliver reports; empty allows any", &c.IncidentSMTPAllow},
		{"asset_signature_max_age", "oldest antivirus signatures still counted as current (Đ7.2), e.g. 7d", &c.AssetSignatureMaxAge},
		{"asset_restore_every", "how often a restore from backup must be tested (Đ7.3), e.g. 180d", &c.AssetRestoreEvery},
		{"asset_backup_every", "required backup frequency of servers, storage and information systems without their own (Đ7.3)", &c.AssetBackupEvery},
		{"asset_stale_after", "an agent silent this long is flagged and its officer told, e.g. 3d", &c.AssetStaleAfter},
		{"demo", "load the demo province (Hưng Yên) at start if the database is empty", &c.Demo},
		{"syslog_udp", "syslog UDP listen address, e.g. :514 (off when empty)", &c.SyslogUDP},
		{"syslog_tcp", "syslog TCP listen address, e.g. :514 (off when empty)", &c.SyslogTCP},
		{"syslog_tls", "syslog over TLS listen address, e.g. :6514 (off when empty)", &c.SyslogTLS},
		{"syslog_tls_cert", "PEM certificate of the syslog TLS listener", &c.SyslogTLSCert},
		{"syslog_tls_key", "PEM private key of the syslog TLS listener", &c.SyslogTLSKey},
		{"log_retention", "default retention of central log events (e.g. 180d)", &c.LogRetention},
		{"log_work_hours", "working hours for rules such as admin logins outside hours, Monday–Friday (e.g. 07:30-17:00)", &c.LogWorkHours},
		{"log_store", "where log events are kept: embedded (files in the data directory) or postgres", &c.LogStore},
	}
}

func set(ptr any, value string) error {
	value = strings.TrimSpace(value)
	switch p := ptr.(type) {
	case *string:
		*p = value
	case *int:
		n, err := strconv.Atoi(value)
		if err != nil {
			return fmt.Errorf("not a whole number: %q", value)
		}
		*p = n
	case *bool:
		b, err := strconv.ParseBool(value)
		if err != nil {
			return fmt.Errorf("not true/false: %q", value)
		}
		*p = b
	case *time.Duration:
		d, err := ParseDuration(value)
		if err != nil {
			return err
		}
		*p = d
	case *[]string:
		*p = nil
		for _, s := range strings.Split(value, ",") {
			if s = strings.TrimSpace(s); s != "" {
				*p = append(*p, s)
			}
		}
	default:
		return fmt.Errorf("config: unsupported type %T", ptr)
	}
	return nil
}

// ParseDuration reads a duration in Go syntax ("90s", "15m", "1h30m") or
// a whole number of days ("730d"), which retention periods need.
func ParseDuration(value string) (time.Duration, error) {
	value = strings.TrimSpace(value)
	if days, ok := strings.CutSuffix(value, "d"); ok {
		n, err := strconv.Atoi(days)
		if err == nil && n >= 0 && n <= 100*366 {
			return time.Duration(n) * 24 * time.Hour, nil
		}
	}
	d, err := time.ParseDuration(value)
	if err != nil {
		return 0, fmt.Errorf("not a duration such as 15m, 2h or 730d: %q", value)
	}
	return d, nil
}

// FormatDuration writes d the way ParseDuration reads it, shortest first:
// whole days as "730d", else Go syntax without zero units ("15m", "1h30m").
func FormatDuration(d time.Duration) string {
	const day = 24 * time.Hour
	if d >= day && d%day == 0 {
		return strconv.FormatInt(int64(d/day), 10) + "d"
	}
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// get formats the value at ptr the way set reads it.
func get(ptr any) string {
	switch p := ptr.(type) {
	case *string:
		return *p
	case *int:
		return strconv.Itoa(*p)
	case *bool:
		return strconv.FormatBool(*p)
	case *time.Duration:
		return FormatDuration(*p)
	case *[]string:
		return strings.Join(*p, ",")
	}
	return ""
}

// Set parses value into the setting named key, as the file, environment
// and flags would. It does not validate: call Validate after.
func (c *Config) Set(key, value string) error {
	s, ok := c.lookup(key)
	if !ok {
		return fmt.Errorf("config: unknown setting %q", key)
	}
	if err := set(s.ptr, value); err != nil {
		return fmt.Errorf("config: %s: %w", key, err)
	}
	return nil
}

// Get returns the setting named key in the form Set reads; "" for an
// unknown key.
func (c *Config) Get(key string) string {
	s, ok := c.lookup(key)
	if !ok {
		return ""
	}
	return get(s.ptr)
}

// SourceOf says where Load found the setting named key.
func (c *Config) SourceOf(key string) Source {
	if src, ok := c.src[key]; ok {
		return src
	}
	return SourceDefault
}

func (c *Config) lookup(key string) (setting, bool) {
	for _, s := range c.settings() {
		if s.key == key {
			return s, true
		}
	}
	return setting{}, false
}

func (c *Config) from(key string, src Source) {
	if c.src == nil {
		c.src = map[string]Source{}
	}
	c.src[key] = src
}

func envName(key string) string  { return "ATTT_" + strings.ToUpper(key) }
func flagName(key string) string { return strings.ReplaceAll(key, "_", "-") }

// Load builds the configuration of a sub-command from defaults, the file
// named by --config or ATTT_CONFIG (or DATA/attt.yaml when present), the
// environment and args. It returns the arguments left after the flags.
//
// extra, when not nil, registers the sub-command's own flags.
func Load(name string, args []string, env func(string) string, extra func(*flag.FlagSet)) (Config, []string, error) {
	c := Default()
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	if extra != nil {
		extra(fs)
	}
	fs.StringVar(&c.File, "config", env("ATTT_CONFIG"), "YAML configuration file")
	// First pass: only to learn --config and --data, so the file is read
	// before the environment and flags override it.
	pre := c
	prefs := flag.NewFlagSet(name, flag.ContinueOnError)
	prefs.SetOutput(discard{})
	prefs.StringVar(&pre.File, "config", env("ATTT_CONFIG"), "")
	prefs.StringVar(&pre.DataDir, "data", firstNonEmpty(env("ATTT_DATA"), c.DataDir), "")
	for _, s := range c.settings() {
		switch {
		case s.key == "data":
		case isBool(s.ptr):
			prefs.Bool(flagName(s.key), false, "")
		default:
			prefs.String(flagName(s.key), "", "")
		}
	}
	if extra != nil {
		extra(prefs)
	}
	_ = prefs.Parse(args)
	file := pre.File
	if file == "" {
		if _, err := os.Stat(pre.DataDir + "/attt.yaml"); err == nil {
			file = pre.DataDir + "/attt.yaml"
		}
	}
	if file != "" {
		if err := c.readFile(file); err != nil {
			return c, nil, err
		}
	}
	for _, s := range c.settings() {
		if v := env(envName(s.key)); v != "" {
			if err := set(s.ptr, v); err != nil {
				return c, nil, fmt.Errorf("config: %s: %w", envName(s.key), err)
			}
			c.from(s.key, SourceEnv)
		}
	}
	for _, s := range c.settings() {
		ptr := s.ptr
		if isBool(ptr) {
			fs.BoolFunc(flagName(s.key), s.help, func(v string) error { return set(ptr, v) })
			continue
		}
		fs.Func(flagName(s.key), s.help, func(v string) error { return set(ptr, v) })
	}
	if err := fs.Parse(args); err != nil {
		return c, nil, err
	}
	fs.Visit(func(f *flag.Flag) {
		key := strings.ReplaceAll(f.Name, "-", "_")
		if _, ok := c.lookup(key); ok {
			c.from(key, SourceFlag)
		}
	})
	return c, fs.Args(), c.Validate()
}

func (c *Config) readFile(path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	var raw map[string]any
	if err := yaml.Unmarshal(b, &raw); err != nil {
		return fmt.Errorf("config: %s: %w", path, err)
	}
	byKey := map[string]setting{}
	for _, s := range c.settings() {
		byKey[s.key] = s
	}
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		s, ok := byKey[k]
		if !ok {
			return fmt.Errorf("config: %s: unknown setting %q", path, k)
		}
		v := raw[k]
		if list, ok := v.([]any); ok {
			parts := make([]string, len(list))
			for i, x := range list {
				parts[i] = fmt.Sprint(x)
			}
			v = strings.Join(parts, ",")
		}
		if err := set(s.ptr, fmt.Sprint(v)); err != nil {
			return fmt.Errorf("config: %s: %s: %w", path, k, err)
		}
		c.from(k, SourceFile)
	}
	return nil
}

// Validate refuses settings that cannot work or that would go below the
// regulation's floor.
func (c *Config) Validate() error {
	var problems []error
	if c.LockoutThreshold < MinLockoutThreshold || c.LockoutThreshold > MaxLockoutThreshold {
		problems = append(problems, fmt.Errorf("lockout_threshold must be %d–%d (Đ7.6 requires a limit)", MinLockoutThreshold, MaxLockoutThreshold))
	}
	if c.LockoutDuration < MinLockoutDuration {
		problems = append(problems, fmt.Errorf("lockout_duration must be at least %s", FormatDuration(MinLockoutDuration)))
	}
	if c.LockoutMax < c.LockoutDuration {
		c.LockoutMax = c.LockoutDuration
	}
	if c.PasswordMinLength < PasswordFloor {
		problems = append(problems, fmt.Errorf("password_min_length cannot be below %d (Đ7.1)", PasswordFloor))
	}
	if c.SessionIdle <= 0 || c.SessionAbsolute < c.SessionIdle {
		problems = append(problems, fmt.Errorf("session_idle must be positive and not longer than session_absolute"))
	}
	if c.HashWorkers < 1 || c.HashQueue < 1 {
		problems = append(problems, fmt.Errorf("hash_workers and hash_queue must be at least 1"))
	}
	if c.SMTPTLS != "none" && c.SMTPTLS != "starttls" && c.SMTPTLS != "tls" {
		problems = append(problems, fmt.Errorf("smtp_tls must be none, starttls or tls"))
	}
	if c.SMTPPort < 0 || c.SMTPPort > 65535 {
		problems = append(problems, fmt.Errorf("smtp_port must be 0–65535"))
	}
	if c.SMTPHost != "" && !strings.Contains(c.SMTPFrom, "@") {
		problems = append(problems, fmt.Errorf("smtp_from must be an email address when smtp_host is set"))
	}
	if c.DigestHour < 0 || c.DigestHour > 23 {
		problems = append(problems, fmt.Errorf("digest_hour must be 0–23"))
	}
	if c.AssetSignatureMaxAge < time.Hour || c.AssetRestoreEvery < 24*time.Hour || c.AssetBackupEvery < time.Hour || c.AssetStaleAfter < time.Hour {
		problems = append(problems, fmt.Errorf("asset_signature_max_age, asset_backup_every and asset_stale_after must be at least 1h, asset_restore_every at least 1d"))
	}
	if c.DB != "" && !strings.HasPrefix(c.DB, "postgres://") && !strings.HasPrefix(c.DB, "postgresql://") {
		problems = append(problems, fmt.Errorf("db must be a postgres:// URL"))
	}
	if c.SyslogTLS != "" && (c.SyslogTLSCert == "" || c.SyslogTLSKey == "") {
		problems = append(problems, fmt.Errorf("syslog_tls needs syslog_tls_cert and syslog_tls_key"))
	}
	if c.LogStore != "embedded" && c.LogStore != "postgres" {
		problems = append(problems, fmt.Errorf("log_store must be embedded or postgres"))
	}
	if c.LogStore == "postgres" && c.DB == "" {
		problems = append(problems, fmt.Errorf("log_store postgres needs db (a PostgreSQL URL)"))
	}
	if _, err := rules.ParseHours(c.LogWorkHours); err != nil {
		problems = append(problems, fmt.Errorf("log_work_hours: %w", err))
	}
	if c.LogRetention < 24*time.Hour {
		problems = append(problems, fmt.Errorf("log_retention must be at least 1d"))
	}
	return errors.Join(problems...)
}

// URL returns the public base URL.
func (c *Config) URL() string {
	if c.BaseURL != "" {
		return strings.TrimRight(c.BaseURL, "/")
	}
	return "http://" + c.Addr
}

// Usage lists every setting with its flag and environment variable, for
// --help and the documentation.
func Usage() string {
	c := Default()
	var b strings.Builder
	for _, s := range c.settings() {
		fmt.Fprintf(&b, "  --%-22s %-30s %s\n", flagName(s.key), envName(s.key), s.help)
	}
	return b.String()
}

func isBool(ptr any) bool {
	_, ok := ptr.(*bool)
	return ok
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
