package player

import (
	"time"

	"github.com/smoothie-player/smoothie/media"
)

// track is one played track: the source's track, its usable levels, and what its
// pipeline reports about it (under the session lock).
type track struct {
	src    SourceTrack
	kind   media.Kind
	name   string
	lang   string
	cfgs   []DecoderConfig
	ladder []Level

	// skipped says why levels were left out of the ladder (unknown codec, bad data).
	skipped  []string
	buf      *sampleBuffer
	dlLevel  int // index being downloaded, -1 before the first
	level    int // index being decoded, -1 before the first
	failures int
	lostRun  int   // fragments skipped in a row (see noteFragment)
	dryErr   error // the decoder has taken dryRun samples without output (see noteDecoded)
	decoded  bool  // the decoder gave out something
	done     bool  // everything presented (or the track failed)
	decTime  func() time.Duration
}

// newTrack plays st, or says why it cannot be played.
func newTrack(st SourceTrack) (*track, error) {
	in := st.Info()
	if in.Err != nil {
		return nil, in.Err
	}
	return &track{src: st, kind: in.Kind, name: in.Name, lang: in.Language, cfgs: in.Configs, ladder: in.Levels,
		skipped: in.Skipped, dlLevel: -1, level: -1}, nil
}
