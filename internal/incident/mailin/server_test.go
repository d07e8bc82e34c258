package mailin

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/smtp"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"

	gosmtp "github.com/emersion/go-smtp"

	"attt/internal/errs"
	"attt/internal/locale"
	"attt/internal/webmon/webmontest"
)

const reportBox = "suco@attt.hungyen.gov.vn"

// listener is a Server running on 127.0.0.1:0 whose handler records each
// message and answers with whatever answer holds.
type listener struct {
	addr   string
	mu     sync.Mutex
	got    []*Message
	answer func(*Message) error
}

func (l *listener) handle(ctx context.Context, m *Message) error {
	l.mu.Lock()
	l.got = append(l.got, m)
	answer := l.answer
	l.mu.Unlock()
	if answer != nil {
		return answer(m)
	}
	return nil
}

func (l *listener) messages() []*Message {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]*Message(nil), l.got...)
}

// startListener serves cfg until the test ends and checks Serve returns nil.
func startListener(t *testing.T, cfg Config, h Handler) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- New(cfg, h, nil).Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return ln.Addr().String()
}

func newListener(t *testing.T, cfg Config) *listener {
	t.Helper()
	if cfg.Recipients == nil {
		cfg.Recipients = []string{reportBox, "BaoCao@attt.hungyen.gov.vn"}
	}
	l := &listener{}
	l.addr = startListener(t, cfg, l.handle)
	return l
}

