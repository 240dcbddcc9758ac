package drm

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
)

// KeyFileName is the key file pack writes beside a presentation it encrypted with
// keys it drew itself; the origin never serves it.
const KeyFileName = "keys.json"

// keyFile is keys.json: {"keys":[{"kid":"<32 hex>","key":"<32 hex>"}]}.
type keyFile struct {
	Keys []keyEntry `json:"keys"`
}

type keyEntry struct {
	KID string `json:"kid"`
	Key string `json:"key"`
}

// WriteKeyFile writes keys to path with mode 0600 (owner read/write only), replacing
// any file there; the file mode is set even when the file existed.
func WriteKeyFile(path string, keys Keys) error {
	var kf keyFile
	for _, k := range keys {
		kf.Keys = append(kf.Keys, keyEntry{KID: k.ID.String(), Key: hex.EncodeToString(k.value[:])})
	}
	b, err := json.MarshalIndent(kf, "", "  ")
	if err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if err := f.Chmod(0o600); err != nil {
		_ = f.Close()
		return err
	}
	if _, err := f.Write(append(b, '\n')); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}

// ReadKeyFile reads a key file written by WriteKeyFile.
func ReadKeyFile(path string) (Keys, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	ks, err := ParseKeyFile(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return ks, nil
}

// ParseKeyFile reads the contents of a key file.
func ParseKeyFile(b []byte) (Keys, error) {
	var kf keyFile
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(&kf); err != nil {
		return nil, fmt.Errorf("key file: not {\"keys\":[{\"kid\":…,\"key\":…}]}: %v", jsonErrorWithoutInput(err))
	}
	var ks Keys
	for i, e := range kf.Keys {
		k, err := ParseKey(e.KID + ":" + e.Key)
		if err != nil {
			return nil, fmt.Errorf("key file: entry %d: %w", i, err)
		}
		ks = append(ks, k)
	}
	if len(ks) == 0 {
		return nil, fmt.Errorf("key file: no keys")
	}
	return ks, nil
}

// jsonErrorWithoutInput keeps a JSON error's position and kind, not the text it read
// (which could be a key).
func jsonErrorWithoutInput(err error) string {
	switch e := err.(type) {
	case *json.SyntaxError:
		return fmt.Sprintf("syntax error at byte %d", e.Offset)
	case *json.UnmarshalTypeError:
		return fmt.Sprintf("field %q: wrong type at byte %d", e.Field, e.Offset)
	}
	return "malformed"
}
