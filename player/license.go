package player

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/smoothie-player/smoothie/drm"
	"github.com/smoothie-player/smoothie/smooth"
)

// maxLicense caps a licence response.
const maxLicense = 64 << 10

// licenseTimeout bounds the licence request.
const licenseTimeout = 15 * time.Second

// errPlayReadyServer is a licence server that answered a ClearKey request with
// something else (PlayReady servers answer SOAP/XML, usually at …/rightsmanager.asmx).
var errPlayReadyServer = errors.New("is a PlayReady licence server; PlayReady licences need a PlayReady client: give the key with --key")

// license asks laURL (resolved against the manifest's URL) for kid's key with a W3C
// ClearKey request, {"kids":["<base64url>"]}, carrying Config.LicenseHeader.
func (s *smoothSource) license(ctx context.Context, laURL string, kid drm.KeyID) (drm.Key, error) {
	s.mu.Lock()
	base := s.manURL
	s.mu.Unlock()
	u, err := smooth.ResolveFragmentURL(base, laURL)
	if err != nil {
		return drm.Key{}, fmt.Errorf("licence URL %q: %v", laURL, err)
	}
	body, _ := json.Marshal(map[string]any{"kids": []string{base64.RawURLEncoding.EncodeToString(kid[:])}, "type": "temporary"})
	ctx, cancel := context.WithTimeout(ctx, licenseTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), bytes.NewReader(body))
	if err != nil {
		return drm.Key{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	if s.fetch.ua != "" {
		req.Header.Set("User-Agent", s.fetch.ua)
	}
	for k, vs := range s.cfg.LicenseHeader {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	resp, err := s.fetch.client.Do(req)
	if err != nil {
		return drm.Key{}, fmt.Errorf("licence server %s: %v: give the key with --key KID:KEY or --key-file FILE", u.Redacted(), err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxLicense+1))
	if err != nil {
		return drm.Key{}, fmt.Errorf("licence server %s: %v", u.Redacted(), err)
	}
	return parseLicense(u.Redacted(), resp.StatusCode, resp.Header.Get("Content-Type"), b, kid)
}

// parseLicense reads a licence server's answer to a ClearKey request for kid.
func parseLicense(where string, status int, ctype string, b []byte, kid drm.KeyID) (drm.Key, error) {
	trimmed := bytes.TrimSpace(b)
	if strings.Contains(ctype, "xml") || bytes.HasPrefix(trimmed, []byte("<")) {
		return drm.Key{}, fmt.Errorf("%s %w", where, errPlayReadyServer)
	}
	switch {
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return drm.Key{}, fmt.Errorf("licence server %s refused the request (%d): give its token with --license-header \"Authorization: Bearer …\"", where, status)
	case status == http.StatusNotFound:
		return drm.Key{}, fmt.Errorf("licence server %s has no key for KID %s (404): give the key with --key KID:KEY or --key-file FILE", where, kid)
	case status != http.StatusOK:
		return drm.Key{}, fmt.Errorf("licence server %s answered %d: give the key with --key KID:KEY or --key-file FILE", where, status)
	}
	var r struct {
		Keys []struct {
			Kty string `json:"kty"`
			K   string `json:"k"`
			KID string `json:"kid"`
		} `json:"keys"`
	}
	if len(b) > maxLicense || json.Unmarshal(b, &r) != nil || len(r.Keys) == 0 {
		return drm.Key{}, fmt.Errorf("%s %w", where, errPlayReadyServer)
	}
	for _, k := range r.Keys {
		id, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(k.KID, "="))
		if err != nil || !bytes.Equal(id, kid[:]) {
			continue
		}
		v, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(k.K, "="))
		if err != nil || len(v) != 16 {
			return drm.Key{}, fmt.Errorf("licence server %s: the key for KID %s is not 16 bytes of base64url", where, kid)
		}
		return drm.NewKey(kid, v)
	}
	return drm.Key{}, fmt.Errorf("licence server %s answered without a key for KID %s", where, kid)
}
