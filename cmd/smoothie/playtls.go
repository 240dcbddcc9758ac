package main

import (
	"crypto/tls"
	"crypto/x509"
	"os"
)

// tlsConfig is the TLS configuration of --ca and --insecure: nil (Go's defaults)
// without them; with --ca, the system's authorities and the PEM file's.
func tlsConfig(ca string, insecure bool) (*tls.Config, error) {
	if ca == "" && !insecure {
		return nil, nil
	}
	tc := &tls.Config{InsecureSkipVerify: insecure}
	if ca == "" {
		return tc, nil
	}
	pem, err := os.ReadFile(ca)
	if err != nil {
		return nil, usageError("--ca: %v", err)
	}
	pool, err := x509.SystemCertPool()
	if err != nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(pem) {
		return nil, usageError("--ca %s: no PEM certificate in it", ca)
	}
	tc.RootCAs = pool
	return tc, nil
}
