// Command smtpsink is a small real SMTP server for tests: it accepts every
// message on the address given by -addr and writes each one, as received,
// to its own file in -dir (named by arrival order, written to a temporary
// name and renamed so readers never see half a message). It prints
// "listening ADDR" on stdout once it accepts connections.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/emersion/go-smtp"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address")
	dir := flag.String("dir", ".", "directory receiving one .eml file per message")
	flag.Parse()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatalf("smtpsink: %v", err)
	}
	be := &backend{dir: *dir}
	srv := smtp.NewServer(be)
	srv.Domain = "smtpsink.test"
	srv.ReadTimeout = 30 * time.Second
	srv.WriteTimeout = 30 * time.Second
	srv.MaxMessageBytes = 10 << 20
	srv.AllowInsecureAuth = true
	fmt.Printf("listening %s\n", ln.Addr())
	if err := srv.Serve(ln); err != nil && !errors.Is(err, smtp.ErrServerClosed) {
		log.Fatalf("smtpsink: %v", err)
	}
}

type backend struct {
	dir string
	seq atomic.Int64
}

func (b *backend) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{b: b}, nil }

// session collects one message's envelope and stores its data.
type session struct {
	b    *backend
	from string
	to   []string
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error { s.from = from; return nil }

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}

// Data writes the envelope as X-Sink-* lines followed by the message.
func (s *session) Data(r io.Reader) error {
	n := s.b.seq.Add(1)
	name := filepath.Join(s.b.dir, fmt.Sprintf("%06d-%d.eml", n, os.Getpid()))
	tmp := name + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	fmt.Fprintf(f, "X-Sink-From: %s\r\nX-Sink-To: %s\r\n", s.from, strings.Join(s.to, ", "))
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, name)
}

func (s *session) Reset()        { s.from, s.to = "", nil }
func (s *session) Logout() error { return nil }
