package app

import (
	"context"
	"fmt"
	"net"
	"net/netip"

	"attt/internal/incident/mailin"
)

// ListenMail opens the listener for incident reports by email when
// incident_smtp is set, so that a bad address fails at start and tests can
// learn the port; Serve then serves it.
func (m *Main) ListenMail() error {
	if m.Cfg.IncidentSMTP == "" || m.MailListener != nil {
		return nil
	}
	if len(m.Cfg.IncidentMailbox) == 0 {
		return fmt.Errorf("incident_smtp is set but incident_mailbox names no mailbox to accept")
	}
	ln, err := net.Listen("tcp", m.Cfg.IncidentSMTP)
	if err != nil {
		return fmt.Errorf("incident mail listener: %w", err)
	}
	m.MailListener = ln
	return nil
}

// serveMail receives incident reports by email until ctx ends.
func (m *Main) serveMail(ctx context.Context) error {
	var nets []netip.Prefix
	for _, s := range m.Cfg.IncidentSMTPAllow {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			a, aerr := netip.ParseAddr(s)
			if aerr != nil {
				return fmt.Errorf("incident_smtp_allow: %q is not an address or CIDR", s)
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		nets = append(nets, p)
	}
	srv := mailin.New(mailin.Config{Hostname: "attt", Recipients: m.Cfg.IncidentMailbox, AllowedNets: nets,
		MaxBytes: int64(m.Cfg.UploadMaxBytes) * 2}, m.Incidents.ReportEmail, m.Log)
	return srv.Serve(ctx, m.MailListener)
}
