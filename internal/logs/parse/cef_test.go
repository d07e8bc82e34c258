package parse_test

import (
	"testing"

	"attt/internal/logs/parse"
)

func TestParseCEF(t *testing.T) {
	tests := []struct {
		name string
		line string
		want want
	}{
		{
			name: "fortigate cef in rfc3164",
			line: `<189>Nov 24 10:00:01 FGT60F CEF:0|Fortinet|FortiGate|v7.2.5|32002|event:system login failed|7|deviceExternalId=FGT60FTK20000001 FTNTFGTlogid=0100032002 cat=event:system FTNTFGTsubtype=system FTNTFGTlevel=alert FTNTFGTvd=root duser=admin src=203.0.113.9 FTNTFGTaction=login outcome=failed reason=name_invalid msg=Administrator admin login failed from https(203.0.113.9) because of invalid user name`,
			want: want{format: parse.FormatCEF, time: "2026-11-24T03:00:01Z", host: "FGT60F", facility: 23, severity: 5, fields: map[string]string{
				"cef.cef_version": "0", "cef.vendor": "Fortinet", "cef.product": "FortiGate", "cef.version": "v7.2.5", "cef.signature": "32002",
				"cef.name": "event:system login failed", "cef.severity": "7", "cef.duser": "admin", "cef.src": "203.0.113.9", "cef.outcome": "failed",
				"cef.msg": "Administrator admin login failed from https(203.0.113.9) because of invalid user name"}},
		},
		{
			name: "escapes in header and extension",
			line: `<134>1 2026-11-24T03:00:01Z fw - - - - CEF:0|Acme\|Corp|Fire\\wall|1.0|100|Port scan|High|src=10.0.0.1 msg=a\=b c\\d\nnext cs1=Đăng nhập cs1Label=Ghi chú`,
			want: want{format: parse.FormatCEF, host: "fw", severity: 6, fields: map[string]string{
				"cef.vendor": "Acme|Corp", "cef.product": `Fire\wall`, "cef.severity": "High", "cef.src": "10.0.0.1",
				"cef.msg": "a=b c\\d\nnext", "cef.cs1": "Đăng nhập", "cef.cs1Label": "Ghi chú"}},
		},
		{
			name: "bare cef without syslog header",
			line: `CEF:0|Palo Alto Networks|PAN-OS|10.1|end|TRAFFIC|1|rt=Nov 24 2026 10:00:01 GMT+07:00 src=10.1.1.5 dst=203.0.113.9 act=allow`,
			want: want{format: parse.FormatCEF, time: "recv", severity: 6, fields: map[string]string{
				"cef.vendor": "Palo Alto Networks", "cef.rt": "Nov 24 2026 10:00:01 GMT+07:00", "cef.act": "allow"}},
		},
		{
			name: "no extension",
			line: `<13>1 2026-11-24T03:00:01Z fw - - - - CEF:0|V|P|1|sig|name|10|`,
			want: want{format: parse.FormatCEF, severity: 5, fields: map[string]string{"cef.severity": "10"}},
		},
		{
			name: "value with equals but no key before it",
			line: `CEF:0|V|P|1|sig|name|3|url=http://x/?a=b&c=d spt=80`,
			want: want{format: parse.FormatCEF, severity: 6, fields: map[string]string{"cef.url": "http://x/?a=b&c=d", "cef.spt": "80"}},
		},
		{
			name: "truncated header",
			line: `<13>1 2026-11-24T03:00:01Z fw - - - - CEF:0|Fortinet|Forti`,
			want: want{format: parse.FormatCEF, severity: 5, fields: map[string]string{"cef.vendor": "Fortinet", "cef.product": "Forti"}, errPart: "cef: truncated header"},
		},
		{
			name: "bad extension",
			line: `CEF:0|V|P|1|sig|name|3|just words`,
			want: want{format: parse.FormatCEF, severity: 6, errPart: "cef: invalid extension"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := parse.ParseSyslog([]byte(tt.line), recv, ict)
			MustMatch(t, tt.line, e, tt.want)
		})
	}
}
