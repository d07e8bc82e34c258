package parse_test

import (
	"bytes"
	"errors"
	"io"
	"testing"
	"testing/iotest"
	"unicode/utf8"

	"attt/internal/logs/parse"
)

func syslogSeeds() []string {
	return []string{
		"<165>1 2026-11-24T10:00:01.123456+07:00 mail postfix 2345 ID47 [a@1 iut=\"3\" x=\"a\\\"b\\]\"][b@2 c=\"d\"] \xEF\xBB\xBFĐăng nhập",
		"<13>1 - - - - - -",
		"<34>Oct 11 22:14:15 mymachine su: 'su root' failed",
		"<38>2026-11-24T10:00:01+07:00 srv sshd[777]: Failed password for invalid user admin from 203.0.113.9 port 52144 ssh2",
		"<134>Nov 24 10:00:01 filterlog[1]: 5,,,1000000103,igb0,match,block,in,4,0x0,,64,0,0,DF,6,tcp,60,203.0.113.9,10.0.0.1,52144,22,0",
		`<189>Nov 24 10:00:01 FGT CEF:0|Fortinet|FortiGate|7.2|32002|login\|failed|7|src=1.2.3.4 msg=a b\=c duser=admin`,
		`<185>date=2026-11-24 time=10:00:01 devname="FGT60F" logdesc="Admin login failed" user="admin" srcip=10.1.1.5 tz="+0700"`,
		`<14>Nov 24 10:00:01 PA 1,2026/11/24 10:00:01,0128,TRAFFIC,end,1,2026/11/24 10:00:01,1.1.1.1,2.2.2.2,,,r,"u,x",,ssl`,
		`<14>1 2026-11-24T03:00:01Z DC01 nxlog - - - {"EventID":4625,"TargetUserName":"a","x":{"y":[1,2]}}`,
		"<13>Dec 31 23:59:59 h a: m",
		"CEF:0|V|P|1|s|n|3|",
		"<13",
		"",
	}
}

func FuzzParseSyslog(f *testing.F) {
	for _, s := range syslogSeeds() {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		e := parse.ParseSyslog(line, recv, ict)
		if e.Raw != string(line) {
			t.Fatalf("Raw = %q, want input %q", e.Raw, line)
		}
		if e.Severity < -1 || e.Severity > 7 || e.Facility < -1 || e.Facility > 23 {
			t.Fatalf("severity %d facility %d out of range", e.Severity, e.Facility)
		}
		if e.Time.Location().String() != "UTC" || e.Received.Location().String() != "UTC" {
			t.Fatalf("times not UTC: %v %v", e.Time, e.Received)
		}
		if e.Format == "" {
			t.Fatal("no format")
		}
		if utf8.Valid(line) {
			for _, fl := range e.Fields {
				if !utf8.ValidString(fl.Key) {
					t.Fatalf("field key %q not UTF-8 from a UTF-8 line", fl.Key)
				}
			}
		}
	})
}

func FuzzParseJSON(f *testing.F) {
	for _, s := range []string{
		`{"timestamp":"2026-11-24T10:00:01+07:00","host":"h","severity":"warning","message":"Đăng nhập","user":{"name":"a"}}`,
		`{"@timestamp":1795489201250,"level":3,"tags":["a",{"b":null}],"EventID":"4625"}`,
		`{"time":"2026-11-24 10:00:01"}`,
		`[]`, `{`, `"x"`, `{"a":1}{"b":2}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, obj []byte) {
		e, err := parse.ParseJSON(obj, recv, ict)
		if len(obj) <= parse.MaxJSONSize && e.Raw != string(obj) {
			t.Fatalf("Raw = %q, want input", e.Raw)
		}
		if err != nil && e.ParseError == "" {
			t.Fatalf("error %v without ParseError", err)
		}
		if e.Severity < -1 || e.Severity > 7 {
			t.Fatalf("severity %d", e.Severity)
		}
	})
}

func FuzzFramer(f *testing.F) {
	for _, s := range []string{
		"<13>a\n<13>b\r\n<13>c\x00",
		"5 <13>a6 <13>bc\n<13>d",
		"999999999 <13>x",
		"12 x\n\n\n",
		"40 <13>1 2026-11-24T03:00:01Z h a - - - một\n",
	} {
		f.Add([]byte(s), uint8(32))
	}
	f.Fuzz(func(t *testing.T, data []byte, max uint8) {
		limit := int(max)
		fr := parse.NewFramer(iotest.OneByteReader(bytes.NewReader(data)), limit)
		switch {
		case limit == 0:
			limit = parse.DefaultMaxMessage
		case limit < 16:
			limit = 16
		}
		total := 0
		for i := 0; ; i++ {
			msg, err := fr.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("Next: %v", err)
			}
			if len(msg) > limit {
				t.Fatalf("frame of %d bytes over the limit %d", len(msg), limit)
			}
			if len(msg) == 0 {
				t.Fatal("empty frame returned")
			}
			total += len(msg)
			if i > len(data) {
				t.Fatal("more frames than input bytes")
			}
		}
		if total > len(data) {
			t.Fatalf("framed %d bytes from %d", total, len(data))
		}
	})
}
