package ingest

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"time"

	"attt/internal/logs/parse"
)

// Listeners are the bound syslog sockets of an Ingest.
type Listeners struct {
	UDP net.PacketConn
	TCP net.Listener
	TLS net.Listener
}

// Listen binds the configured sockets; nothing is read until Serve.
func (in *Ingest) Listen() (*Listeners, error) {
	var l Listeners
	var err error
	if in.opt.UDP != "" {
		if l.UDP, err = net.ListenPacket("udp", in.opt.UDP); err != nil {
			return nil, fmt.Errorf("ingest: syslog UDP %s: %w", in.opt.UDP, err)
		}
		if uc, ok := l.UDP.(*net.UDPConn); ok {
			_ = uc.SetReadBuffer(8 << 20) // Bursts wait in the kernel, not on the floor.
		}
	}
	if in.opt.TCP != "" {
		if l.TCP, err = net.Listen("tcp", in.opt.TCP); err != nil {
			l.Close()
			return nil, fmt.Errorf("ingest: syslog TCP %s: %w", in.opt.TCP, err)
		}
	}
	if in.opt.TLS != "" {
		if l.TLS, err = in.listenTLS(); err != nil {
			l.Close()
			return nil, err
		}
	}
	return &l, nil
}

func (in *Ingest) listenTLS() (net.Listener, error) {
	if in.opt.CertFile == "" || in.opt.KeyFile == "" {
		return nil, fmt.Errorf("ingest: syslog TLS needs syslog_tls_cert and syslog_tls_key")
	}
	cert, err := tls.LoadX509KeyPair(in.opt.CertFile, in.opt.KeyFile)
	if err != nil {
		return nil, fmt.Errorf("ingest: syslog TLS certificate: %w", err)
	}
	cfg := &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	ln, err := tls.Listen("tcp", in.opt.TLS, cfg)
	if err != nil {
		return nil, fmt.Errorf("ingest: syslog TLS %s: %w", in.opt.TLS, err)
	}
	return ln, nil
}

// Close closes every socket.
func (l *Listeners) Close() {
	if l.UDP != nil {
		l.UDP.Close()
	}
	if l.TCP != nil {
		l.TCP.Close()
	}
	if l.TLS != nil {
		l.TLS.Close()
	}
}

// Serve reads from the listeners until ctx ends, then closes them and
// waits for the readers to hand over what they read.
func (in *Ingest) Serve(ctx context.Context, l *Listeners) {
	if l.UDP != nil {
		in.wg.Add(1)
		go func() { defer in.wg.Done(); in.serveUDP(ctx, l.UDP) }()
	}
	for _, ln := range []net.Listener{l.TCP, l.TLS} {
		if ln != nil {
			in.wg.Add(1)
			go func() { defer in.wg.Done(); in.accept(ctx, ln) }()
		}
	}
	<-ctx.Done()
	l.Close()
	in.wg.Wait()
}

func (in *Ingest) accept(ctx context.Context, ln net.Listener) {
	for {
		c, err := ln.Accept()
		if err != nil {
			if ctx.Err() != nil || errors.Is(err, net.ErrClosed) {
				return
			}
			in.opt.Log.Warn("syslog accept", "err", err)
			time.Sleep(50 * time.Millisecond)
			continue
		}
		in.wg.Add(1)
		go func() { defer in.wg.Done(); in.serveConn(ctx, c) }()
	}
}

// serveConn reads one TCP or TLS stream. It appends a batch when it is
// full or when nothing more is buffered, and stops reading while the
// store's queue is full, which is the back-pressure on the sender.
func (in *Ingest) serveConn(ctx context.Context, c net.Conn) {
	in.stats.Connections.Add(1)
	defer in.stats.Connections.Add(-1)
	stop := context.AfterFunc(ctx, func() { c.SetReadDeadline(time.Now()) })
	defer stop()
	defer c.Close()
	b := in.newBatcher(hostOf(c.RemoteAddr()))
	f := parse.NewFramer(c, in.opt.MaxMessage)
	for {
		msg, err := f.Next()
		if err != nil {
			break
		}
		b.addSyslog(msg, f.Truncated(), in.opt.Now())
		if b.full() || f.Buffered() == 0 {
			if _, err := b.flush(context.WithoutCancel(ctx)); err != nil {
				in.opt.Log.Error("syslog store", "err", err)
				return
			}
		}
	}
	if _, err := b.flush(context.WithoutCancel(ctx)); err != nil {
		in.opt.Log.Error("syslog store", "err", err)
	}
}

type datagram struct {
	msg  []byte
	peer string
	at   time.Time
}

// serveUDP reads datagrams into a bounded queue that one parser drains;
// when the queue is full the datagram is dropped and counted.
func (in *Ingest) serveUDP(ctx context.Context, pc net.PacketConn) {
	q := make(chan datagram, in.opt.UDPQueue)
	done := make(chan struct{})
	go func() { defer close(done); in.parseUDP(ctx, q) }()
	buf := make([]byte, 65536)
	for {
		n, addr, err := pc.ReadFrom(buf)
		if err != nil {
			if ctx.Err() != nil || errors.Is(err, net.ErrClosed) {
				break
			}
			continue
		}
		d := datagram{msg: append([]byte(nil), buf[:n]...), peer: hostOf(addr), at: in.opt.Now()}
		select {
		case q <- d:
		default:
			in.stats.UDPDropped.Add(1)
		}
	}
	close(q)
	<-done
}

func (in *Ingest) parseUDP(ctx context.Context, q <-chan datagram) {
	batches := map[string]*batcher{}
	flushAll := func() {
		for peer, b := range batches {
			if _, err := b.flush(context.WithoutCancel(ctx)); err != nil {
				in.opt.Log.Error("syslog store", "err", err)
			}
			delete(batches, peer)
		}
	}
	for d := range q {
		b := batches[d.peer]
		if b == nil {
			b = in.newBatcher(d.peer)
			batches[d.peer] = b
		}
		b.addSyslog(d.msg, false, d.at)
		if b.full() || len(q) == 0 {
			flushAll()
		}
	}
	flushAll()
}

func hostOf(a net.Addr) string {
	if a == nil {
		return ""
	}
	h, _, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	return h
}

// AddJSON parses JSON events received over HTTP from a source known by
// its token (origin), appends them and waits until they are durable.
// Objects that are not valid JSON are kept raw with a parse error.
func (in *Ingest) AddJSON(ctx context.Context, origin Origin, peer string, objs [][]byte) (int, error) {
	b := in.newBatcher(peer)
	b.fixed, b.origin = true, origin
	now := in.opt.Now()
	for _, o := range objs {
		e, _ := parse.ParseJSON(o, now, in.opt.Loc)
		b.add(e, now)
	}
	n := len(b.recs)
	ack, err := b.flush(ctx)
	if err != nil {
		return 0, err
	}
	return n, ack.Wait(ctx)
}
