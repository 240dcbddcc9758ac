package origin

import (
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"strings"

	"github.com/smoothie-player/smoothie/drm"
)

// LicensePath is where the origin answers W3C ClearKey licence requests when it has
// keys (Config.Keys): pack's default licence URL, "/license", resolved against a
// manifest URL on this origin.
const LicensePath = "/license"

// maxLicenseBody caps a licence request: a list of key IDs.
const maxLicenseBody = 64 << 10

// clearKeyRequest is a W3C ClearKey licence request: key IDs, base64url without padding.
type clearKeyRequest struct {
	KIDs []string `json:"kids"`
	Type string   `json:"type,omitempty"`
}

// jwk is one key of a ClearKey response (a JSON Web Key of type "oct").
type jwk struct {
	Kty string `json:"kty"`
	K   string `json:"k"`
	KID string `json:"kid"`
}

type clearKeyResponse struct {
	Keys []jwk  `json:"keys"`
	Type string `json:"type"`
}

// license answers POST /license: 401 without the bearer token (when one is set), 400
// for a body that is not a ClearKey request, 404 naming the first unknown KID, else
// the keys as a JWK set. Errors name key IDs only; nothing logs a key.
func (s *Server) license(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST, OPTIONS")
		httpError(w, http.StatusMethodNotAllowed, r.Method+" not allowed: POST a ClearKey request")
		return
	}
	if t := s.cfg.LicenseToken; t != "" {
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || subtle.ConstantTimeCompare([]byte(got), []byte(t)) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="license"`)
			httpError(w, http.StatusUnauthorized, "licence request without the bearer token")
			return
		}
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxLicenseBody+1))
	if err != nil || len(body) > maxLicenseBody {
		httpError(w, http.StatusBadRequest, "licence request body unreadable or over 64 KiB")
		return
	}
	var req clearKeyRequest
	if err := json.Unmarshal(body, &req); err != nil || len(req.KIDs) == 0 {
		httpError(w, http.StatusBadRequest, `not a ClearKey licence request: want {"kids":["<base64url key ID>",…]}`)
		return
	}
	resp := clearKeyResponse{Type: req.Type}
	if resp.Type == "" {
		resp.Type = "temporary"
	}
	for _, k := range req.KIDs {
		raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(k, "="))
		if err != nil || len(raw) != 16 {
			httpError(w, http.StatusBadRequest, "key ID "+quoteShort(k)+": not 16 bytes of base64url")
			return
		}
		var id drm.KeyID
		copy(id[:], raw)
		key, ok := s.cfg.Keys.Find(id)
		if !ok {
			httpError(w, http.StatusNotFound, "no key for KID "+id.String())
			return
		}
		resp.Keys = append(resp.Keys, jwk{Kty: "oct", K: base64.RawURLEncoding.EncodeToString(key.Bytes()), KID: base64.RawURLEncoding.EncodeToString(id[:])})
	}
	b, _ := json.Marshal(resp)
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b)
}

// quoteShort quotes s, cut to 40 bytes (a request's text in an error).
func quoteShort(s string) string {
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return `"` + strings.ToValidUTF8(strings.ReplaceAll(s, `"`, `'`), "?") + `"`
}
