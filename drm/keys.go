package drm

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
)

// KeyID is a 16-byte key ID in CENC (big-endian UUID) byte order.
type KeyID [16]byte

// String is the key ID as 32 lowercase hex digits.
func (k KeyID) String() string { return hex.EncodeToString(k[:]) }

// UUID is the key ID as a dashed UUID (8-4-4-4-12).
func (k KeyID) UUID() string {
	h := k.String()
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// ParseKeyID reads 32 hex digits, dashes and braces allowed (a UUID or a GUID string).
func ParseKeyID(s string) (KeyID, error) {
	var id KeyID
	t := strings.Trim(strings.TrimSpace(s), "{}")
	t = strings.ReplaceAll(t, "-", "")
	b, err := hex.DecodeString(t)
	if err != nil || len(b) != 16 {
		return id, fmt.Errorf("key ID %q: want 32 hex digits", s)
	}
	copy(id[:], b)
	return id, nil
}

// Key is a content key with its key ID. Its String and Format show the key ID only:
// the key bytes come out through Bytes and the key file, nowhere else.
type Key struct {
	ID    KeyID
	value [16]byte
}

// NewKey makes a Key from a key ID and 16 key bytes.
func NewKey(id KeyID, value []byte) (Key, error) {
	if len(value) != 16 {
		return Key{}, fmt.Errorf("key for KID %s: %d bytes, want 16", id, len(value))
	}
	k := Key{ID: id}
	copy(k.value[:], value)
	return k, nil
}

// RandomKey draws a random key ID and key.
func RandomKey() (Key, error) {
	var k Key
	if _, err := rand.Read(k.ID[:]); err != nil {
		return k, fmt.Errorf("random key ID: %w", err)
	}
	if _, err := rand.Read(k.value[:]); err != nil {
		return k, fmt.Errorf("random key: %w", err)
	}
	return k, nil
}

// Bytes returns a copy of the 16 key bytes.
func (k Key) Bytes() []byte { return append([]byte(nil), k.value[:]...) }

// String shows the key ID and hides the key.
func (k Key) String() string { return "KID " + k.ID.String() + " (key hidden)" }

// GoString hides the key from %#v too.
func (k Key) GoString() string { return "drm.Key{ID: " + k.ID.String() + ", key hidden}" }

// Format hides the key from every verb (%v, %+v, %x, %s, %q …).
func (k Key) Format(f fmt.State, verb rune) { _, _ = fmt.Fprint(f, k.String()) }

// MarshalJSON hides the key when a Key is marshalled by accident; the key file is
// written by WriteKeyFile.
func (k Key) MarshalJSON() ([]byte, error) {
	return json.Marshal(map[string]string{"kid": k.ID.String()})
}

// ParseKey reads KID:KEY, each 32 hex digits (the KID may be dashed). The error names
// the KID, never the key.
func ParseKey(s string) (Key, error) {
	kidPart, keyPart, ok := strings.Cut(strings.TrimSpace(s), ":")
	if !ok {
		return Key{}, fmt.Errorf("key: want KID:KEY (32 hex digits each)")
	}
	id, err := ParseKeyID(kidPart)
	if err != nil {
		return Key{}, err
	}
	v, err := hex.DecodeString(strings.TrimSpace(keyPart))
	if err != nil || len(v) != 16 {
		return Key{}, fmt.Errorf("key for KID %s: want 32 hex digits", id)
	}
	return NewKey(id, v)
}

// Keys finds keys by key ID.
type Keys []Key

// Find returns the key for id.
func (ks Keys) Find(id KeyID) (Key, bool) {
	for _, k := range ks {
		if k.ID == id {
			return k, true
		}
	}
	return Key{}, false
}
