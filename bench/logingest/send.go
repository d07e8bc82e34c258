package main

import (
	"bufio"
	"fmt"
	"net"
	"strconv"
	"sync"
	"time"
)

// send writes n RFC 5424 messages, LF-framed, over conns connections as
// fast as the receiver reads them.
func send(addr string, n, conns int) error {
	var wg sync.WaitGroup
	errs := make(chan error, conns)
	for c := 0; c < conns; c++ {
		count := n / conns
		if c == 0 {
			count += n % conns
		}
		wg.Go(func() {
			if err := sendOne(addr, c, count); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	return <-errs
}

func sendOne(addr string, conn, n int) error {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	defer c.Close()
	w := bufio.NewWriterSize(c, 256<<10)
	line := make([]byte, 0, 512)
	base := time.Date(2026, 11, 24, 9, 0, 0, 0, time.FixedZone("ICT", 7*3600))
	for i := 0; i < n; i++ {
		line = message(line[:0], conn, i, base.Add(time.Duration(i)*time.Millisecond))
		if _, err := w.Write(line); err != nil {
			return err
		}
	}
	return w.Flush()
}

// message builds one realistic line: sshd, firewall and application
// events from 200 hosts, with varying users and addresses.
func message(b []byte, conn, i int, t time.Time) []byte {
	host := "host-" + strconv.Itoa((i*7+conn)%200)
	b = append(b, "<38>1 "...)
	b = t.AppendFormat(b, "2006-01-02T15:04:05.000000Z07:00")
	switch i % 4 {
	case 0:
		b = fmt.Appendf(b, " %s sshd %d - - Failed password for user%d from 10.%d.%d.%d port %d ssh2\n", host, 1000+i%5000, i%997, i%256, (i/256)%256, i%253+1, 30000+i%30000)
	case 1:
		b = fmt.Appendf(b, " %s sshd %d - - Accepted publickey for deploy%d from 192.168.%d.%d port %d ssh2: ED25519 SHA256:%08x\n", host, 1000+i%5000, i%13, i%256, i%254+1, 40000+i%20000, i*2654435761)
	case 2:
		b = fmt.Appendf(b, " %s filterlog - - [meta sequenceId=\"%d\"] 5,,,1000000103,igb0,match,block,in,4,0x0,,64,%d,0,DF,6,tcp,60,203.0.113.%d,10.0.0.%d,%d,443,0,S,%d,,64240,,mss\n", host, i, i%65535, i%254+1, i%200+1, 1024+i%60000, i*31)
	default:
		b = fmt.Appendf(b, " %s portal %d req-%d - Người dùng nguyen.van.%d đăng nhập cổng dịch vụ công, phiên %x, thời gian xử lý %d ms\n", host, 2000+i%100, i, i%5000, i*40503, i%900)
	}
	return b
}
