package mailin

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-smtp"
)

// Handler receives each delivered message once, however many of the
// configured recipients it was addressed to. Its error becomes the SMTP
// reply (see replyFor): an errs.Error of code Invalid, NotFound, Forbidden
// or TooLarge refuses the message for good with its message; any other
// error asks the sending server to retry. A Handler should treat a repeated
// Message-ID as already recorded: a sender retries when the reply was lost.
type Handler func(ctx context.Context, m *Message) error

// Config configures the listener. Zero values take the defaults below.
type Config struct {
	// Hostname is the name in the greeting; default "attt".
	Hostname string
	// Recipients are the mailbox addresses accepted in RCPT TO, compared
	// case-insensitively, e.g. "suco@attt.hungyen.gov.vn". Empty refuses all.
	Recipients []string
	// MaxBytes is the message size limit, advertised in EHLO (SIZE) and
	// enforced while reading; default DefaultMaxBytes.
	MaxBytes int64
	// MaxRecipients bounds accepted RCPT TO per message; default 20.
	MaxRecipients int
	// ReadTimeout is the idle limit between reads from the client, DATA
	// included; default 5 minutes (RFC 5321 §4.5.3.2).
	ReadTimeout time.Duration
	// WriteTimeout bounds writing one reply; default 1 minute.
	WriteTimeout time.Duration
	// TLS, when set, offers STARTTLS.
	TLS *tls.Config
	// MaxSessions bounds concurrent SMTP sessions; more are greeted with
	// 421 and closed (the relay retries). Memory at worst is about
	// MaxSessions × 2 × MaxBytes (the raw message plus decoded parts).
	// Default 8.
	MaxSessions int
	// MaxSessionDuration bounds one connection from accept to close,
	// handler included; default 15 minutes.
	MaxSessionDuration time.Duration
	// AllowedNets, when not empty, are the only client networks served
	// (e.g. the agency's mail relay); others get 554 and are closed.
	AllowedNets []netip.Prefix
}

// maxLineLength is go-smtp's default, twice RFC 5321's 1000 octets,
// named here because the refusal quotes it.
const maxLineLength = 2000

// shutdownGrace is how long Serve lets messages in flight finish after ctx
// ends before it cancels their handlers.
const shutdownGrace = 10 * time.Second

func (c Config) withDefaults() Config {
	if c.Hostname == "" {
		c.Hostname = "attt"
	}
	if c.MaxBytes <= 0 {
		c.MaxBytes = DefaultMaxBytes
	}
	if c.MaxRecipients <= 0 {
		c.MaxRecipients = 20
	}
	if c.ReadTimeout <= 0 {
		c.ReadTimeout = 5 * time.Minute
	}
	if c.WriteTimeout <= 0 {
		c.WriteTimeout = time.Minute
	}
	if c.MaxSessions <= 0 {
		c.MaxSessions = 8
	}
	if c.MaxSessionDuration <= 0 {
		c.MaxSessionDuration = 15 * time.Minute
	}
	return c
}

// Server is the SMTP listener that takes incident reports by email.
type Server struct {
	cfg        Config
	handler    Handler
	log        *slog.Logger
	recipients map[string]bool
	slots      chan struct{}

	mu       sync.Mutex
	stopping bool
	inflight sync.WaitGroup
}

// New returns a Server that passes each accepted message to h. A nil log
// discards.
func New(cfg Config, h Handler, log *slog.Logger) *Server {
	cfg = cfg.withDefaults()
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	rcpts := make(map[string]bool, len(cfg.Recipients))
	for _, r := range cfg.Recipients {
		rcpts[normAddr(r)] = true
	}
	return &Server{cfg: cfg, handler: h, log: log, recipients: rcpts, slots: make(chan struct{}, cfg.MaxSessions)}
}

// Serve accepts SMTP sessions on l until ctx ends, then stops accepting,
// lets messages in flight finish for a short grace, closes every session and
// returns nil once no handler is running. It returns an error if l fails.
func (s *Server) Serve(ctx context.Context, l net.Listener) error {
	hctx, cancelHandlers := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelHandlers()
	srv := s.smtpServer(hctx)
	gl := &gate{Listener: l, srv: s}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(gl) }()
	s.log.Info("mailin: listening", "addr", l.Addr().String(), "recipients", s.cfg.Recipients)
	var serveErr error
	select {
	case serveErr = <-errc:
	case <-ctx.Done():
		s.setStopping()
		_ = l.Close()
		s.waitInflight(shutdownGrace)
	}
	s.setStopping()
	cancelHandlers()
	_ = srv.Close()
	if serveErr == nil {
		serveErr = <-errc
	}
	s.inflight.Wait()
	if serveErr != nil && !errors.Is(serveErr, net.ErrClosed) && ctx.Err() == nil {
		return fmt.Errorf("mailin: serve %s: %w", l.Addr(), serveErr)
	}
	return nil
}

// smtpServer configures go-smtp for one Serve call.
func (s *Server) smtpServer(hctx context.Context) *smtp.Server {
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return s.newSession(hctx, c), nil
	}))
	srv.Domain = s.cfg.Hostname
	srv.MaxMessageBytes = s.cfg.MaxBytes
	srv.MaxRecipients = s.cfg.MaxRecipients
	srv.MaxLineLength = maxLineLength
	srv.WriteTimeout = s.cfg.WriteTimeout
	// ReadTimeout stays 0: sessionConn renews the idle deadline on every
	// read, which go-smtp does not do during DATA.
	srv.TLSConfig = s.cfg.TLS
	srv.ErrorLog = slogPrinter{s.log}
	return srv
}

func (s *Server) setStopping() {
	s.mu.Lock()
	s.stopping = true
	s.mu.Unlock()
}

// begin registers a message in flight; false once the server is stopping.
func (s *Server) begin() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopping {
		return false
	}
	s.inflight.Add(1)
	return true
}

// waitInflight waits for messages in flight, at most d.
func (s *Server) waitInflight(d time.Duration) {
	done := make(chan struct{})
	go func() { s.inflight.Wait(); close(done) }()
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-done:
	case <-t.C:
	}
}

func (s *Server) accepts(addr string) bool { return s.recipients[normAddr(addr)] }

func normAddr(a string) string {
	return strings.ToLower(strings.Trim(strings.TrimSpace(a), "<>"))
}

// slogPrinter adapts go-smtp's error log (connection faults) to slog.
type slogPrinter struct{ log *slog.Logger }

func (p slogPrinter) Printf(format string, v ...any) {
	p.log.Info("mailin: " + fmt.Sprintf(format, v...))
}

func (p slogPrinter) Println(v ...any) {
	p.log.Info("mailin: " + strings.TrimSpace(fmt.Sprintln(v...)))
}
