package parse_test

import (
	"bytes"
	"strings"
	"testing"

	"attt/internal/logs/parse"
)

const (
	bench5424 = `<165>1 2026-11-24T10:00:01.123456+07:00 srv-web01.hungyen.gov.vn nginx 2345 ACCESS [meta@32473 agency="so-tttt" env="prod"] 10.1.1.5 - - "GET /dang-nhap HTTP/1.1" 200 5123 "-" "Mozilla/5.0"`
	bench3164 = `<38>Nov 24 10:00:01 srv-web01 sshd[10285]: Failed password for invalid user admin from 203.0.113.9 port 52144 ssh2`
	benchCEF  = `<189>Nov 24 10:00:01 FGT60F CEF:0|Fortinet|FortiGate|v7.2.5|32002|event:system login failed|7|deviceExternalId=FGT60FTK20000001 FTNTFGTlogid=0100032002 cat=event:system duser=admin src=203.0.113.9 outcome=failed msg=Administrator admin login failed from https(203.0.113.9)`
	benchKV   = `<185>date=2026-11-24 time=10:00:01 devname="FGT60F" devid="FGT60FTK20000001" logid="0100032002" type="event" subtype="system" level="alert" vd="root" logdesc="Admin login failed" user="admin" ui="https(203.0.113.9)" srcip=203.0.113.9 action="login" status="failed" msg="Administrator admin login failed"`
)

func benchParse(b *testing.B, line string) {
	buf := []byte(line)
	b.SetBytes(int64(len(buf)))
	b.ReportAllocs()
	for b.Loop() {
		e := parse.ParseSyslog(buf, recv, ict)
		if e.ParseError != "" {
			b.Fatal(e.ParseError)
		}
	}
}

func BenchmarkParseRFC5424(b *testing.B)     { benchParse(b, bench5424) }
func BenchmarkParseRFC3164(b *testing.B)     { benchParse(b, bench3164) }
func BenchmarkParseCEF(b *testing.B)         { benchParse(b, benchCEF) }
func BenchmarkParseFortiGateKV(b *testing.B) { benchParse(b, benchKV) }

func BenchmarkParseJSON(b *testing.B) {
	obj := []byte(`{"timestamp":"2026-11-24T10:00:01+07:00","host":"app01","app":"portal","severity":"warning","message":"Đăng nhập sai mật khẩu","user":{"name":"nguyenvana","id":42}}`)
	b.SetBytes(int64(len(obj)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := parse.ParseJSON(obj, recv, ict); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFramer frames 1,000 mixed LF and octet-counted RFC 5424 messages
// per op; ns/op divided by 1,000 is the cost per message.
func BenchmarkFramer(b *testing.B) {
	var sb strings.Builder
	for i := 0; i < 1000; i++ {
		if i%2 == 0 {
			sb.WriteString(bench5424 + "\n")
		} else {
			sb.WriteString(itoa(len(bench5424)) + " " + bench5424)
		}
	}
	data := []byte(sb.String())
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	r := bytes.NewReader(data)
	for b.Loop() {
		r.Reset(data)
		f := parse.NewFramer(r, 0)
		n := 0
		for {
			if _, err := f.Next(); err != nil {
				break
			}
			n++
		}
		if n != 1000 {
			b.Fatalf("%d frames", n)
		}
	}
}
