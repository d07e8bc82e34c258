package parse_test

import (
	"testing"
	"time"

	"attt/internal/logs/parse"
)

func TestPAMAnyService(t *testing.T) {
	e := parse.ParseSyslog([]byte("<85>Nov 24 10:00:01 app01 su[991]: pam_unix(su:auth): authentication failure; logname=an uid=1000 euid=0 tty=pts/0 ruser=an rhost=10.9.9.9  user=root"), time.Now(), time.UTC)
	for k, want := range map[string]string{"pam.result": "failure", "pam.service": "su", "pam.user": "root", "pam.rhost": "10.9.9.9"} {
		if got, _ := e.Get(k); got != want {
			t.Errorf("%s = %q, want %q (fields %v)", k, got, want, e.Fields)
		}
	}
}
