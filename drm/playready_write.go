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
	b64 := base64.StdEncoding.EncodeToString(GUIDToUUID(key.ID[:]))
	sum := base64.StdEncoding.EncodeToString(KeyChecksum(key))
	var la strings.Builder
	if laURL != "" {
		la.WriteString("<LA_URL>")
		if err := xml.EscapeText(&la, []byte(laURL)); err != nil {
			return "", err
		}
		la.WriteString("</LA_URL>")
	}
	switch scheme {
	case "cenc", "piff", "":
		return `<WRMHEADER xmlns="` + wrmNamespace + `" version="4.0.0.0"><DATA><PROTECTINFO><KEYLEN>16</KEYLEN><ALGID>AESCTR</ALGID></PROTECTINFO><KID>` +
			b64 + `</KID><CHECKSUM>` + sum + `</CHECKSUM>` + la.String() + `</DATA></WRMHEADER>`, nil
	case "cbcs":
		return `<WRMHEADER xmlns="` + wrmNamespace + `" version="4.3.0.0"><DATA><PROTECTINFO><KIDS><KID ALGID="AESCBC" CHECKSUM="` + sum + `" VALUE="` +
			b64 + `"></KID></KIDS></PROTECTINFO>` + la.String() + `</DATA></WRMHEADER>`, nil
	}
	return "", fmt.Errorf("PlayReady header: unknown scheme %q (want cenc or cbcs)", scheme)
}

// PlayReadyObject is the PlayReady Object holding one WRMHEADER record (type 1, UTF-16LE):
// the ProtectionHeader payload and the pssh data for the PlayReady system ID.
func PlayReadyObject(key Key, laURL, scheme string) ([]byte, error) {
	h, err := WRMHeader(key, laURL, scheme)
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
