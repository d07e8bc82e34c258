package parse_test

import (
	"testing"

	"attt/internal/logs/parse"
)

func TestParseKeyValue(t *testing.T) {
	tests := []struct {
		name string
		line string
		want want
	}{
		{
			name: "fortigate admin login failed",
			line: `<185>date=2026-11-24 time=10:00:01 devname="FGT60F" devid="FGT60FTK20000001" eventtime=1795489201123456789 tz="+0700" logid="0100032002" type="event" subtype="system" level="alert" vd="root" logdesc="Admin login failed" sn="0" user="admin" ui="https(203.0.113.9)" method="https" srcip=203.0.113.9 dstip=10.1.1.1 action="login" status="failed" reason="name_invalid" msg="Administrator admin login failed from https(203.0.113.9) because of invalid user name"`,
			want: want{format: parse.FormatRFC3164, time: "2026-11-24T03:00:01Z", facility: 23, severity: 1, fields: map[string]string{
				"kv.date": "2026-11-24", "kv.time": "10:00:01", "kv.devname": "FGT60F", "kv.type": "event", "kv.subtype": "system",
				"kv.logdesc": "Admin login failed", "kv.user": "admin", "kv.srcip": "203.0.113.9", "kv.status": "failed",
				"kv.msg": "Administrator admin login failed from https(203.0.113.9) because of invalid user name"}},
		},
		{
			name: "fortigate config change with syslog header",
			line: `<189>Nov 24 10:00:05 FGT60F date=2026-11-24 time=10:00:05 devname="FGT60F" type="event" subtype="system" logdesc="Attribute configured" user="admin" ui="GUI(10.1.1.5)" action="Edit" cfgpath="firewall.policy" cfgobj="3" cfgattr="action[deny->accept]" msg="Edit firewall.policy 3"`,
			want: want{format: parse.FormatRFC3164, host: "FGT60F", severity: 5, fields: map[string]string{
				"kv.logdesc": "Attribute configured", "kv.cfgpath": "firewall.policy", "kv.cfgattr": "action[deny->accept]", "kv.ui": "GUI(10.1.1.5)"}},
		},
		{
			name: "fortigate header-less without tz uses loc",
			line: `<189>date=2026-11-24 time=10:00:01 devname="FGT60F" type="traffic" subtype="forward" srcip=10.1.1.5 dstip=8.8.8.8 action="deny"`,
			want: want{format: parse.FormatRFC3164, time: "2026-11-24T03:00:01Z", severity: 5, fields: map[string]string{"kv.action": "deny"}},
		},
		{
			name: "header-less key=value without date",
			line: `<189>devname="FGT60F" action="deny"`,
			want: want{format: parse.FormatRFC3164, time: "recv", severity: 5, fields: map[string]string{"kv.action": "deny"}, errPart: "missing timestamp"},
		},
		{
			name: "windows 4625 as key=value",
			line: `<13>Nov 24 10:00:01 DC01 MSWinEventLog: EventID=4625 Hostname=DC01.hungyen.local TargetUserName=nguyenvana TargetDomainName=HUNGYEN IpAddress=203.0.113.9 LogonType=3 Message="Tài khoản không đăng nhập được."`,
			want: want{format: parse.FormatRFC3164, host: "DC01", app: "MSWinEventLog", severity: 5, fields: map[string]string{
				"kv.EventID": "4625", "win.event_id": "4625", "win.result": "failure", "win.user": "nguyenvana", "win.src": "203.0.113.9", "kv.Message": "Tài khoản không đăng nhập được."}},
		},
		{
			name: "windows json in syslog",
			line: `<14>1 2026-11-24T10:00:01+07:00 DC01 nxlog - - - {"EventTime":"2026-11-24 10:00:01","Hostname":"DC01","EventID":1102,"SubjectUserName":"admin","Channel":"Security","Message":"Nhật ký kiểm toán đã bị xóa."}`,
			want: want{format: parse.FormatRFC5424, host: "DC01", app: "nxlog", severity: 6, fields: map[string]string{
				"EventID": "1102", "win.event_id": "1102", "win.result": "log_cleared", "win.subject_user": "admin", "Channel": "Security"}},
		},
		{
			name: "quoted value with escaped quote",
			line: `<14>1 2026-11-24T03:00:01Z h a - - - a=1 b="x \"y\" z" c=3`,
			want: want{format: parse.FormatRFC5424, severity: 6, fields: map[string]string{"kv.a": "1", "kv.b": `x "y" z`, "kv.c": "3"}},
		},
		{
			name: "unterminated quote",
			line: `<14>1 2026-11-24T03:00:01Z h a - - - a=1 b="open`,
			want: want{format: parse.FormatRFC5424, severity: 6, fields: map[string]string{"kv.a": "1", "kv.b": "open"}, errPart: "unterminated"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := parse.ParseSyslog([]byte(tt.line), recv, ict)
			MustMatch(t, tt.line, e, tt.want)
		})
	}
}
