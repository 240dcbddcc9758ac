package abr

import (
	"slices"
	"time"
)

// Small transfers (a fragment of a few KB, a short audio fragment) say little about
// the link alone: TTFB, slow start and a shaper's burst dominate them, and the
// estimators ignore video transfers under MinBytes. A Meter pools them instead: the
// small transfers of one busy period of the link (each starting at most poolGap after
// the last byte the link moved) are counted together, and once they moved enough the
// pool becomes one transfer in the window: their bytes over the wall time they kept
// the link busy, gaps and TTFBs included (a large video transfer in the period is a
// sample of its own: its time and bytes are left out).
//
// An idle link gives its first bytes faster than its rate (a TCP initial window, a
// token bucket's burst: what `serve --rate` has), so a period's first poolWarm bytes
// only start the count: the pool counts the bytes after them, over the time from
// the start of the transfer that completed them (of a transfer that began before, the
// share of its bytes after that instant, by time), until it
// holds poolBytes (what one transfer needs to count alone: MinBytes) over at least
// poolTime. A link that gives b ≤ poolWarm bytes of burst and then r cannot look
// faster than r. A gap longer than poolGap ends the
// period: an idle link refills its burst, so the small transfers of a full buffer
// (one every fragment duration) never make a sample, and the window keeps what the
// last busy period measured.
const (
	poolWarm  = 16 << 10
	poolBytes = 16 << 10
	poolTime  = time.Millisecond
	poolGap   = 20 * time.Millisecond
)

// pool is the busy period being collected: warming up until warm bytes moved, then
// counting from origin, in closed stretches (busy) and the open one from seg to end.
type pool struct {
	active   bool
	warm     int64
	origin   time.Duration // where the count starts; valid once warm ≥ poolWarm
	seg, end time.Duration // the open stretch; the link's last byte
	busy     time.Duration // closed stretches
	open     bool          // a stretch is open (else the next small transfer opens one)
	bytes    int64
	n, video int // transfers counted, small video transfers among them
	level    int // the last video member's level
	ttfbs    []time.Duration
}

// counting is whether the warm-up is over.
func (p *pool) counting() bool { return p.warm >= poolWarm }

// add puts t (a small transfer) in the pool, first starting a new period when t
// began more than poolGap after the link's last byte. When the pool is complete it
// returns the pooled transfer and starts the next pool of the same period.
func (p *pool) add(t Transfer) (Transfer, bool) {
	start := t.End - t.Duration
	if !p.active || start > p.end+poolGap {
		p.reset()
		p.active = true
	}
	p.end = max(p.end, t.End)
	var bytes int64
	from := start
	if !p.counting() {
		p.warm += t.Bytes
		if !p.counting() {
			return Transfer{}, false
		}
		// The warm-up ends inside t: t's bytes beyond it count, over all of t's
		// time (its first bytes may have been the burst).
		bytes = p.warm - poolWarm
		p.origin, p.seg, p.open = start, start, true
	} else {
		// Of a transfer that began before the origin, the share of its bytes
		// after it, spread over its whole time: a shaper that sends in chunks
		// (serve's token bucket: 16 KiB each) delivers its first chunk at the
		// first byte, so its TTFB carried bytes; spread over the body only, a
		// chunk that came before the origin would count after it.
		from = max(start, p.origin)
		bytes = share(t.Bytes, t.End-from, t.Duration)
	}
	if !p.open {
		p.seg, p.open = from, true
	}
	p.seg = min(p.seg, from)
	p.bytes += bytes
	p.n++
	if !t.Audio {
		p.video++
		p.level = t.Level
		p.ttfbs = append(p.ttfbs, t.TTFB)
	}
	busy := p.busy + p.end - p.seg
	if p.bytes < poolBytes || busy < poolTime || p.video == 0 {
		return Transfer{}, false // (audio alone makes no video sample: it waits for one)
	}
	slices.Sort(p.ttfbs)
	out := Transfer{Level: p.level, Bytes: p.bytes, TTFB: p.ttfbs[len(p.ttfbs)/2], Duration: busy, End: p.end, Pooled: p.n}
	// The period goes on warm: the next pool counts from here.
	*p = pool{active: true, warm: poolWarm, origin: p.end, seg: p.end, end: p.end, open: true, ttfbs: p.ttfbs[:0]}
	return out, true
}

// interrupt notes a large video transfer t: the open stretch closes before it
// (its bytes are its own sample) and the period goes on after it.
func (p *pool) interrupt(t Transfer) {
	if !p.active {
		return
	}
	start := t.End - t.Duration
	if start > p.end+poolGap {
		p.reset()
		return
	}
	if p.open {
		p.busy += max(min(p.end, start)-p.seg, 0)
		p.open = false
	}
	p.end = max(p.end, t.End)
}

// reset empties the pool.
func (p *pool) reset() { *p = pool{ttfbs: p.ttfbs[:0]} }
