package notify

import (
	"context"
	"fmt"

	"github.com/wneessen/go-mail"
)

// sendEmail sends one email delivery over SMTP as plain UTF-8 text; the
// subject is encoded per RFC 2047 by go-mail.
func (s *Service) sendEmail(ctx context.Context, d *Delivery) error {
	m := mail.NewMsg(mail.WithCharset(mail.CharsetUTF8), mail.WithEncoding(mail.EncodingQP))
	if err := m.From(s.cfg.SMTP.From); err != nil {
		return fmt.Errorf("smtp_from %q: %w", s.cfg.SMTP.From, err)
	}
	if err := m.To(d.Recipient); err != nil {
		return fmt.Errorf("recipient %q: %w", d.Recipient, err)
	}
	m.Subject(d.Subject)
	m.SetDate()
	m.SetMessageID()
	m.SetGenHeader("X-Attt-Kind", d.Kind)
	m.SetBodyString(mail.TypeTextPlain, d.body)
	c, err := s.smtpClient()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	if err := c.DialAndSendWithContext(ctx, m); err != nil {
		return fmt.Errorf("smtp %s:%d: %w", s.cfg.SMTP.Host, s.cfg.SMTP.Port, err)
	}
	return nil
}

// smtpClient builds a client for the configured server and TLS mode.
func (s *Service) smtpClient() (*mail.Client, error) {
	c := s.cfg.SMTP
	opts := []mail.Option{mail.WithTimeout(s.cfg.Timeout)}
	if c.Port > 0 {
		opts = append(opts, mail.WithPort(c.Port))
	}
	switch c.TLS {
	case "tls":
		opts = append(opts, mail.WithSSL())
	case "starttls":
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	default:
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	}
	if c.Username != "" {
		auth := mail.SMTPAuthPlain
		if c.TLS == "none" || c.TLS == "" {
			// The operator chose a plain connection (a relay on the
			// local network); PLAIN then has to go without TLS.
			auth = mail.SMTPAuthPlainNoEnc
		}
		opts = append(opts, mail.WithSMTPAuth(auth), mail.WithUsername(c.Username), mail.WithPassword(c.Password))
	}
	client, err := mail.NewClient(c.Host, opts...)
	if err != nil {
		return nil, fmt.Errorf("smtp client: %w", err)
	}
	return client, nil
}
