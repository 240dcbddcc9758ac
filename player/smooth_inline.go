package player

import (
	"fmt"

	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/smooth"
)

// Sparse streams with ManifestOutput="true" carry their samples in the manifest:
// each <c> holds an <f> whose content is the sample, base64. The Smooth source
// loads such a fragment from the timeline (which refreshes grow) instead of over
// HTTP.

// loadInline is Load for a ManifestOutput stream: the fragment's samples are the
// payloads of its <f> elements (a fragment without one has no samples).
func (t *smoothTrack) loadInline(req LoadRequest) (LoadResult, error) {
	start, end := req.Chunk.Ref[0], req.Chunk.Ref[1]
	t.src.mu.Lock()
	var payloads [][]byte
	for _, r := range t.si.Timeline.Runs() {
		if r.Start != start {
			continue
		}
		for _, f := range r.Tracks {
			if b := smooth.InlinePayload(f.Content); len(b) > 0 {
				payloads = append(payloads, b)
			}
		}
	}
	ts := t.si.TimeScale
	t.src.mu.Unlock()
	if len(payloads) == 0 {
		return LoadResult{}, Corrupt(fmt.Errorf("%s stream %q fragment at t=%d: no inline payload in the manifest", t.si.Type, t.si.Name, start))
	}
	var res LoadResult
	for _, b := range payloads {
		res.Samples = append(res.Samples, media.Sample{Time: start, Duration: uint32(min(end-start, 1<<32-1)), Timescale: ts, Keyframe: true, Data: b})
	}
	return res, nil
}
