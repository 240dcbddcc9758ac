package origin

import (
	"fmt"
	"math"
	"math/bits"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/smoothie-player/smoothie/smooth"
)

// A simulated live channel plays a VOD presentation in a loop anchored to wall-clock
// time, in the spirit of DASH-IF's livesim2: fragment times are ticks since the
// channel's epoch (Config.LiveEpoch; by default the origin's start less twice the
// DVR window, so the window is full at once), continuous across loops, a fragment becomes
// available once its end has passed, the manifest slides with the DVR window, and
// fragments carry tfxd and tfrf. An epoch near now keeps every time below 2^53 ticks
// (28 years at 10 MHz), which JavaScript players, holding times as doubles, need:
// ticks since the Unix epoch (~1.8·10^16) lose the last bit.
//
// Fragment g of a stream (g counts from the epoch) is VOD fragment i = g mod n of loop
// k = g div n, at time shift(k) + (t_i − t_0), where shift(k) is k loop periods in the
// stream's timescale. The loop period is the longest stream's span, so no stream's
// loops overlap (shorter streams have a small gap between loops).

// muldiv is ⌊a·b/c⌋ with a 128-bit intermediate; ok is false when it overflows 64 bits.
func muldiv(a, b, c uint64) (uint64, bool) {
	hi, lo := bits.Mul64(a, b)
	if hi >= c {
		return 0, false
	}
	q, _ := bits.Div64(hi, lo, c)
	return q, true
}

// liveStream is one stream of a live channel.
type liveStream struct {
	s *smooth.StreamIndex
	// n fragments per loop; starts[i] relative to the first, durs[i].
	n      uint64
	starts []uint64
	durs   []uint64
	// period is the loop period in this stream's timescale, as a rational of the
	// root period: shift(k) = ⌊k·periodRoot·ts/rootScale⌋.
	periodRoot, rootScale uint64
}

func (ls *liveStream) shift(k uint64) uint64 {
	x, _ := mulDivExact(k, ls.periodRoot, ls.s.TimeScale, ls.rootScale)
	return x
}

// mulDivExact is ⌊a·b·c/d⌋ for the loop shift (a loop count, b period in root ticks, c
// and d timescales), computed as ⌊(a·b)·c/d⌋ with a·b in 64 bits (a channel runs for
// centuries before it overflows) and the product with c in 128.
func mulDivExact(a, b, c, d uint64) (uint64, bool) {
	hi, ab := bits.Mul64(a, b)
	if hi != 0 {
		return 0, false
	}
	return muldiv(ab, c, d)
}

// at returns the time and duration of global fragment g.
func (ls *liveStream) at(g uint64) (uint64, uint64) {
	k, i := g/ls.n, g%ls.n
	return ls.shift(k) + ls.starts[i], ls.durs[i]
}

// loop returns the loop that time t falls in: shift(k) ≤ t < shift(k+1).
func (ls *liveStream) loop(t uint64) (uint64, bool) {
	// k is about t / period; the rounding of shift may put it one off either way.
	k, ok := muldiv(t, ls.rootScale, ls.periodRoot)
	if !ok {
		return 0, false
	}
	k /= ls.s.TimeScale
	for k > 0 && ls.shift(k) > t {
		k--
	}
	for ls.shift(k+1) <= t {
		k++
	}
	return k, true
}

// find returns the global index of the fragment starting at t, or within
// startSlack ticks of t (a player that held the time as a double rounded it).
func (ls *liveStream) find(t uint64) (uint64, bool) {
	return nearStart(t, ls.findExact)
}

