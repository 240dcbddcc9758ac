package smooth

import "github.com/smoothie-player/smoothie/drm"

// The PlayReady header is read by package drm, which also writes it; these names keep
// the manifest side of the protocol in one place.

// PlayReadyHeader is the decoded PlayReady header (WRMHEADER 4.0–4.3).
type PlayReadyHeader = drm.PlayReadyHeader

// ParsePlayReadyObject reads a PlayReady Object (drm.ParsePlayReadyObject).
func ParsePlayReadyObject(b []byte) (*PlayReadyHeader, error) { return drm.ParsePlayReadyObject(b) }

// ParseWRMHeader reads a WRMHEADER XML document (drm.ParseWRMHeader).
func ParseWRMHeader(b []byte) (*PlayReadyHeader, error) { return drm.ParseWRMHeader(b) }

// GUIDToUUID swaps a GUID's little-endian fields into UUID byte order (drm.GUIDToUUID).
func GUIDToUUID(g []byte) []byte { return drm.GUIDToUUID(g) }
