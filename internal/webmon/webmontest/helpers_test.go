package webmontest_test

import (
	"crypto/x509"

	"attt/internal/webmon/webmontest"
)

func x509Opts(ca *webmontest.CA, host string) x509.VerifyOptions {
	return x509.VerifyOptions{DNSName: host, Roots: ca.Pool()}
}
