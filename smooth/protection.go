package smooth

import (
	"encoding/hex"
	"fmt"
	"github.com/smoothie-player/smoothie/drm"
	"strings"
)

// PlayReadySystemID is the PlayReady DRM system UUID.
const PlayReadySystemID = drm.PlayReadySystemID

// NormalizeSystemID reads a SystemID written with or without braces, in any case, with
// dashes in the right places or misplaced (the MS-SSTR example drops one), and returns
// the canonical lowercase UUID without braces.
func NormalizeSystemID(s string) (string, error) {
	t := strings.TrimSpace(s)
	t = strings.TrimPrefix(t, "{")
	t = strings.TrimSuffix(t, "}")
	t = strings.ReplaceAll(t, "-", "")
	b, err := hex.DecodeString(t)
	if err != nil || len(b) != 16 {
		return "", fmt.Errorf("not a UUID (want 32 hex digits)")
	}
	return formatUUID(b), nil
}

func formatUUID(b []byte) string {
	h := hex.EncodeToString(b)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}