func (ls *liveStream) findExact(t uint64) (uint64, bool) {
	k, ok := ls.loop(t)
	if !ok {
		return 0, false
	}
	rel := t - ls.shift(k)
	lo, hi := 0, len(ls.starts)
	for lo < hi {
		m := (lo + hi) / 2
		if ls.starts[m] < rel {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo == len(ls.starts) || ls.starts[lo] != rel {
		return 0, false
	}
	return k*ls.n + uint64(lo), true
}

// edge returns the last fragment that has ended by now (in this stream's ticks).
func (ls *liveStream) edge(now uint64) (uint64, bool) {
	k, ok := ls.loop(now)
	if !ok {
		return 0, false
	}
	// The last fragment of loop k that ends by now, else the last of loop k−1.
	rel := now - ls.shift(k)
	for i := int(ls.n) - 1; i >= 0; i-- {
		if ls.starts[i]+ls.durs[i] <= rel {
			return k*ls.n + uint64(i), true
		}
	}
	if k == 0 {
		return 0, false
	}
	return k*ls.n - 1, true
}

// liveChannel is the live view of a VOD presentation.
type liveChannel struct {
	p         *presentation
	epoch     time.Time // fragment time 0
	rootScale uint64
	streams   map[string]*liveStream
	order     []*liveStream
}

func newLiveChannel(p *presentation, epoch time.Time) (*liveChannel, error) {
	m := p.manifest
	c := &liveChannel{p: p, epoch: epoch, rootScale: m.TimeScale, streams: map[string]*liveStream{}}
	// The loop period: the longest stream span, in root ticks, rounded up.
	var period uint64
	for _, s := range m.Streams {
		if s.Timeline.Len() == 0 || len(p.levels[lower(s.Name)]) == 0 {
			continue
		}
		span := s.Timeline.End() - s.Timeline.Start()
		v, ok := muldiv(span, m.TimeScale, s.TimeScale)
		if !ok {
			return nil, fmt.Errorf("stream %q spans too long to loop", s.Name)
		}
		if r, _ := muldiv(v, s.TimeScale, m.TimeScale); r < span {
			v++
		}
		period = max(period, v)
	}
	if period == 0 {
		return nil, fmt.Errorf("no stream with fragments to loop")
	}
	for _, s := range m.Streams {
		if s.Timeline.Len() == 0 || len(p.levels[lower(s.Name)]) == 0 {
			continue
		}
		ls := &liveStream{s: s, n: s.Timeline.Len(), periodRoot: period, rootScale: m.TimeScale}
		t0 := s.Timeline.Start()
		s.Timeline.Each(func(f smooth.Fragment) bool {
			ls.starts = append(ls.starts, f.Start-t0)
			ls.durs = append(ls.durs, f.Duration)
			return true
		})
		c.streams[lower(s.Name)] = ls
		c.order = append(c.order, ls)
	}
	return c, nil
}

// ticks converts a wall-clock time to ticks since the channel's epoch in timescale
// ts; ok is false before the epoch.
func (c *liveChannel) ticks(now time.Time, ts uint64) (uint64, bool) {
	d := now.Sub(c.epoch)
	if d < 0 {
		return 0, false
	}
	v, _ := muldiv(uint64(d), ts, uint64(time.Second))
	return v, true
}

// errNotStarted is a live request before the channel's epoch.
func (c *liveChannel) errNotStarted() error {
	return fmt.Errorf("the channel starts at %s (--live-epoch)", c.epoch.UTC().Format(time.RFC3339Nano))
}

// maxNowMS is the latest `now` the live clock holds: Unix nanoseconds in an int64.
const maxNowMS = math.MaxInt64 / int64(time.Millisecond)

// liveNow is the request's clock: Config.Now, or the `now` query parameter (Unix
// milliseconds), so tests can set the live clock per request as livesim2's nowMS does.
func (s *Server) liveNow(r *http.Request) (time.Time, error) {
	if v := r.URL.Query().Get("now"); v != "" {
		ms, err := strconv.ParseInt(v, 10, 64)
		if err != nil || ms < 0 {
			return time.Time{}, fmt.Errorf("now=%q: want Unix milliseconds", v)
		}
		if ms > maxNowMS {
			return time.Time{}, fmt.Errorf("now=%q: beyond the live clock (at most %d ms, year 2262)", v, int64(maxNowMS))
		}
		return time.UnixMilli(ms), nil
	}
	return s.cfg.Now(), nil
}

// window returns the first and last global fragment of ls listed at now: the DVR
// window up to the live edge, holding back the lookahead fragments that tfrf
// announces instead.
func (c *liveChannel) window(ls *liveStream, now time.Time, dvr time.Duration, lookahead int) (uint64, uint64, bool) {
	nowT, ok := c.ticks(now, ls.s.TimeScale)
	if !ok {
		return 0, 0, false
	}
	edge, ok := c.edgeHeld(ls, nowT, lookahead)
	if !ok {
		return 0, 0, false
	}
	first := edge
	if dvr > 0 {
		dvrT := uint64(dvr.Seconds() * float64(ls.s.TimeScale))
		for first > 0 {
			t, _ := ls.at(first - 1)
			if t+dvrT < nowT {
				break
			}
			first--
		}
	}
	return first, edge, true
}

func (c *liveChannel) edgeHeld(ls *liveStream, nowT uint64, lookahead int) (uint64, bool) {
	edge, ok := ls.edge(nowT)
	if !ok || edge < uint64(lookahead) {
		return 0, false
	}
	return edge - uint64(lookahead), true
}

// manifest builds the live client manifest at now.
func (c *liveChannel) manifest(now time.Time, dvr time.Duration, lookahead int) ([]byte, error) {
	src := c.p.manifest
	m := &smooth.Manifest{
		MajorVersion: 2, MinorVersion: 2, TimeScale: src.TimeScale, IsLive: true,
		LookaheadCount: lookahead, LookaheadAttr: "LookAheadFragmentCount",
		DVRWindowLength: uint64(dvr.Seconds() * float64(src.TimeScale)), Protection: src.Protection,
	}
	for _, ls := range c.order {
		first, last, ok := c.window(ls, now, dvr, lookahead)
		if !ok {
			if _, started := c.ticks(now, ls.s.TimeScale); !started {
				return nil, c.errNotStarted()
			}
			return nil, fmt.Errorf("the channel has not started")
		}
		s := *ls.s
		s.Levels = ls.s.Levels
		var runs []smooth.Run
		for g := first; g <= last; g++ {
			t, d := ls.at(g)
			runs = append(runs, smooth.Run{Start: t, Duration: d, Count: 1})
		}
		tl, err := smooth.NewTimeline(runs)
		if err != nil {
			return nil, err
		}
		tl.Base = first
		s.Timeline = tl
		s.Chunks = 0
		m.Streams = append(m.Streams, &s)
	}
	return m.Marshal(), nil
}

// liveManifest answers /NAME.isml/Manifest for a simulated live channel.
func (s *Server) liveManifest(w http.ResponseWriter, r *http.Request, c *liveChannel) {
	now, err := s.liveNow(r)
	if err != nil {
		httpError(w, http.StatusBadRequest, err.Error())
		return
	}
	body, err := c.manifest(now, s.cfg.DVRWindow, s.cfg.Lookahead)
	if err != nil {
		httpError(w, http.StatusServiceUnavailable, err.Error())
		return
	}
	respondLiveManifest(w, r, body)
}

// liveFragment answers a fragment request of a live channel: 412 before the fragment
// is complete, 404 once it has left the DVR window, else the VOD fragment re-timed,
// with tfxd and a tfrf naming the following fragments that are already available.
func (s *Server) liveFragment(w http.ResponseWriter, r *http.Request, c *liveChannel, req *smooth.Request) {
	now, err := s.liveNow(r)
	if err != nil {
		httpError(w, http.StatusBadRequest, err.Error())
		return
	}
	ls, ok := c.streams[lower(req.Stream)]
	if !ok {
		httpError(w, http.StatusNotFound, fmt.Sprintf("no stream %q in %s", req.Stream, c.p.name))
		return
	}
	l, err := c.p.find(req.Stream, req.Bitrate, req.Attributes)
	if err != nil {
		httpError(w, http.StatusNotFound, err.Error())
		return
	}
	g, ok := ls.find(req.Time)
	if !ok {
		httpError(w, http.StatusNotFound, fmt.Sprintf("no fragment starts at t=%d in stream %q", req.Time, ls.s.Name))
		return
	}
	nowT, ok := c.ticks(now, ls.s.TimeScale)
	if !ok {
		httpError(w, http.StatusServiceUnavailable, c.errNotStarted().Error())
		return
	}
	t, d := ls.at(g)
	if t+d > nowT {
		// MS-SSTR §2.2.6: not yet available; empty body, the client retries.
		w.Header().Set("Cache-Control", "no-cache")
		w.WriteHeader(http.StatusPreconditionFailed)
		return
	}
	if s.cfg.DVRWindow > 0 && t+d+uint64(s.cfg.DVRWindow.Seconds()*float64(ls.s.TimeScale)) < nowT {
		httpError(w, http.StatusNotFound, fmt.Sprintf("t=%d has left the %v DVR window", t, s.cfg.DVRWindow))
		return
	}
	ref := l.file.frags[l.trackID]
	i := g % ls.n
	if i >= uint64(len(ref)) {
		httpError(w, http.StatusNotFound, "fragment not in the media file")
		return
	}
	b, err := l.file.readBox(ref[i].offset, ref[i].size)
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	f, err := smooth.ParseFragment(b, smooth.FragmentOptions{Timescale: ls.s.TimeScale, Kind: ls.s.Type})
	if err != nil {
		httpError(w, http.StatusInternalServerError, "the stored fragment does not parse: "+err.Error())
		return
	}
	f.Time, f.Duration, f.Sequence = t, d, uint32(g+1)
	f.Lookahead = nil
	for j := g + 1; j <= g+uint64(s.cfg.Lookahead); j++ {
		tj, dj := ls.at(j)
		if tj+dj > nowT {
			break // never announce what is not available yet
		}
		f.Lookahead = append(f.Lookahead, smooth.Fragment{Start: tj, Duration: dj})
	}
	respondFragment(w, r, f, l.trackID, ls.s.Type, req.Kind == smooth.RequestFragmentInfo)
}

func lower(s string) string { return strings.ToLower(s) }