// send delivers msg with the standard library's SMTP client and returns
// the server's answer to the message (nil for 250).
func send(t *testing.T, addr, from string, to []string, msg string) error {
	t.Helper()
	c, err := smtp.Dial(addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Hello("mail.sotttt.hungyen.gov.vn"); err != nil {
		return err
	}
	if err := c.Mail(from); err != nil {
		return err
	}
	for _, r := range to {
		if err := c.Rcpt(r); err != nil {
			return err
		}
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write([]byte(msg)); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	_ = c.Quit() // the message is delivered once DATA got 250
	return nil
}

// wantReply checks err is an SMTP reply with code and text in it.
func wantReply(t *testing.T, err error, code int, text string) {
	t.Helper()
	var te *textproto.Error
	if !errors.As(err, &te) || te.Code != code || !strings.Contains(te.Msg, text) {
		t.Fatalf("reply = %v, want %d containing %q", err, code, text)
	}
}

func TestListenerVietnamesePlainTextOnceForTwoRecipients(t *testing.T) {
	l := newListener(t, Config{})
	err := send(t, l.addr, "hung.nv@sotttt.hungyen.gov.vn", []string{"SuCo@ATTT.hungyen.gov.vn", "baocao@attt.hungyen.gov.vn"}, samplePlainVI)
	if err != nil {
		t.Fatalf("send: %v", err)
	}
	got := l.messages()
	if len(got) != 1 {
		t.Fatalf("handler called %d times, want once", len(got))
	}
	m := got[0]
	if m.Subject != "Báo cáo sự cố: máy chủ bị nhiễm mã độc" || m.From.Name != "Nguyễn Văn Hùng" ||
		!strings.Contains(m.Text, "Máy chủ cổng thông tin điện tử của Sở xuất hiện tệp lạ \"shell.php\" lúc 08:40.") {
		t.Errorf("message = %q / %q / %q", m.Subject, m.From.Name, m.Text)
	}
	env := m.Envelope
	if env.MailFrom != "hung.nv@sotttt.hungyen.gov.vn" || strings.Join(env.Recipients, ",") != "suco@attt.hungyen.gov.vn,baocao@attt.hungyen.gov.vn" ||
		env.Helo != "mail.sotttt.hungyen.gov.vn" || env.TLS || !strings.HasPrefix(env.RemoteAddr, "127.0.0.1:") || env.Received.IsZero() {
		t.Errorf("envelope = %+v", env)
	}
	if string(m.Raw) != samplePlainVI {
		t.Errorf("raw message changed in transit")
	}
}

func TestListenerMultipartOverSTARTTLSWithGoSMTPClient(t *testing.T) {
	serverTLS, clientTLS := testTLS(t)
	l := newListener(t, Config{TLS: serverTLS})
	c, err := gosmtp.DialStartTLS(l.addr, clientTLS)
	if err != nil {
		t.Fatalf("DialStartTLS: %v", err)
	}
	defer c.Close()
	if size, ok := c.MaxMessageSize(); !ok || int64(size) != DefaultMaxBytes {
		t.Errorf("advertised SIZE %d %v, want %d", size, ok, DefaultMaxBytes)
	}
	if err := c.SendMail("lan.tt@syt.hungyen.gov.vn", []string{reportBox}, strings.NewReader(sampleMixed)); err != nil {
		t.Fatalf("SendMail: %v", err)
	}
	got := l.messages()
	if len(got) != 1 {
		t.Fatalf("%d messages", len(got))
	}
	m := got[0]
	if m.Subject != "Thư lừa đảo" || !strings.Contains(m.Text, "Liên kết: Đăng nhập (http://phish.example/login)") {
		t.Errorf("subject %q text %q", m.Subject, m.Text)
	}
	if len(m.Attachments) != 2 || m.Attachments[1].Name != "Biên bản sự cố.pdf" || string(m.Attachments[1].Data) != "%PDF-1.4 fake evidence\n" {
		t.Errorf("attachments = %+v", m.Attachments)
	}
	if !m.Envelope.TLS {
		t.Error("Envelope.TLS = false after STARTTLS")
	}
}

// testTLS issues a certificate for 127.0.0.1 from the project's throw-away
// test CA and returns the configs that serve and trust it.
func testTLS(t *testing.T) (server, client *tls.Config) {
	t.Helper()
	ca := webmontest.NewCA(t)
	cert := ca.Issue(t, time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
	server = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	client = &tls.Config{RootCAs: ca.Pool(), ServerName: "127.0.0.1", MinVersion: tls.VersionTLS12}
	return server, client
}

func TestListenerRefusesUnknownRecipient(t *testing.T) {
	l := newListener(t, Config{})
	err := send(t, l.addr, "a@b.vn", []string{"admin@attt.hungyen.gov.vn"}, samplePlainVI)
	wantReply(t, err, 550, "5.1.1 Hop thu <admin@attt.hungyen.gov.vn> khong nhan bao cao su co; hay gui toi <suco@attt.hungyen.gov.vn>. / Mailbox")
	if n := len(l.messages()); n != 0 {
		t.Errorf("handler called %d times", n)
	}
}

func TestListenerRefusesOversized(t *testing.T) {
	l := newListener(t, Config{MaxBytes: 4096})
	big := samplePlainVI + strings.Repeat("Dòng đệm cho thư quá lớn.\r\n", 1000)
	err := send(t, l.addr, "a@b.vn", []string{reportBox}, big)
	wantReply(t, err, 552, "5.3.4 Thu vuot qua gioi han 4 KB. / The message exceeds the 4 KB limit.")

	// A client that declares the size is refused before it sends anything.
	c, err := smtp.Dial(l.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Hello("x"); err != nil {
		t.Fatal(err)
	}
	id, err := c.Text.Cmd("MAIL FROM:<a@b.vn> SIZE=%d", len(big))
	if err != nil {
		t.Fatal(err)
	}
	c.Text.StartResponse(id)
	_, _, err = c.Text.ReadResponse(250)
	c.Text.EndResponse(id)
	wantReply(t, err, 552, "5.3.4")
	if n := len(l.messages()); n != 0 {
		t.Errorf("handler called %d times", n)
	}
}

func TestListenerHandlerErrors(t *testing.T) {
	l := newListener(t, Config{})
	l.answer = func(*Message) error {
		return errs.New(errs.Invalid, locale.T("Người gửi chưa có tài khoản trong attt.", "The sender has no attt account."))
	}
	err := send(t, l.addr, "a@b.vn", []string{reportBox}, samplePlainVI)
	wantReply(t, err, 554, "5.6.0 Nguoi gui chua co tai khoan trong attt. / The sender has no attt account.")

	l.mu.Lock()
	l.answer = func(*Message) error { return fmt.Errorf("incident: open: %w", errors.New("database is locked")) }
	l.mu.Unlock()
	err = send(t, l.addr, "a@b.vn", []string{reportBox}, samplePlainVI)
	wantReply(t, err, 451, "4.3.0 Loi tam thoi")
	if strings.Contains(err.Error(), "database") {
		t.Errorf("internal cause leaked: %v", err)
	}
}

func TestListenerRefusesUnreadableMessage(t *testing.T) {
	l := newListener(t, Config{})
	err := send(t, l.addr, "a@b.vn", []string{reportBox}, "Subject: no sender\r\n\r\nbody\r\n")
	wantReply(t, err, 554, "5.6.0 Thu khong co nguoi gui (dong From). / The message has no sender (From line).")
	if n := len(l.messages()); n != 0 {
		t.Errorf("handler called %d times", n)
	}
}

// readLine reads one reply line from a raw connection.
func readLine(t *testing.T, c net.Conn) string {
	t.Helper()
	_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		t.Fatalf("read: %v (got %q)", err, line)
	}
	return line
}

func dial(t *testing.T, addr string) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func TestListenerLimitsConcurrentSessions(t *testing.T) {
	l := newListener(t, Config{MaxSessions: 1})
	first := dial(t, l.addr)
	if line := readLine(t, first); !strings.HasPrefix(line, "220 ") {
		t.Fatalf("first greeting %q", line)
	}
	second := dial(t, l.addr)
	if line := readLine(t, second); !strings.HasPrefix(line, "421 4.7.0 ") {
		t.Fatalf("second greeting %q, want 421", line)
	}
	first.Close()
	deadline := time.Now().Add(5 * time.Second)
	for {
		c := dial(t, l.addr)
		line := readLine(t, c)
		c.Close()
		if strings.HasPrefix(line, "220 ") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("slot not freed after close: %q", line)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestListenerEndsLongSessions(t *testing.T) {
	l := newListener(t, Config{MaxSessionDuration: 300 * time.Millisecond})
	c := dial(t, l.addr)
	r := bufio.NewReader(c)
	_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
	start := time.Now()
	greeting, _ := r.ReadString('\n')
	if _, err := fmt.Fprintf(c, "EHLO x\r\n"); err != nil {
		t.Fatal(err)
	}
	var last string
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			break
		}
		last = line
	}
	if !strings.HasPrefix(greeting, "220") || !strings.HasPrefix(last, "421 4.4.2") {
		t.Errorf("greeting %q, last %q, want a 421 at the session limit", greeting, last)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("session lasted %v", d)
	}
}

func TestListenerAllowedNets(t *testing.T) {
	l := newListener(t, Config{AllowedNets: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}})
	c := dial(t, l.addr)
	if line := readLine(t, c); !strings.HasPrefix(line, "554 5.7.1 ") {
		t.Fatalf("greeting %q, want 554", line)
	}
	open := newListener(t, Config{AllowedNets: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}})
	if err := send(t, open.addr, "a@b.vn", []string{reportBox}, samplePlainVI); err != nil {
		t.Fatalf("allowed client refused: %v", err)
	}
}

func TestServeFinishesMessageInFlightOnCancel(t *testing.T) {
	entered, release := make(chan struct{}), make(chan struct{})
	var handlerCtxErr error
	h := func(ctx context.Context, m *Message) error {
		close(entered)
		<-release
		handlerCtxErr = ctx.Err()
		return nil
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- New(Config{Recipients: []string{reportBox}}, h, nil).Serve(ctx, ln) }()
	sent := make(chan error, 1)
	go func() { sent <- send(t, ln.Addr().String(), "a@b.vn", []string{reportBox}, samplePlainVI) }()
	<-entered
	cancel()
	select {
	case err := <-done:
		t.Fatalf("Serve returned %v with a message in flight", err)
	case <-time.After(200 * time.Millisecond):
	}
	if _, err := net.DialTimeout("tcp", ln.Addr().String(), time.Second); err == nil {
		t.Error("still accepting after cancel")
	}
	close(release)
	if err := <-sent; err != nil {
		t.Errorf("message in flight: %v", err)
	}
	if err := <-done; err != nil {
		t.Errorf("Serve: %v", err)
	}
	if handlerCtxErr != nil {
		t.Errorf("handler context ended early: %v", handlerCtxErr)
	}
}

// rawSession speaks SMTP by hand up to and including RCPT TO.
func rawSession(t *testing.T, addr string) *textproto.Conn {
	t.Helper()
	tc := textproto.NewConn(dial(t, addr))
	for _, step := range []struct {
		cmd  string
		code int
	}{{"", 220}, {"EHLO relay.test", 250}, {"MAIL FROM:<a@b.vn>", 250}, {"RCPT TO:<" + reportBox + ">", 250}} {
		if step.cmd != "" {
			if err := tc.PrintfLine("%s", step.cmd); err != nil {
				t.Fatal(err)
			}
		}
		if _, _, err := tc.ReadResponse(step.code); err != nil {
			t.Fatalf("%q: %v", step.cmd, err)
		}
	}
	return tc
}

func TestListenerChunking(t *testing.T) {
	l := newListener(t, Config{MaxBytes: 2048})
	tc := rawSession(t, l.addr)
	fmt.Fprintf(tc.W, "BDAT %d LAST\r\n%s", len(samplePlainVI), samplePlainVI)
	tc.W.Flush()
	if _, msg, err := tc.ReadResponse(250); err != nil || !strings.Contains(msg, "Da nhan bao cao su co") {
		t.Fatalf("BDAT: %q %v", msg, err)
	}
	if got := l.messages(); len(got) != 1 || got[0].Subject != "Báo cáo sự cố: máy chủ bị nhiễm mã độc" {
		t.Fatalf("messages = %d", len(got))
	}
	tc = rawSession(t, l.addr)
	fmt.Fprintf(tc.W, "BDAT 4000 LAST\r\n%s", strings.Repeat("123456789\r\n", 400))
	tc.W.Flush()
	if _, _, err := tc.ReadResponse(250); err == nil || !strings.HasPrefix(err.Error(), "552") {
		t.Fatalf("oversized BDAT: %v", err)
	}
	if n := len(l.messages()); n != 1 {
		t.Errorf("handler called %d times", n)
	}
}

func TestListenerRefusesOverlongLine(t *testing.T) {
	l := newListener(t, Config{})
	msg := "From: a@b.vn\r\nSubject: x\r\n\r\n" + strings.Repeat("a", 3000) + "\r\n"
	err := send(t, l.addr, "a@b.vn", []string{reportBox}, msg)
	wantReply(t, err, 554, "dai qua 2000 ky tu")
}
