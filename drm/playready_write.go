package drm

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/xml"
	"fmt"
	"strings"
)

const wrmNamespace = "http://schemas.microsoft.com/DRM/2007/03/PlayReadyHeader"

// WRMHeader writes a WRMHEADER for key's KID and laURL: version 4.0.0.0 with AESCTR
// (the 'cenc' and PIFF schemes), or 4.3.0.0 with AESCBC (the 'cbcs' scheme, which 4.0
// cannot express). The KID is stored base64 in the GUID's little-endian byte order,
// with its CHECKSUM (KeyChecksum), by which a player tells a wrong key.
func WRMHeader(key Key, laURL, scheme string) (string, error) {
	return WRMHeaderKeys(Keys{key}, laURL, scheme)
}

// WRMHeaderKeys is WRMHeader for one or more keys: several AESCTR keys take version
// 4.2.0.0 (a KIDS list), AESCBC keys 4.3.0.0.
func WRMHeaderKeys(keys Keys, laURL, scheme string) (string, error) {
	if len(keys) == 0 {
		return "", fmt.Errorf("PlayReady header: no key")
	}
	var la strings.Builder
	if laURL != "" {
		la.WriteString("<LA_URL>")
		if err := xml.EscapeText(&la, []byte(laURL)); err != nil {
			return "", err
		}
		la.WriteString("</LA_URL>")
	}
	b64 := func(k Key) string { return base64.StdEncoding.EncodeToString(GUIDToUUID(k.ID[:])) }
	sum := func(k Key) string { return base64.StdEncoding.EncodeToString(KeyChecksum(k)) }
	kids := func(alg string) string {
		var b strings.Builder
		for _, k := range keys {
			b.WriteString(`<KID ALGID="` + alg + `" CHECKSUM="` + sum(k) + `" VALUE="` + b64(k) + `"></KID>`)
		}
		return `<KIDS>` + b.String() + `</KIDS>`
	}
	head := `<WRMHEADER xmlns="` + wrmNamespace + `" version="`
	switch {
	case (scheme == "cenc" || scheme == "piff" || scheme == "") && len(keys) == 1:
		return head + `4.0.0.0"><DATA><PROTECTINFO><KEYLEN>16</KEYLEN><ALGID>AESCTR</ALGID></PROTECTINFO><KID>` +
			b64(keys[0]) + `</KID><CHECKSUM>` + sum(keys[0]) + `</CHECKSUM>` + la.String() + `</DATA></WRMHEADER>`, nil
	case scheme == "cenc" || scheme == "piff" || scheme == "":
		return head + `4.2.0.0"><DATA><PROTECTINFO>` + kids("AESCTR") + `</PROTECTINFO>` + la.String() + `</DATA></WRMHEADER>`, nil
	case scheme == "cbcs":
		return head + `4.3.0.0"><DATA><PROTECTINFO>` + kids("AESCBC") + `</PROTECTINFO>` + la.String() + `</DATA></WRMHEADER>`, nil
	}
	return "", fmt.Errorf("PlayReady header: unknown scheme %q (want cenc or cbcs)", scheme)
}

// PlayReadyObject is the PlayReady Object holding one WRMHEADER record (type 1, UTF-16LE):
// the ProtectionHeader payload and the pssh data for the PlayReady system ID.
func PlayReadyObject(key Key, laURL, scheme string) ([]byte, error) {
	return PlayReadyObjectKeys(Keys{key}, laURL, scheme)
}

// PlayReadyObjectKeys is PlayReadyObject for one or more keys (WRMHeaderKeys).
func PlayReadyObjectKeys(keys Keys, laURL, scheme string) ([]byte, error) {
	h, err := WRMHeaderKeys(keys, laURL, scheme)
	if err != nil {
		return nil, err
	}
	rec := utf8ToUTF16LE(h)
	if len(rec) > 0xffff {
		return nil, fmt.Errorf("PlayReady header: %d bytes, more than a record holds (LA_URL too long)", len(rec))
	}
	b := make([]byte, 10+len(rec))
	binary.LittleEndian.PutUint32(b, uint32(len(b)))
	binary.LittleEndian.PutUint16(b[4:], 1)
	binary.LittleEndian.PutUint16(b[6:], 1)
	binary.LittleEndian.PutUint16(b[8:], uint16(len(rec)))
	copy(b[10:], rec)
	return b, nil
}
