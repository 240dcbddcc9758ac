package origin

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/smoothie-player/smoothie/drm"
	"github.com/smoothie-player/smoothie/internal/syncbuf"
)

// TestLicense: POST /license answers W3C ClearKey: the JWK set for known KIDs with the
// bearer token, 401 without it, 400 for a malformed body, 404 for an unknown KID; a
// preflight is answered for POST with the Authorization header; the access log has
// each answer and no key.
func TestLicense(t *testing.T) {
	const keyHex = "00112233445566778899aabbccddeeff"
	k, _ := drm.ParseKey("0123456789abcdef0123456789abcdef:" + keyHex)
	var alog syncbuf.Buffer
	_, hs := startOrigin(t, t.TempDir(), Config{Keys: drm.Keys{k}, LicenseToken: "s3cret", AccessLog: &alog})
	kid := base64.RawURLEncoding.EncodeToString(k.ID[:])
	post := func(body, auth string) (int, []byte) {
		req, _ := http.NewRequest(http.MethodPost, hs.URL+LicensePath, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, b
	}
	tests := []struct {
		name, body, auth string
		code             int
		want             string
	}{
		{"no token", `{"kids":["` + kid + `"]}`, "", 401, "bearer token"},
		{"wrong token", `{"kids":["` + kid + `"]}`, "Bearer nope", 401, "bearer token"},
		{"malformed", `{"kids":`, "Bearer s3cret", 400, "ClearKey"},
		{"no kids", `{}`, "Bearer s3cret", 400, "ClearKey"},
		{"bad kid", `{"kids":["AAAA"]}`, "Bearer s3cret", 400, `"AAAA"`},
		{"unknown kid", `{"kids":["` + base64.RawURLEncoding.EncodeToString(make([]byte, 16)) + `"]}`, "Bearer s3cret", 404, "no key for KID 00000000000000000000000000000000"},
		{"known", `{"kids":["` + kid + `"],"type":"temporary"}`, "Bearer s3cret", 200, `"kty":"oct"`},
	}
	for _, tc := range tests {
		code, b := post(tc.body, tc.auth)
		if code != tc.code || !strings.Contains(string(b), tc.want) {
			t.Errorf("%s: %d %q, want %d %q", tc.name, code, b, tc.code, tc.want)
		}
		if code == 200 {
			var r struct {
				Keys []struct{ Kty, K, KID string }
			}
			if err := json.Unmarshal(b, &r); err != nil || len(r.Keys) != 1 || r.Keys[0].KID != kid {
				t.Fatalf("response %s: %v", b, err)
			}
			got, _ := base64.RawURLEncoding.DecodeString(r.Keys[0].K)
			if !bytes.Equal(got, k.Bytes()) {
				t.Errorf("response key is not the key")
			}
		}
	}
	req, _ := http.NewRequest(http.MethodOptions, hs.URL+LicensePath, nil)
	req.Header.Set("Origin", "http://page.example")
	req.Header.Set("Access-Control-Request-Method", "POST")
	req.Header.Set("Access-Control-Request-Headers", "authorization, content-type")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if h := resp.Header; resp.StatusCode != 204 || h.Get("Access-Control-Allow-Origin") != "*" || !strings.Contains(h.Get("Access-Control-Allow-Methods"), "POST") || !strings.Contains(h.Get("Access-Control-Allow-Headers"), "authorization") {
		t.Errorf("preflight: %s %v", resp.Status, resp.Header)
	}
	if r, _ := get(t, hs.URL+LicensePath); r.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET /license: %s", r.Status)
	}
	log := alog.String()
	for _, code := range []string{" 401 ", " 400 ", " 404 ", " 200 "} {
		if !strings.Contains(log, "POST /license") || !strings.Contains(log, code) {
			t.Errorf("access log lacks a%s answer to POST /license:\n%s", code, log)
		}
	}
	b64 := base64.RawURLEncoding.EncodeToString(k.Bytes())
	if strings.Contains(log, keyHex) || strings.Contains(log, b64) || strings.Contains(log, "s3cret") {
		t.Errorf("access log shows the key or the token:\n%s", log)
	}
}
