package drm

import (
	"encoding/binary"
	"strings"
	"testing"
)

func TestPlayReadyObjectRoundTrip(t *testing.T) {
	kid, _ := ParseKeyID("380ca505-2c67-4085-8377-0df861c91f64")
	key, _ := NewKey(kid, []byte("0123456789abcdef"))
	tests := []struct{ scheme, la, alg, version string }{
		{"cenc", "/license", "AESCTR", "4.0.0.0"},
		{"cbcs", "https://example.com/license?a=1&b=<2>", "AESCBC", "4.3.0.0"},
		{"cenc", "", "AESCTR", "4.0.0.0"},
	}
	for _, tc := range tests {
		b, err := PlayReadyObject(key, tc.la, tc.scheme)
		if err != nil {
			t.Fatal(err)
		}
		if int(binary.LittleEndian.Uint32(b)) != len(b) || b[10] != '<' || b[11] != 0 {
			t.Fatalf("%s: not a UTF-16LE PlayReady Object: % x", tc.scheme, b[:12])
		}
		h, err := ParsePlayReadyObject(b)
		if err != nil {
			t.Fatalf("%s: %v", tc.scheme, err)
		}
		if got := h.KIDHex(); len(got) != 1 || got[0] != kid.String() || h.LAURL != tc.la || h.Algorithm != tc.alg || h.Version != tc.version {
			t.Errorf("%s: %+v kids %v", tc.scheme, h, got)
		}
		// The checksum tells the key from a wrong one.
		wrong, _ := NewKey(kid, []byte("0123456789abcdeF"))
		if err := h.CheckKey(key); err != nil {
			t.Errorf("%s: right key refused: %v", tc.scheme, err)
		}
		if err := h.CheckKey(wrong); err == nil || !strings.Contains(err.Error(), "wrong key for KID "+kid.String()) {
			t.Errorf("%s: wrong key: %v", tc.scheme, err)
		}
	}
	// The KID is stored as a little-endian GUID: the base64 of the swapped bytes.
	x, _ := WRMHeader(key, "", "cenc")
	if !strings.Contains(x, "<KID>BaUMOGcshUCDdw34YckfZA==</KID>") {
		t.Errorf("KID not little-endian GUID base64: %s", x)
	}
	if _, err := PlayReadyObject(key, "", "sample-aes"); err == nil {
		t.Error("unknown scheme accepted")
	}
}

func TestPlayReadyErrors(t *testing.T) {
	good, _ := PlayReadyObject(Key{ID: KeyID{1}}, "x", "cenc")
	overlong := append(append([]byte{}, good[:8]...), 0xff, 0xff)
	binary.LittleEndian.PutUint32(overlong, uint32(len(overlong)))
	odd := append([]byte{}, good...)
	odd = append(odd[:len(odd)-1], 0, 0, 0)
	binary.LittleEndian.PutUint32(odd, uint32(len(odd)))
	binary.LittleEndian.PutUint16(odd[8:], uint16(len(odd)-10))
	bad := map[string][]byte{
		"nil":             nil,
		"short":           {1, 2, 3},
		"length mismatch": good[:len(good)-1],
		"overlong record": overlong,
		"odd utf-16":      odd,
		"no record 1":     {6, 0, 0, 0, 0, 0},
	}
	for name, b := range bad {
		if _, err := ParsePlayReadyObject(b); err == nil || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: err %v", name, err)
		}
	}
}

// TestPlayReadyObjectKeys: two keys take a WRMHEADER 4.2 KIDS list (4.3 for cbcs),
// each KID with its checksum.
func TestPlayReadyObjectKeys(t *testing.T) {
	a, _ := ParseKey("0123456789abcdef0123456789abcdef:00112233445566778899aabbccddeeff")
	b, _ := ParseKey("fedcba9876543210fedcba9876543210:ffeeddccbbaa99887766554433221100")
	for scheme, version := range map[string]string{"cenc": "4.2.0.0", "cbcs": "4.3.0.0"} {
		pro, err := PlayReadyObjectKeys(Keys{a, b}, "/license", scheme)
		if err != nil {
			t.Fatal(err)
		}
		h, err := ParsePlayReadyObject(pro)
		if err != nil || h.Version != version || len(h.KIDs) != 2 || h.KIDHex()[1] != b.ID.String() || h.LAURL != "/license" {
			t.Fatalf("%s: %+v %v", scheme, h, err)
		}
		if h.CheckKey(a) != nil || h.CheckKey(b) != nil {
			t.Errorf("%s: right keys refused", scheme)
		}
		wrong, _ := NewKey(b.ID, make([]byte, 16))
		if h.CheckKey(wrong) == nil {
			t.Errorf("%s: wrong key for the second KID accepted", scheme)
		}
	}
}
