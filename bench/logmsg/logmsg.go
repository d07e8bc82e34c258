// Package logmsg makes the realistic syslog lines the log benchmarks send
// and store: sshd failures and successes, pfSense filterlog and a
// Vietnamese application message, from 200 hosts.
package logmsg

import (
	"fmt"
	"strconv"
	"time"
)

// Append adds message number i of stream s, stamped t, as one RFC 5424
// line ending in LF.
func Append(b []byte, s, i int, t time.Time) []byte {
	host := "host-" + strconv.Itoa((i*7+s)%200)
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
