package main

import (
	"encoding/pem"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTLSConfig: no TLS settings without --ca and --insecure; --ca adds the PEM
// file's authorities and refuses a file without one or none at all (exit 2).
func TestTLSConfig(t *testing.T) {
	if tc, err := tlsConfig("", false); tc != nil || err != nil {
		t.Errorf("no flags: %v, %v; want nil, nil", tc, err)
	}
	if tc, err := tlsConfig("", true); err != nil || tc == nil || !tc.InsecureSkipVerify || tc.RootCAs != nil {
		t.Errorf("--insecure: %+v, %v", tc, err)
	}
	srv := httptest.NewTLSServer(nil)
	defer srv.Close()
	dir := t.TempDir()
	good, bad := filepath.Join(dir, "ca.pem"), filepath.Join(dir, "bad.pem")
	os.WriteFile(good, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o644)
	os.WriteFile(bad, []byte("not a certificate"), 0o644)
	if tc, err := tlsConfig(good, false); err != nil || tc == nil || tc.RootCAs == nil || tc.InsecureSkipVerify {
		t.Errorf("--ca: %+v, %v", tc, err)
	}
	for file, want := range map[string]string{bad: "--ca " + bad + ": no PEM certificate in it", filepath.Join(dir, "none.pem"): "--ca: open "} {
		_, err := tlsConfig(file, false)
		if err == nil || !strings.HasPrefix(err.Error(), want) || playExit(err, &strings.Builder{}) != exitUsage {
			t.Errorf("--ca %s: %v; want %q, exit 2", file, err, want)
		}
	}
}
