package origin

import (
	"bytes"
	"encoding/binary"
	"net/http"
	"strconv"

	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/smooth"
)

// respondLiveManifest sends a live manifest: never cached, its length known.
func respondLiveManifest(w http.ResponseWriter, r *http.Request, body []byte) {
	respond(w, r, "text/xml; charset=utf-8", "no-cache", body)
}

// respondFragment writes f as a fragment response for trackID: the live paths re-time
// stored fragments and add tfrf, so they send what they built, not a file range. A
// FragmentInfo request (info) gets the moof alone: its tfxd and tfrf are what a player
// asks it for (dash.js does on live streams once paused or seeking).
func respondFragment(w http.ResponseWriter, r *http.Request, f *smooth.MediaFragment, trackID uint32, kind media.Kind, info bool) {
	var buf bytes.Buffer
	if err := f.Write(&buf, trackID); err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	body := buf.Bytes()
	if info {
		// Write puts the moof first.
		if len(body) < 8 || string(body[4:8]) != "moof" || int(binary.BigEndian.Uint32(body)) > len(body) {
			httpError(w, http.StatusInternalServerError, "the built fragment does not start with a moof")
			return
		}
		body = body[:binary.BigEndian.Uint32(body)]
	}
	ct := "video/mp4"
	if kind == media.KindAudio {
		ct = "audio/mp4"
	}
	respond(w, r, ct, "public, max-age=60", body)
}

func respond(w http.ResponseWriter, r *http.Request, contentType, cacheControl string, body []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Cache-Control", cacheControl)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}
