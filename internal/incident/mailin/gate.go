package mailin

import (
	"net"
	"net/netip"
	"sync"
	"time"
)

// gate is the listener in front of go-smtp: it refuses clients outside
// AllowedNets, refuses sessions beyond MaxSessions with 421 instead of
// queueing them, and wraps each admitted connection in a sessionConn.
type gate struct {
	net.Listener
	srv *Server
}

// Accept returns the next admitted connection.
func (g *gate) Accept() (net.Conn, error) {
	for {
		c, err := g.Listener.Accept()
		if err != nil {
			return nil, err
		}
		if !g.srv.allowed(c.RemoteAddr()) {
			g.srv.log.Warn("mailin: client not in allowed networks", "remote", c.RemoteAddr().String())
			refuse(c, "554 5.7.1 "+replyLine(msgNotAllowed))
			continue
		}
		select {
		case g.srv.slots <- struct{}{}:
			return g.srv.newSessionConn(c), nil
		default:
			g.srv.log.Warn("mailin: too many sessions", "remote", c.RemoteAddr().String(), "max", g.srv.cfg.MaxSessions)
			refuse(c, "421 4.7.0 "+replyLine(msgBusy))
		}
	}
}

// refuse greets c with a final reply and closes it.
func refuse(c net.Conn, line string) {
	_ = c.SetWriteDeadline(time.Now().Add(time.Second))
	_, _ = c.Write([]byte(line + "\r\n"))
	_ = c.Close()
}

func (s *Server) allowed(a net.Addr) bool {
	if len(s.cfg.AllowedNets) == 0 {
		return true
	}
	ap, err := netip.ParseAddrPort(a.String())
	if err != nil {
		return false
	}
	ip := ap.Addr().Unmap()
	for _, p := range s.cfg.AllowedNets {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// sessionConn holds one session slot. Every read renews the idle deadline
// (ReadTimeout) but never past the session's end (MaxSessionDuration), so a
// slow or stalled client cannot hold a slot for long; closing frees the slot.
type sessionConn struct {
	net.Conn
	idle time.Duration
	end  time.Time
	once sync.Once
	free func()

	mu      sync.Mutex
	pending func() // run at the next read or close: the reply is out
}

// afterReply arranges for done to run once the reply to the current
// command has been written, which is when go-smtp reads again (or closes).
func (c *sessionConn) afterReply(done func()) {
	c.mu.Lock()
	c.pending = done
	c.mu.Unlock()
}

func (c *sessionConn) settle() {
	c.mu.Lock()
	done := c.pending
	c.pending = nil
	c.mu.Unlock()
	if done != nil {
		done()
	}
}

func (s *Server) newSessionConn(c net.Conn) *sessionConn {
	return &sessionConn{
		Conn: c,
		idle: s.cfg.ReadTimeout,
		end:  time.Now().Add(s.cfg.MaxSessionDuration),
		free: func() { <-s.slots },
	}
}

// Read reads with the renewed deadline.
func (c *sessionConn) Read(b []byte) (int, error) {
	c.settle()
	d := time.Now().Add(c.idle)
	if d.After(c.end) {
		d = c.end
	}
	if err := c.Conn.SetReadDeadline(d); err != nil {
		return 0, err
	}
	return c.Conn.Read(b)
}

// SetReadDeadline is a no-op: Read sets the deadline itself.
func (c *sessionConn) SetReadDeadline(time.Time) error { return nil }

// SetDeadline sets only the write deadline, for the same reason.
func (c *sessionConn) SetDeadline(t time.Time) error { return c.Conn.SetWriteDeadline(t) }

// Close closes the connection and frees its slot once.
func (c *sessionConn) Close() error {
	err := c.Conn.Close()
	c.settle()
	c.once.Do(c.free)
	return err
}
