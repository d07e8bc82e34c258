package main

import (
	"bufio"
	"net"
	"sync"
	"time"

	"attt/bench/logmsg"
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
		line = logmsg.Append(line[:0], conn, i, base.Add(time.Duration(i)*time.Millisecond))
		if _, err := w.Write(line); err != nil {
			return err
		}
	}
	return w.Flush()
}
