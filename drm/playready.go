package drm

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// PlayReadyHeader is the decoded PlayReady header (WRMHEADER 4.0–4.3) from a
// PlayReady Object.
type PlayReadyHeader struct {
	// Version is the WRMHEADER version attribute, e.g. "4.0.0.0".
	Version string
	// KIDs are the key IDs as 16 bytes in CENC (big-endian UUID) byte order, after the
	// GUID byte swap of the little-endian form the header stores.
	KIDs [][]byte
	// Algorithm is AESCTR, AESCBC or COCKTAIL as written (empty when absent).
	Algorithm string
	LAURL     string
	LUIURL    string
	// CustomAttributes is the raw inner XML of CUSTOMATTRIBUTES, if any.
	CustomAttributes string
	// Checksums are the key check values (KeyChecksum) of the KIDs, index for index;
	// nil where the header has none.
	Checksums [][]byte
}

// KIDHex returns the key IDs as 32 lowercase hex digits each.
func (h *PlayReadyHeader) KIDHex() []string {
	out := make([]string, len(h.KIDs))
	for i, k := range h.KIDs {
		out[i] = hex.EncodeToString(k)
	}
	return out
}

// PlayReadySystemID is the PlayReady DRM system ID as a pssh/ProtectionHeader UUID.
const PlayReadySystemID = "9a04f079-9840-4286-ab92-e65be0885f95"

// ParsePlayReadyObject reads a PlayReady Object (the ProtectionHeader payload for the
// PlayReady SystemID): a little-endian length and record count, then records of which
// type 1 holds the WRMHEADER as UTF-16LE XML.
func ParsePlayReadyObject(b []byte) (*PlayReadyHeader, error) {
	if len(b) < 6 {
		return nil, fmt.Errorf("PlayReady Object: %d bytes, want at least 6", len(b))
	}
	total := binary.LittleEndian.Uint32(b)
	if int64(total) != int64(len(b)) {
		return nil, fmt.Errorf("PlayReady Object: length field %d, but %d bytes", total, len(b))
	}
	count := int(binary.LittleEndian.Uint16(b[4:]))
	off := 6
	for i := 0; i < count; i++ {
		if off+4 > len(b) {
			return nil, fmt.Errorf("PlayReady Object: record %d header at offset %d is truncated", i, off)
		}
		typ := binary.LittleEndian.Uint16(b[off:])
		n := int(binary.LittleEndian.Uint16(b[off+2:]))
		off += 4
		if off+n > len(b) {
			return nil, fmt.Errorf("PlayReady Object: record %d at offset %d claims %d bytes, %d remain", i, off-4, n, len(b)-off)
		}
		if typ == 1 {
			return ParseWRMHeader(b[off : off+n])
		}
		off += n
	}
	return nil, errors.New("PlayReady Object has no rights management header record (type 1)")
}

// ParseWRMHeader reads a WRMHEADER XML document in UTF-16LE (as stored in a PlayReady
// Object) or UTF-8.
func ParseWRMHeader(b []byte) (*PlayReadyHeader, error) {
	u, err := utf16LEToUTF8(b)
	if err != nil {
		return nil, fmt.Errorf("WRMHEADER: %v", err)
	}
	d := xml.NewDecoder(bytes.NewReader(u))
	d.CharsetReader = passCharset
	h := &PlayReadyHeader{}
	var path []string
	seenRoot := false
	for {
		t, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("WRMHEADER: malformed XML: %v", err)
		}
		switch t := t.(type) {
		case xml.StartElement:
			name := strings.ToUpper(t.Name.Local)
			path = append(path, name)
			if len(path) == 1 {
				if name != "WRMHEADER" {
					return nil, fmt.Errorf("WRMHEADER: root element is <%s>", t.Name.Local)
				}
				seenRoot = true
				h.Version = attr(t, "version")
			}
			if name == "KID" {
				if alg := attr(t, "ALGID"); alg != "" {
					h.Algorithm = alg
				}
				if v := attr(t, "VALUE"); v != "" {
					if err := h.addKID(v); err != nil {
						return nil, err
					}
					if c := attr(t, "CHECKSUM"); c != "" {
						if err := h.addChecksum(c); err != nil {
							return nil, err
						}
					}
				}
			}
			if name == "CUSTOMATTRIBUTES" {
				var inner struct {
					Inner string `xml:",innerxml"`
				}
				if err := d.DecodeElement(&inner, &t); err != nil {
					return nil, fmt.Errorf("WRMHEADER: CUSTOMATTRIBUTES: %v", err)
				}
				h.CustomAttributes = strings.TrimSpace(inner.Inner)
				path = path[:len(path)-1]
			}
		case xml.EndElement:
			if len(path) > 0 {
				path = path[:len(path)-1]
			}
		case xml.CharData:
			if len(path) == 0 {
				continue
			}
			txt := strings.TrimSpace(string(t))
			if txt == "" {
				continue
			}
			switch path[len(path)-1] {
			case "KID":
				// WRMHEADER 4.0: <KID>base64</KID> as text.
				if err := h.addKID(txt); err != nil {
					return nil, err
				}
			case "ALGID":
				h.Algorithm = txt
			case "CHECKSUM":
				// WRMHEADER 4.0: the checksum of the one KID.
				if err := h.addChecksum(txt); err != nil {
					return nil, err
				}
			case "LA_URL":
				h.LAURL = txt
			case "LUI_URL":
				h.LUIURL = txt
			}
		}
	}
	if !seenRoot {
		return nil, errors.New("WRMHEADER: no WRMHEADER element")
	}
	return h, nil
}

// addChecksum records the checksum of the last KID read.
func (h *PlayReadyHeader) addChecksum(b64 string) error {
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(b64))
	if err != nil || len(raw) == 0 || len(raw) > 16 {
		return fmt.Errorf("WRMHEADER: CHECKSUM %q is not base64 of at most 16 bytes", b64)
	}
	if len(h.KIDs) == 0 {
		return nil // a checksum before any KID names nothing
	}
	for len(h.Checksums) < len(h.KIDs) {
		h.Checksums = append(h.Checksums, nil)
	}
	h.Checksums[len(h.KIDs)-1] = raw
	return nil
}

func (h *PlayReadyHeader) addKID(b64 string) error {
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(b64))
	if err != nil || len(raw) != 16 {
		return fmt.Errorf("WRMHEADER: KID %q is not 16 bytes of base64", b64)
	}
	h.KIDs = append(h.KIDs, GUIDToUUID(raw))
	return nil
}

// GUIDToUUID swaps a Microsoft GUID's little-endian first three fields into the
// big-endian UUID byte order CENC uses (the swap is its own inverse).
func GUIDToUUID(g []byte) []byte {
	u := append([]byte(nil), g...)
	u[0], u[1], u[2], u[3] = g[3], g[2], g[1], g[0]
	u[4], u[5] = g[5], g[4]
	u[6], u[7] = g[7], g[6]
	return u
}

func attr(se xml.StartElement, name string) string {
	for _, a := range se.Attr {
		if strings.EqualFold(a.Name.Local, name) {
			return a.Value
		}
	}
	return ""
}
