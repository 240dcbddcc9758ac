package player

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/smooth"
)

// track is one played stream: its usable levels sorted by bitrate, and what the
// pipeline reports about it (under the session lock).
type track struct {
	kind   media.Kind
	si     *smooth.StreamIndex
	levels []*smooth.QualityLevel
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
	// manEnd is the end of the window the latest manifest listed (live).
	manEnd uint64
	// noTfrf: the track's newest live fragment named no successor although the
	// manifest holds fragments back for tfrf (see tfrfMissing).
	noTfrf bool
}

// newTrack keeps the levels of si that have a codec configuration and pass check.
func newTrack(si *smooth.StreamIndex, check func(DecoderConfig) error) (*track, error) {
	t := &track{kind: si.Type, si: si, dlLevel: -1, level: -1, manEnd: si.Timeline.End()}
	type lv struct {
		q   *smooth.QualityLevel
		cfg DecoderConfig
	}
	var ok []lv
	var firstErr error
	for _, q := range si.Levels {
		cfg, err := si.CodecConfig(q)
		if err == nil && check != nil {
			err = check(cfg)
		}
		if err != nil {
			err = fmt.Errorf("%s stream %q level Index=%d (%d bit/s): %w", si.Type, si.Name, q.Index, q.Bitrate, err)
			if firstErr == nil {
				firstErr = err
			}
			t.skipped = append(t.skipped, err.Error()+"; left out")
			continue
		}
		ok = append(ok, lv{q, cfg})
	}
	if len(ok) == 0 {
		if firstErr == nil {
			firstErr = fmt.Errorf("%s stream %q: no quality levels", si.Type, si.Name)
		}
		return nil, firstErr
	}
	if si.Timeline.Len() == 0 {
		return nil, fmt.Errorf("%s stream %q: no fragments in the manifest", si.Type, si.Name)
	}
	slices.SortStableFunc(ok, func(a, b lv) int { return cmp.Compare(a.q.Bitrate, b.q.Bitrate) })
	for _, l := range ok {
		t.levels = append(t.levels, l.q)
		t.cfgs = append(t.cfgs, l.cfg)
		t.ladder = append(t.ladder, Level{Bitrate: int64(l.q.Bitrate), Width: l.cfg.Width, Height: l.cfg.Height, Codec: string(l.cfg.Codec)})
	}
	return t, nil
}

// ticks converts a position (relative to base) to this stream's timescale, rounding
// up: the position of a fragment's start (rel rounds down) converts back to it.
func (t *track) ticks(pos, base time.Duration) uint64 {
	abs := pos + base
	if abs < 0 {
		return 0
	}
	ts, sec := t.si.TimeScale, uint64(time.Second)
	return uint64(abs/time.Second)*ts + (uint64(abs%time.Second)*ts+sec-1)/sec
}

// rel converts this stream's ticks to a position relative to base.
func (t *track) rel(ticks uint64, base time.Duration) time.Duration {
	return smooth.Seconds(ticks, t.si.TimeScale) - base
}
