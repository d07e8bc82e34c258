package app

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"

	"attt/internal/locale"
	"attt/internal/logs"
	"attt/internal/logs/ingest"
	"attt/internal/logs/rules"
	"attt/internal/logs/store"
)

// logRoom is the running central-log collection of a serve: its store,
// service and syslog listeners.
type logRoom struct {
	store     store.Store
	svc       *logs.Service
	ingest    *ingest.Ingest
	listeners *ingest.Listeners
}

// OpenLogs opens central log collection (S5) for Serve: the store, the
// source table and the syslog sockets. Serve calls it when it has not
// been called; tests call it first so that m.Logs is there before Serve
// starts.
func (m *Main) OpenLogs(ctx context.Context) error {
	if m.logRoom != nil {
		return nil
	}
	room, err := m.openLogs(ctx)
	if err != nil {
		return err
	}
	m.logRoom, m.Logs, m.Ingest = room, room.svc, room.ingest
	return nil
}

// openLogs opens the log store named by the configuration (the embedded
// store under DATA/logs, or PostgreSQL), loads the sources and binds the
// syslog listeners, so that a taken port fails the start.
func (m *Main) openLogs(ctx context.Context) (*logRoom, error) {
	var st store.Store
	if m.Cfg.LogStore == "postgres" {
		st = store.OpenPostgres(m.DB.W, 0)
	} else {
		d, err := store.Open(store.Options{Dir: filepath.Join(m.Cfg.DataDir, "logs"), Log: m.Log})
		if err != nil {
			return nil, fmt.Errorf("app: log store: %w", err)
		}
		st = d
	}
	hours, err := rules.ParseHours(m.Cfg.LogWorkHours)
	if err != nil {
		st.Close()
		return nil, fmt.Errorf("app: %w", err)
	}
	svc := logs.New(m.DB, m.Trail, m.Dir, st, logs.Options{Retention: m.Cfg.LogRetention, WorkHours: hours, Now: m.Now, Log: m.Log})
	svc.UseIncidents(m.Incidents)
	if err := svc.Start(ctx); err != nil {
		st.Close()
		return nil, fmt.Errorf("app: log sources: %w", err)
	}
	in := ingest.New(st, svc.Resolver(), ingest.Options{UDP: m.Cfg.SyslogUDP, TCP: m.Cfg.SyslogTCP, TLS: m.Cfg.SyslogTLS,
		CertFile: m.Cfg.SyslogTLSCert, KeyFile: m.Cfg.SyslogTLSKey, Loc: locale.Zone, Log: m.Log, Now: m.Now})
	ls, err := in.Listen()
	if err != nil {
		st.Close()
		return nil, err
	}
	return &logRoom{store: st, svc: svc, ingest: in, listeners: ls}, nil
}

// run serves the listeners and the background jobs until ctx ends, then
// stops reading, makes everything read durable and closes the store.
func (r *logRoom) run(ctx context.Context, m *Main) {
	var wg sync.WaitGroup
	wg.Go(func() { r.ingest.Serve(ctx, r.listeners) })
	wg.Go(func() { r.svc.Run(ctx) })
	for _, a := range []struct {
		name string
		on   bool
		addr func() string
	}{
		{"udp", r.listeners.UDP != nil, func() string { return r.listeners.UDP.LocalAddr().String() }},
		{"tcp", r.listeners.TCP != nil, func() string { return r.listeners.TCP.Addr().String() }},
		{"tls", r.listeners.TLS != nil, func() string { return r.listeners.TLS.Addr().String() }},
	} {
		if a.on {
			m.Log.Info("syslog listening", "proto", a.name, "addr", a.addr())
		}
	}
	wg.Wait()
	if err := r.store.Close(); err != nil {
		m.Log.Error("log store close", "err", err)
	}
}
