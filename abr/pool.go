package abr

import (
	"slices"
	"time"
)

// Small transfers (a fragment of a few KB, a short audio fragment) say little about
// the link alone: TTFB, slow start and a shaper's burst dominate them, and the
// estimators ignore video transfers under MinBytes. A Meter pools them instead: the
// small transfers of one busy period of the link (each starting at most poolGap after
// the last byte the link moved) are counted together, and once they moved poolBytes
// over at least poolTime the pool becomes one transfer in the window: their bytes
// over the wall time they kept the link busy, first request to last byte, gaps and
// TTFBs included (a large video transfer in the period is a sample of its own: its
// time and bytes are left out). That rate cannot over-estimate a link that gives b
// bytes of burst and then r: the pool moved at most b + r·busy, so it says at most
// r·(1 + b/(r·busy)), and poolBytes is four of the usual bursts (a TCP initial
// window, a token bucket's 16 KiB). A gap longer than poolGap ends the period: an
// idle link refills its burst, so the small transfers of a full buffer (one every
// fragment duration) never make a sample, and the window keeps what the last busy
// period measured.
const (
	poolBytes = 64 << 10
	poolTime  = time.Millisecond
	poolGap   = 20 * time.Millisecond
)

// pool is the busy period being collected: closed stretches (busy) and the open
// one from seg to end.
type pool struct {
	first, seg, end time.Duration // first request; the open stretch; the link's last byte
	busy            time.Duration // closed stretches
	open            bool          // a stretch is open (else the next small transfer opens one)
	bytes           int64
	n, video        int // transfers in it, small video transfers among them
	level           int // the last video member's level
	ttfbs           []time.Duration
}

// add puts t (a small transfer) in the pool, first starting a new period when t
// began more than poolGap after the link's last byte. When the pool is complete it
// returns the pooled transfer and the first request's time, and empties itself.
func (p *pool) add(t Transfer) (Transfer, time.Duration, bool) {
	start := t.End - t.Duration
	if p.n == 0 || start > p.end+poolGap {
		p.reset()
		p.first, p.end = start, t.End
	}
	if !p.open {
		p.seg, p.open = start, true
	}
	p.first, p.seg, p.end = min(p.first, start), min(p.seg, start), max(p.end, t.End)
	p.bytes += t.Bytes
	p.n++
	if !t.Audio {
		p.video++
		p.level = t.Level
		p.ttfbs = append(p.ttfbs, t.TTFB)
	}
	busy := p.busy + p.end - p.seg
	if p.bytes < poolBytes || busy < poolTime {
		return Transfer{}, 0, false
	}
	if p.video == 0 { // audio alone: its transfers are no video samples
		p.reset()
		return Transfer{}, 0, false
	}
	slices.Sort(p.ttfbs)
	out := Transfer{Level: p.level, Bytes: p.bytes, TTFB: p.ttfbs[len(p.ttfbs)/2], Duration: busy, End: p.end, Pooled: p.n}
	first := p.first
	p.reset()
	return out, first, true
}

// interrupt notes a large video transfer t: the open stretch closes before it
// (its bytes are its own sample) and the period goes on after it.
func (p *pool) interrupt(t Transfer) {
	if p.n == 0 {
		return
	}
	if start := t.End - t.Duration; start > p.end+poolGap {
		p.reset()
		return
	}
	if p.open {
		p.busy += min(p.end, t.End-t.Duration) - p.seg
		p.open = false
	}
	p.end = max(p.end, t.End)
}

// reset empties the pool.
func (p *pool) reset() { *p = pool{ttfbs: p.ttfbs[:0]} }
