package player

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/smoothie-player/smoothie/drm"
)

// TestParseLicense: a ClearKey JWK set gives the key; a PlayReady server's SOAP, 401,
// 404, a JWK set without the KID or with a short key are one line naming the KID.
func TestParseLicense(t *testing.T) {
	k, _ := drm.ParseKey("0123456789abcdef0123456789abcdef:00112233445566778899aabbccddeeff")
	b64 := base64.RawURLEncoding.EncodeToString
	jwks := func(kid, key []byte) string {
		return `{"keys":[{"kty":"oct","k":"` + b64(key) + `","kid":"` + b64(kid) + `"}],"type":"temporary"}`
	}
	got, err := parseLicense("L", 200, "application/json", []byte(jwks(k.ID[:], k.Bytes())), k.ID)
	if err != nil || string(got.Bytes()) != string(k.Bytes()) {
		t.Fatalf("ClearKey answer: %v", err)
	}
	soap := `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>soap:Server</faultcode></soap:Fault></soap:Body></soap:Envelope>`
	for _, tc := range []struct {
		name, ctype, body string
		status            int
		want              string
	}{
		{"PlayReady SOAP fault", "text/xml; charset=utf-8", soap, 500, "is a PlayReady licence server; PlayReady licences need a PlayReady client: give the key with --key"},
		{"XML without a content type", "", soap, 200, "is a PlayReady licence server"},
		{"not JSON", "text/plain", "hello", 200, "is a PlayReady licence server"},
		{"401", "text/plain", "no", 401, "refused the request (401)"},
		{"404", "text/plain", "no", 404, "no key for KID " + k.ID.String()},
		{"other KID", "application/json", jwks(make([]byte, 16), k.Bytes()), 200, "without a key for KID"},
		{"short key", "application/json", jwks(k.ID[:], []byte{1, 2}), 200, "not 16 bytes"},
	} {
		_, err := parseLicense("L", tc.status, tc.ctype, []byte(tc.body), k.ID)
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
}
