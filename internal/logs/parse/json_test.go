package parse_test

import (
	"errors"
	"strings"
	"testing"

	"attt/internal/logs/parse"
)

func TestParseJSON(t *testing.T) {
	tests := []struct {
		name    string
		obj     string
		want    want
		wantErr error
	}{
		{
			name: "common shape",
			obj:  `{"timestamp":"2026-11-24T10:00:01+07:00","host":"app01","app":"portal","severity":"warning","message":"Đăng nhập sai mật khẩu","user":{"name":"nguyenvana","id":42},"tags":["auth","web"],"ok":false,"n":null}`,
			want: want{format: parse.FormatJSON, time: "2026-11-24T03:00:01Z", host: "app01", app: "portal", severity: 4, message: "Đăng nhập sai mật khẩu",
				fields: map[string]string{"user.name": "nguyenvana", "user.id": "42", "tags.0": "auth", "tags.1": "web", "ok": "false", "n": ""}},
		},
		{
			name: "ecs shape",
			obj:  `{"@timestamp":"2026-11-24T03:00:01.5Z","host":{"name":"web02"},"log":{"level":"error"},"msg":"boom"}`,
			want: want{format: parse.FormatJSON, time: "2026-11-24T03:00:01.5Z", host: "web02", severity: 3, message: "boom"},
		},
		{
			name: "no zone read in loc, numeric level, program",
			obj:  `{"time":"2026-11-24 10:00:01","hostname":"h","program":"p","level":2,"msg":"x"}`,
			want: want{format: parse.FormatJSON, time: "2026-11-24T03:00:01Z", host: "h", app: "p", severity: 2, message: "x"},
		},
		{
			name: "unix seconds and milliseconds",
			obj:  `{"time":1795489201,"msg":"x"}`,
			want: want{format: parse.FormatJSON, time: "2026-11-24T03:00:01Z", severity: -1, message: "x"},
		},
		{
			name: "unix milliseconds",
			obj:  `{"timestamp":1795489201250,"msg":"x"}`,
			want: want{format: parse.FormatJSON, time: "2026-11-24T03:00:01.25Z", severity: -1, message: "x"},
		},
		{
			name: "windows 4624 from winlogbeat-like shape",
			obj:  `{"@timestamp":"2026-11-24T03:00:01Z","host":{"name":"DC01"},"EventID":4624,"TargetUserName":"tranthib","IpAddress":"10.1.1.7","Message":"Đăng nhập thành công"}`,
			want: want{format: parse.FormatJSON, host: "DC01", severity: -1, message: "Đăng nhập thành công",
				fields: map[string]string{"win.event_id": "4624", "win.result": "success", "win.user": "tranthib", "win.src": "10.1.1.7"}},
		},
		{
			name: "bad timestamp kept as field",
			obj:  `{"time":"yesterday","msg":"x"}`,
			want: want{format: parse.FormatJSON, time: "recv", severity: -1, message: "x", fields: map[string]string{"time": "yesterday"}, errPart: "timestamp"},
		},
		{
			name: "unknown severity name kept as field",
			obj:  `{"level":"chatty"}`,
			want: want{format: parse.FormatJSON, severity: -1, fields: map[string]string{"level": "chatty"}},
		},
		{name: "invalid", obj: `{"a":`, want: want{format: parse.FormatRaw, severity: -1, errPart: "invalid json"}, wantErr: parse.ErrJSONInvalid},
		{name: "array", obj: `[1,2]`, want: want{format: parse.FormatRaw, severity: -1, errPart: "not an object"}, wantErr: parse.ErrJSONNotObject},
		{name: "trailing data", obj: `{"a":1} {"b":2}`, want: want{format: parse.FormatRaw, severity: -1, errPart: "after"}, wantErr: parse.ErrJSONInvalid},
		{name: "empty", obj: ``, want: want{format: parse.FormatRaw, severity: -1, errPart: "invalid json"}, wantErr: parse.ErrJSONInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := parse.ParseJSON([]byte(tt.obj), recv, ict)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			MustMatch(t, tt.obj, e, tt.want)
		})
	}
}

func TestParseJSONLimits(t *testing.T) {
	big := `{"a":"` + strings.Repeat("x", parse.MaxJSONSize) + `"}`
	e, err := parse.ParseJSON([]byte(big), recv, ict)
	if !errors.Is(err, parse.ErrJSONTooLarge) || e.ParseError == "" || len(e.Raw) != parse.MaxJSONSize {
		t.Errorf("too large: err %v, ParseError %q, len(Raw) %d", err, e.ParseError, len(e.Raw))
	}
	deep := strings.Repeat(`{"a":`, 50) + "1" + strings.Repeat("}", 50)
	e, err = parse.ParseJSON([]byte(deep), recv, ict)
	if err != nil {
		t.Fatal(err)
	}
	if len(e.Fields) != 1 || !strings.HasPrefix(e.Fields[0].Key, "a.a.a.a.a.a.a.a") || !strings.HasPrefix(e.Fields[0].Value, `{"a":`) {
		t.Errorf("deep object flattened to %v", e.Fields)
	}
}
