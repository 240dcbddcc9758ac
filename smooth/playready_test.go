package smooth

import (
	"encoding/base64"
	"encoding/binary"
	"strings"
	"testing"
	"unicode/utf16"
)

// pro builds a PlayReady Object around a WRMHEADER, as a packager would.
func pro(xml string) []byte {
	u := utf16.Encode([]rune(xml))
	rec := make([]byte, 2*len(u))
	for i, c := range u {
		binary.LittleEndian.PutUint16(rec[2*i:], c)
	}
	b := make([]byte, 10+len(rec))
	binary.LittleEndian.PutUint32(b, uint32(len(b)))
	binary.LittleEndian.PutUint16(b[4:], 1)
	binary.LittleEndian.PutUint16(b[6:], 1)
	binary.LittleEndian.PutUint16(b[8:], uint16(len(rec)))
	copy(b[10:], rec)
	return b
}

func TestPlayReadyConformance(t *testing.T) {
	// KIDs computed by hand from the base64 GUIDs in the headers (bytes 0-3, 4-5, 6-7 reversed).
	tests := []struct{ file, kid, la string }{
		{"media3__sample_ismc_1.xml", "380ca5052c67408583770df861c91f64", "https://T-ONLINE.DUMMY-SERVER/ArtemisLicenseServer/PlayReadyManager.asmx"},
		{"inputstreamadaptive__live_async_streams.ism.xml", "f6757abdf714b3a4237ff4779e21435c", "http://localhost/v2/services/VoPlayReadyAquireLicense.cfm"},
	}
	for _, tc := range tests {
		m := mustParseFile(t, tc.file)
		h, err := ParsePlayReadyObject(m.Protection[0].Data)
		if err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		if got := h.KIDHex(); len(got) != 1 || got[0] != tc.kid || h.LAURL != tc.la || h.Algorithm != "AESCTR" || h.Version != "4.0.0.0" {
			t.Errorf("%s: %+v kids %v", tc.file, h, got)
		}
	}
}

func TestPlayReadyVersions(t *testing.T) {
	kid := base64.StdEncoding.EncodeToString([]byte{0x05, 0xa5, 0x0c, 0x38, 0x67, 0x2c, 0x85, 0x40, 0x83, 0x77, 0x0d, 0xf8, 0x61, 0xc9, 0x1f, 0x64})
	want := "380ca5052c67408583770df861c91f64"
	tests := []struct{ name, xml, alg string }{
		{"4.1", `<WRMHEADER xmlns="http://schemas.microsoft.com/DRM/2007/03/PlayReadyHeader" version="4.1.0.0"><DATA><PROTECTINFO><KID ALGID="AESCTR" VALUE="` + kid + `"></KID></PROTECTINFO><LA_URL>http://la</LA_URL></DATA></WRMHEADER>`, "AESCTR"},
		{"4.2", `<WRMHEADER xmlns="http://schemas.microsoft.com/DRM/2007/03/PlayReadyHeader" version="4.2.0.0"><DATA><PROTECTINFO><KIDS><KID ALGID="AESCTR" VALUE="` + kid + `"></KID></KIDS></PROTECTINFO><LA_URL>http://la</LA_URL></DATA></WRMHEADER>`, "AESCTR"},
		{"4.3 cbcs", `<WRMHEADER xmlns="http://schemas.microsoft.com/DRM/2007/03/PlayReadyHeader" version="4.3.0.0"><DATA><PROTECTINFO><KIDS><KID ALGID="AESCBC" VALUE="` + kid + `"/></KIDS></PROTECTINFO><LA_URL>http://la</LA_URL></DATA></WRMHEADER>`, "AESCBC"},
	}
	for _, tc := range tests {
		h, err := ParsePlayReadyObject(pro(tc.xml))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := h.KIDHex(); len(got) != 1 || got[0] != want || h.Algorithm != tc.alg || h.LAURL != "http://la" {
			t.Errorf("%s: %+v %v", tc.name, h, got)
		}
	}
}

func TestPlayReadyErrors(t *testing.T) {
	good := pro(`<WRMHEADER version="4.0.0.0"><DATA><KID>AAAAAAAAAAAAAAAAAAAAAA==</KID></DATA></WRMHEADER>`)
	// A record that claims more bytes than the object holds.
	overlong := append(append([]byte{}, good[:8]...), 0xff, 0xff)
	binary.LittleEndian.PutUint32(overlong, uint32(len(overlong)))
	bad := map[string][]byte{
		"nil":             nil,
		"short":           {1, 2, 3},
		"length mismatch": good[:len(good)-1],
		"overlong record": overlong,
		"kid not base64":  pro(`<WRMHEADER><DATA><KID>notbase64</KID></DATA></WRMHEADER>`),
		"wrong root":      pro(`<OTHER/>`),
		"malformed xml":   pro(`<WRMHEADER`),
	}
	for name, b := range bad {
		if _, err := ParsePlayReadyObject(b); err == nil || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: err %v", name, err)
		}
	}
	if _, err := ParsePlayReadyObject(good); err != nil {
		t.Errorf("good: %v", err)
	}
}

func TestNormalizeSystemID(t *testing.T) {
	for _, in := range []string{"{9A04F079-9840-4286-AB92-E65BE0885F95}", "9a04f079-9840-4286-ab92-e65be0885f95", "{9A04F079-9840-4286-AB92E65BE0885F95}", " 9A04F07998404286AB92E65BE0885F95 "} {
		if got, err := NormalizeSystemID(in); err != nil || got != PlayReadySystemID {
			t.Errorf("%q -> %q %v", in, got, err)
		}
	}
	for _, in := range []string{"", "{}", "9A04F079", "zz04F079-9840-4286-AB92-E65BE0885F95"} {
		if _, err := NormalizeSystemID(in); err == nil {
			t.Errorf("%q accepted", in)
		}
	}
}
