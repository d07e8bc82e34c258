package mailin

import (
	"context"
	"errors"
	"io"
	"net"
	"time"

	"github.com/emersion/go-smtp"

	"attt/internal/errs"
	"attt/internal/locale"
)

// session is one SMTP conversation; go-smtp calls its methods in order.
type session struct {
	srv   *Server
	hctx  context.Context
	conn  *smtp.Conn
	sc    *sessionConn // nil only if go-smtp was given another listener
	end   time.Time
	from  string
	rcpts []string
}

func (s *Server) newSession(hctx context.Context, c *smtp.Conn) *session {
	end := time.Now().Add(s.cfg.MaxSessionDuration)
	sc, _ := underlying(c).(*sessionConn)
	if sc != nil {
		end = sc.end
	}
	return &session{srv: s, hctx: hctx, conn: c, sc: sc, end: end}
}

// underlying returns the connection go-smtp reads, below any TLS layer.
func underlying(c *smtp.Conn) any {
	type netConner interface{ NetConn() net.Conn }
	nc := c.Conn()
	if t, ok := nc.(netConner); ok {
		return t.NetConn()
	}
	return nc
}

// Mail starts a message; any reverse path is taken, the null one of a
// bounce included (the Handler decides what a bounce is worth).
func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	s.from, s.rcpts = from, nil
	return nil
}

// Rcpt accepts only the configured mailboxes.
func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if !s.srv.accepts(to) {
		s.srv.log.Info("mailin: recipient refused", "remote", s.remote(), "rcpt", to)
		return reply(550, smtp.EnhancedCode{5, 1, 1}, locale.Tf(
			"Hộp thư <%s> không nhận báo cáo sự cố; hãy gửi tới <%s>.",
			"Mailbox <%s> does not take incident reports; send to <%s>.",
			clip(to, 100), s.srv.firstRecipient()))
	}
	to = normAddr(to)
	for _, r := range s.rcpts {
		if r == to {
			return nil
		}
	}
	s.rcpts = append(s.rcpts, to)
	return nil
}

// Data reads, parses and hands over one message: one Handler call per
// message, whatever the number of recipients.
func (s *session) Data(r io.Reader) error {
	if !s.srv.begin() {
		return reply(421, smtp.EnhancedCode{4, 3, 2}, msgStopping)
	}
	// The message stays in flight until its reply is written, so that a
	// shutdown does not cut the connection between handler and reply.
	if s.sc != nil {
		defer s.sc.afterReply(s.srv.inflight.Done)
	} else {
		defer s.srv.inflight.Done()
	}
	m, err := Parse(r, s.srv.cfg.MaxBytes)
	if err != nil {
		return s.refused(err)
	}
	m.Envelope = s.envelope()
	ctx, cancel := context.WithDeadline(s.hctx, s.end)
	defer cancel()
	if err := s.srv.handler(ctx, m); err != nil {
		return s.refused(err)
	}
	s.srv.log.Info("mailin: message accepted", "remote", s.remote(), "from", m.From.Address,
		"message_id", m.MessageID, "bytes", len(m.Raw), "attachments", len(m.Attachments))
	return reply(250, smtp.EnhancedCode{2, 0, 0}, msgAccepted)
}

// refused logs why a message was not taken and returns the reply.
func (s *session) refused(err error) error {
	switch {
	case errors.Is(err, smtp.ErrDataTooLarge):
		err = errTooLarge(s.srv.cfg.MaxBytes)
	case errors.Is(err, smtp.ErrTooLongLine):
		err = errs.New(errs.Invalid, msgLongLine)
	}
	rep := replyFor(err)
	s.srv.log.Warn("mailin: message refused", "remote", s.remote(), "mail_from", s.from,
		"code", rep.Code, "err", err)
	return rep
}

func (s *session) envelope() Envelope {
	_, tls := s.conn.TLSConnectionState()
	return Envelope{
		MailFrom:   s.from,
		Recipients: append([]string(nil), s.rcpts...),
		RemoteAddr: s.remote(),
		Helo:       s.conn.Hostname(),
		TLS:        tls,
		Received:   time.Now(),
	}
}

func (s *session) remote() string { return s.conn.Conn().RemoteAddr().String() }

// Reset forgets the message in progress.
func (s *session) Reset() { s.from, s.rcpts = "", nil }

// Logout ends the session; nothing is held.
func (s *session) Logout() error { return nil }

// firstRecipient names the mailbox to suggest in a refusal.
func (s *Server) firstRecipient() string {
	if len(s.cfg.Recipients) == 0 {
		return "?"
	}
	return normAddr(s.cfg.Recipients[0])
}
