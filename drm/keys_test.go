package drm

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	testKID    = "0123456789abcdef0123456789abcdef"
	testKeyHex = "00112233445566778899aabbccddeeff"
)

func TestParseKey(t *testing.T) {
	k, err := ParseKey("01234567-89ab-cdef-0123-456789abcdef:" + testKeyHex)
	if err != nil || k.ID.String() != testKID || fmt.Sprintf("%x", k.Bytes()) != testKeyHex {
		t.Fatalf("%v %v", k, err)
	}
	for _, bad := range []string{"", testKID, testKID + ":", testKID + ":zz", "12:" + testKeyHex, testKID + ":" + testKeyHex + "00"} {
		_, err := ParseKey(bad)
		if err == nil {
			t.Errorf("%q accepted", bad)
			continue
		}
		if strings.Contains(err.Error(), testKeyHex) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%q: error %q shows the key or spans lines", bad, err)
		}
	}
}

// TestKeyHidden: no formatting verb, JSON or %#v shows the key bytes.
func TestKeyHidden(t *testing.T) {
	k, _ := ParseKey(testKID + ":" + testKeyHex)
	j, _ := json.Marshal(struct{ K Key }{k})
	for _, s := range []string{k.String(), fmt.Sprint(k), fmt.Sprintf("%v %+v %#v %s %x %X %q", k, k, k, k, k, k, k), fmt.Sprintf("%v", []Key{k}), string(j)} {
		if strings.Contains(strings.ToLower(s), testKeyHex) || strings.Contains(s, "ABCCDDEE") {
			t.Errorf("key shown: %s", s)
		}
		if !strings.Contains(s, testKID) {
			t.Errorf("KID not shown: %s", s)
		}
	}
}

func TestKeyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), KeyFileName)
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	k1, _ := ParseKey(testKID + ":" + testKeyHex)
	k2, _ := RandomKey()
	if err := WriteKeyFile(path, Keys{k1, k2}); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(path)
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", st.Mode().Perm())
	}
	ks, err := ReadKeyFile(path)
	if err != nil || len(ks) != 2 || ks[0].Bytes()[15] != 0xff || string(ks[1].Bytes()) != string(k2.Bytes()) {
		t.Fatalf("%v %v", ks, err)
	}
	if _, ok := ks.Find(k2.ID); !ok {
		t.Error("Find")
	}
	for name, b := range map[string]string{
		"not json": `{"keys":[{"kid":"` + testKeyHex,
		"empty":    `{"keys":[]}`,
		"bad key":  `{"keys":[{"kid":"` + testKID + `","key":"` + testKeyHex + `0"}]}`,
		"unknown":  `{"keyz":[]}`,
	} {
		_, err := ParseKeyFile([]byte(b))
		if err == nil || strings.Contains(err.Error(), testKeyHex) {
			t.Errorf("%s: %v", name, err)
		}
	}
}
