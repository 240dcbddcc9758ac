package e2e

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
)

// TestPlayEncryptedLicense: the encrypted demo plays end to end through
// `serve --keys --license-token`: smoothie, given no key, asks the header's LA_URL
// ("/license", resolved against the manifest's URL) with the token and plays; without
// the token it stops with one line (401); against a PlayReady-only licence server (a
// test origin answering SOAP like …/rightsmanager.asmx) with one line saying so.
func TestPlayEncryptedLicense(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "enc")
	runOK(t, smoothie, "pack", "--encrypt", "--key", encKID+":"+encKey, "../testdata/demo/demo.ism", out)
	keys := filepath.Join(dir, "keys.json")
	if err := os.WriteFile(keys, []byte(`{"keys":[{"kid":"`+encKID+`","key":"`+encKey+`"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	o := startServe(t, "--keys", keys, "--license-token", "tok", out)
	manifest := o.URL + "/demo.ism/Manifest"
	b, code := playFor4s("--license-header", "Authorization: Bearer tok", manifest)
	m := regexp.MustCompile(`(\d+) frames decoded.*, (\d+) errors`).FindStringSubmatch(b)
	if code != 0 || m == nil || m[1] == "0" || m[2] != "0" {
		t.Fatalf("with the token: exit %d\n%s", code, b)
	}
	t.Logf("with the token: %s frames decoded, %s errors", m[1], m[2])
	if !strings.Contains(o.Stderr.String(), "POST /license - ") {
		t.Errorf("no licence request in the access log:\n%s", o.Stderr.String())
	}

	// A PlayReady licence server answers a ClearKey request with a SOAP fault.
	var asked atomic.Int32
	pr := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked.Add(1)
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "text/xml; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = io.WriteString(w, `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>soap:Client</faultcode><faultstring>System.Web.Services.Protocols.SoapException</faultstring></soap:Fault></soap:Body></soap:Envelope>`)
	}))
	defer pr.Close()
	prOut := filepath.Join(dir, "pr")
	runOK(t, smoothie, "pack", "--encrypt", "--key", encKID+":"+encKey, "--la-url", pr.URL+"/rightsmanager.asmx", "../testdata/demo/demo.ism", prOut)
	prOrigin := startServe(t, prOut)

	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no token", []string{manifest}, "refused the request (401)"},
		{"PlayReady-only LA_URL", []string{prOrigin.URL + "/demo.ism/Manifest"}, "is a PlayReady licence server; PlayReady licences need a PlayReady client: give the key with --key"},
	} {
		b, code := playFor4s(tc.args...)
		lines := strings.Split(strings.TrimSpace(b), "\n")
		last := lines[len(lines)-1]
		if code != 1 || !strings.HasPrefix(last, "smoothie play: ") || !strings.Contains(last, tc.want) || strings.Contains(b, encKey) {
			t.Errorf("%s: exit %d, last line %q, want %q", tc.name, code, last, tc.want)
		}
	}
	if n := asked.Load(); n != 1 {
		t.Errorf("the PlayReady server was asked %d times, want once", n)
	}
}
