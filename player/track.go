package player

import (
	"math/rand/v2"
	"time"

	"github.com/smoothie-player/smoothie/abr"
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
	// excluded says until when each level is left out of the automatic choice
	// (its downloads failed: see excludeFailed).
	excluded []time.Time
	// abandonedAt is when a download at each level was last abandoned.
	abandonedAt []time.Time
	// upgrade is the fast switch up under way (upgrade.go), nil when none.
	upgrade *upgradePlan
	lostRun int   // fragments skipped in a row (see noteFragment)
	dryErr  error // the decoder has taken dryRun samples without output (see noteDecoded)
	decoded bool  // the decoder gave out something
	done    bool  // everything presented (or the track failed)
	decTime func() time.Duration
	// decode is what was decoded and dropped at each level (video), for the policy.
	decode []abr.DecodeStats
	// brSum is Σ bitrate·seconds of the fragments downloaded, brDur their seconds:
	// the lead track's make Stats.AvgBitrate.
	brSum, brDur float64
	// master: this audio track's sink is the master clock; heardWait is since when
	// the playhead waits for it to be heard (see Session.position).
	master    bool
	heardWait time.Time
	// loadDone: the track's downloader has returned (see aheadOfLead).
	loadDone bool
	// marks is the kind of marks a sparse track's samples make (sparse.go), ""
	// for any other track; sparseAt is its index in Stats.Sparse.
	marks    string
	sparseAt int
	// rnd draws the jitter of the loader's backoff.
	rnd *rand.Rand
}

// newTrack plays st, or says why it cannot be played; seed seeds its jitter.
func newTrack(st SourceTrack, seed uint64) (*track, error) {
	in := st.Info()
	if in.Err != nil {
		return nil, in.Err
	}
	return &track{src: st, kind: in.Kind, name: in.Name, lang: in.Language, cfgs: in.Configs, ladder: in.Levels,
		skipped: in.Skipped, dlLevel: -1, level: -1, rnd: rand.New(rand.NewPCG(seed, uint64(in.Kind)))}, nil
}

// exclude leaves level lvl out of the automatic choice until until; the caller
// holds the session's lock.
func (t *track) exclude(lvl int, until time.Time) {
	if len(t.excluded) < len(t.ladder) {
		t.excluded = append(t.excluded, make([]time.Time, len(t.ladder)-len(t.excluded))...)
	}
	t.excluded[lvl] = until
}
