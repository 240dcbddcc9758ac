package origin

import (
	"bytes"
	"io"
	"net/http"

	"github.com/smoothie-player/smoothie/smooth"
)

// keyFrames answers a KeyFrames request (trick play): the fragment rewritten with its
// sync samples only, each lasting until the next one so the fragment keeps its span.
func (s *Server) keyFrames(w http.ResponseWriter, r *http.Request, l *level, body *io.SectionReader) {
	b := make([]byte, body.Size())
	if _, err := body.ReadAt(b, 0); err != nil {
		httpError(w, http.StatusInternalServerError, "reading the fragment: "+err.Error())
		return
	}
	f, err := smooth.ParseFragment(b, smooth.FragmentOptions{Timescale: l.stream.TimeScale, Kind: l.stream.Type})
	if err != nil {
		httpError(w, http.StatusInternalServerError, "the stored fragment does not parse: "+err.Error())
		return
	}
	k := &smooth.MediaFragment{Sequence: f.Sequence, Time: f.Time, Duration: f.Duration, Lookahead: f.Lookahead}
	var end = f.Time
	for _, smp := range f.Samples {
		end += uint64(smp.Duration)
	}
	for _, smp := range f.Samples {
		if !smp.Keyframe {
			continue
		}
		if n := len(k.Samples); n > 0 {
			k.Samples[n-1].Duration = uint32(smp.Time - k.Samples[n-1].Time)
		}
		k.Samples = append(k.Samples, smp)
	}
	if n := len(k.Samples); n > 0 {
		k.Samples[n-1].Duration = uint32(end - k.Samples[n-1].Time)
	}
	out, err := k.Marshal(l.trackID)
	if err != nil {
		httpError(w, http.StatusInternalServerError, "writing the key frames: "+err.Error())
		return
	}
	w.Header().Del("ETag")
	http.ServeContent(w, r, "", l.file.modTime, bytes.NewReader(out))
}
