package origin

import (
	"fmt"
	"math"
	"time"
)

// Pushed timelines start near zero on the publishing point, whatever clock the encoder
// stamps with, so JavaScript players (times as doubles, exact below 2^53) get every
// tick right: encoders that stamp Unix time at 10 MHz (~1.8·10^16) would not.
//
// The point's first fragment fixes its zero: with a LiveEpoch given and an encoder on
// the Unix clock past it, the epoch (so restarts and several origins agree); else the
// fragment's own time, truncated to whole seconds so every timescale shifts by an
// exact number of ticks and the streams keep their offsets to each other. FFmpeg,
// which starts at 0, is left as it is.

// rebase moves a fragment at start (ticks at timescale ts) onto the point's timeline,
// fixing the zero if this is the point's first fragment. A fragment that ends before
// the zero is refused; one that straddles it starts at 0.
func (pp *publishingPoint) rebase(start, dur, ts uint64, epoch time.Time, epochGiven bool) (uint64, uint64, error) {
	if !pp.zeroSet {
		pp.zero, pp.zeroSet = pushZero(start, ts, epoch, epochGiven), true
	}
	z, ok := muldiv(uint64(pp.zero), ts, uint64(time.Second))
	if !ok {
		return 0, 0, fmt.Errorf("timescale %d cannot hold the point's start", ts)
	}
	switch {
	case start >= z:
		return start - z, dur, nil
	case start+dur > z:
		return 0, start + dur - z, nil
	}
	return 0, 0, fmt.Errorf("fragment at t=%d ends before the publishing point's start (t=%d at timescale %d)", start, z, ts)
}

// pushZero is the encoder time that becomes 0 for a point whose first fragment is at
// start (timescale ts).
func pushZero(start, ts uint64, epoch time.Time, epochGiven bool) time.Duration {
	secs := start / ts
	if secs > math.MaxInt64/uint64(time.Second) {
		secs = math.MaxInt64 / uint64(time.Second)
	}
	if epochGiven && epoch.Unix() > 0 && secs >= uint64(epoch.Unix()) {
		return epoch.Sub(time.Unix(0, 0))
	}
	return time.Duration(secs) * time.Second
}
