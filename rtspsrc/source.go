// Package rtspsrc is a player.Source for RTSP live streams (rtsp://, rtsps://) on
// FFmpeg's own RTSP/RTP/RTCP client: libavformat's rtsp demuxer, through
// decode.Demuxer. It hands the received frames to the session in chunks of ~40 ms
// on one timeline for all streams, reconnects with backoff when the server goes
// away, and derives the stream statistics libavformat does not expose (see
// docs/play.md, RTSP). It must not write an RTSP or RTP client of its own.
package rtspsrc

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/asticode/go-astiav"
	"github.com/smoothie-player/smoothie/decode"
	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/player"
)

// Source is one RTSP presentation.
type Source struct {
	cfg  Config
	host player.SourceHost

	mu           sync.Mutex
	tracks       []*track // playable tracks, video first
	lead         *track   // the selected track the edge follows
	skipped      []string
	transport    string
	reconnects   int
	reconnecting bool
	lostBefore   int64 // missed on the connections before this one
	dem          *decode.Demuxer
	edge         time.Duration
	edgeAt       time.Time
	sentZero     time.Time
	sentBound    time.Time
	tl           timeline

	stop context.CancelFunc
	done chan struct{}
}

// New makes a Source for cfg.URL; it connects on Open.
func New(cfg Config) (*Source, error) {
	cfg.defaults()
	if err := cfg.check(); err != nil {
		return nil, err
	}
	return &Source{cfg: cfg}, nil
}

var _ player.Source = (*Source)(nil)

// Open connects (DESCRIBE, SETUP, PLAY), lists the streams it can play and starts
// receiving.
func (s *Source) Open(ctx context.Context, host player.SourceHost) (*player.Presentation, error) {
	s.host = host
	c, err := s.connect(ctx)
	if err != nil {
		return nil, err
	}
	var video, audio *track
	for _, ds := range c.dem.Streams() {
		what := fmt.Sprintf("stream %d (%s %s)", ds.Index, ds.Kind, ds.CodecName)
		switch {
		case ds.Codec == "":
			s.skipped = append(s.skipped, what+": no decoder for it")
		case decode.Check(ds.Config) != nil:
			s.skipped = append(s.skipped, fmt.Sprintf("%s: %v", what, decode.Check(ds.Config)))
		case ds.Kind == media.KindVideo && video == nil:
			video = newTrack(s, ds)
		case ds.Kind == media.KindAudio && audio == nil:
			audio = newTrack(s, ds)
		default:
			s.skipped = append(s.skipped, what+": one "+ds.Kind.String()+" stream plays")
		}
	}
	for _, m := range s.skipped {
		host.Logf("rtsp: skipped %s", m)
	}
	for _, t := range []*track{video, audio} {
		if t != nil {
			s.tracks = append(s.tracks, t)
		}
	}
	if len(s.tracks) == 0 {
		c.dem.Close()
		return nil, fmt.Errorf("rtsp %s: no stream to play (%d skipped: %v)", decode.Redact(s.cfg.URL), len(s.skipped), s.skipped)
	}
	s.lead = s.tracks[0]
	s.bind(c)
	s.edgeAt = host.Clock().Now()
	if err := s.catchUp(c); err != nil {
		c.dem.Close()
		return nil, err
	}
	rctx, cancel := context.WithCancel(context.Background())
	s.stop, s.done = cancel, make(chan struct{})
	go s.receive(rctx, c)
	p := &player.Presentation{Live: true}
	for _, t := range s.tracks {
		p.Tracks = append(p.Tracks, t)
	}
	return p, nil
}

// bind makes c the current connection: its streams are matched to the tracks by
// kind, its timeline starts where the last one ended.
func (s *Source) bind(c *conn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dem, s.transport = c.dem, c.transport
	s.tl.restart()
	s.sentZero, s.sentBound = time.Time{}, time.Time{} // this connection's make them again
	for _, t := range s.tracks {
		t.stream = -1
		for _, ds := range c.dem.Streams() {
			if ds.Kind == t.kind && string(ds.Codec) == t.info.Levels[0].Codec {
				t.bind(ds)
				break
			}
		}
	}
}

// Select picks the tracks the edge follows (the first: video when it plays).
func (s *Source) Select(tracks []player.SourceTrack) time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, st := range tracks {
		if t, ok := st.(*track); ok {
			s.lead = t
			break
		}
	}
	return 0
}

// Run returns when ctx is done, stopping the receiver.
func (s *Source) Run(ctx context.Context) {
	<-ctx.Done()
	s.Close()
}

// Close stops receiving and closes the connection.
func (s *Source) Close() {
	if s.stop == nil {
		return
	}
	s.stop()
	s.mu.Lock()
	d := s.dem
	s.mu.Unlock()
	if d != nil {
		d.Close() // interrupts a read
	}
	<-s.done
}

// Timing: live, the edge at the end of the lead track's newest complete chunk.
func (s *Source) Timing() player.Timing {
	s.mu.Lock()
	lead, edgeAt := s.lead, s.edgeAt
	s.mu.Unlock()
	tm := player.Timing{Live: true, Fragment: s.cfg.Chunk, MinLatency: s.cfg.Chunk + s.cfg.Buffer, EdgeAt: edgeAt, Window: s.cfg.Window, KeepLatency: true}
	if lead == nil {
		return tm
	}
	if oldest, edge, ok := lead.store.span(); ok {
		tm.Oldest, tm.Edge = oldest, edge
		tm.Last = player.Chunk{Start: edge - s.cfg.Chunk, Duration: s.cfg.Chunk, Left: -1, Ref: [2]uint64{uint64(lead.store.index(edge - s.cfg.Chunk))}}
	}
	return tm
}

// Stats are the stream's counters.
func (s *Source) Stats() player.SourceStats {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := &player.StreamStats{Transport: s.transport, Reconnecting: s.reconnecting, Reconnects: s.reconnects,
		Lost: s.lostBefore, Skipped: s.skipped, SentZero: s.sentZero}
	if s.dem != nil && !s.reconnecting {
		st.Lost += s.dem.Missed()
	}
	for _, t := range s.tracks {
		ss := t.stat()
		st.Received += ss.Packets
		st.Streams = append(st.Streams, ss)
	}
	return player.SourceStats{Stream: st}
}

// receive reads packets until ctx is done, reconnecting when the server goes.
func (s *Source) receive(ctx context.Context, c *conn) {
	defer close(s.done)
	defer func() {
		for _, t := range s.tracks {
			t.store.end()
		}
	}()
	for {
		err := s.drain(ctx, c)
		s.mu.Lock()
		s.lostBefore += c.dem.Missed()
		s.reconnecting = true
		s.mu.Unlock()
		c.dem.Close()
		if ctx.Err() != nil {
			return
		}
		s.host.Logf("rtsp: %v: reconnecting", err)
		if c = s.reconnect(ctx); c == nil {
			return
		}
	}
}

// burstRead is how fast a read returns when libavformat has the packet already:
// a read that takes longer waited for the network.
const burstRead = 15 * time.Millisecond

// catchUp files the packets libavformat read while probing the streams, which it
// hands out at once, so that the session starts at the edge of what is arriving
// now rather than a probe's length behind it: it reads until a read waits for the
// network (or for as long as the window).
func (s *Source) catchUp(c *conn) error {
	clock := s.host.Clock()
	for _, p := range c.pending {
		s.take(p, clock.Now())
	}
	c.pending = nil
	start := clock.Now()
	for clock.Now().Sub(start) < s.cfg.Window {
		t0 := clock.Now()
		p, err := c.dem.Read(s.cfg.ReadTimeout)
		if err != nil {
			return fmt.Errorf("rtsp %s: %w", decode.Redact(s.cfg.URL), unwrapDemux(err))
		}
		now := clock.Now()
		s.take(p, now)
		if now.Sub(t0) >= burstRead {
			return nil
		}
	}
	return nil
}

// drain reads c until it fails.
func (s *Source) drain(ctx context.Context, c *conn) error {
	for _, p := range c.pending {
		s.take(p, s.host.Clock().Now())
	}
	c.pending = nil
	for ctx.Err() == nil {
		p, err := c.dem.Read(s.cfg.ReadTimeout)
		if err == io.EOF {
			return errors.New("the server ended the session")
		}
		if err != nil {
			return err
		}
		s.take(p, s.host.Clock().Now())
	}
	return ctx.Err()
}

// reconnect connects again, waiting RetryBase, doubling up to RetryMax between
// attempts, until it succeeds (nil when ctx ends first).
func (s *Source) reconnect(ctx context.Context) *conn {
	wait := s.cfg.RetryBase
	for {
		t := s.host.Clock().NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C():
		}
		c, err := s.connect(ctx)
		if err == nil {
			s.bind(c)
			s.mu.Lock()
			s.reconnects++
			s.reconnecting = false
			s.mu.Unlock()
			s.host.Logf("rtsp: reconnected over %s (%d reconnects)", c.transport, s.reconnects)
			return c
		}
		if ctx.Err() != nil {
			return nil
		}
		s.host.Logf("rtsp: reconnecting: %v (next try in %v)", err, min(2*wait, s.cfg.RetryMax))
		wait = min(2*wait, s.cfg.RetryMax)
	}
}

// take files one packet that arrived at now.
func (s *Source) take(p decode.Packet, now time.Time) {
	s.mu.Lock()
	var t *track
	for _, tr := range s.tracks {
		if tr.stream == p.Stream {
			t = tr
		}
	}
	if t == nil {
		s.mu.Unlock()
		return
	}
	pts, ok := t.ptsOf(p)
	if !ok {
		s.mu.Unlock()
		return
	}
	at := s.tl.at(pts) + t.shift
	if s.tl.jumped(at) {
		// The stream's timestamps jumped (a sender restarting them, a wrap): it goes
		// on from where the media has got to; the other streams keep their own.
		s.host.Logf("rtsp: %s timestamps jumped by %v: it goes on at %v", t.kind, (at - s.tl.end).Round(time.Millisecond), s.tl.end.Round(time.Millisecond))
		t.shift += s.tl.end - at
		at = s.tl.end
	}
	if at < 0 {
		s.mu.Unlock()
		return // before the timeline's start (the first frames of another stream)
	}
	s.tl.extend(at + t.frameDur(p))
	s.noteSent(at, now)
	through := t.through(p, at)
	s.mu.Unlock()
	t.take(p, pts, at, through, now)
	for _, o := range s.tracks {
		if o != t {
			// A stream that sends nothing for a second (silence suppressed, a still
			// picture) has nothing up to then.
			o.store.completeUpTo(at - time.Second)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, edge, ok := s.lead.store.span(); ok && edge != s.edge {
		s.edge, s.edgeAt = edge, now
	}
}

// noteSent bounds when timeline position 0 was sent from a packet at timeline
// time at that arrived at now. libavformat gives the NTP time of the first RTCP
// sender report (start_time_realtime) but keeps its RTP timestamp to itself
// (rtcp_ts_offset), so the sender's clock offset is taken as the tightest bound
// the arrivals allow: position 0 was sent no later than any packet's arrival less
// its position, exact when the fastest packet took no time (a LAN, loopback). It
// is published once a sender report has come (the sender's clock is then known to
// be a wall clock); the caller holds s.mu.
func (s *Source) noteSent(at time.Duration, now time.Time) {
	if z := now.Add(-at); s.sentBound.IsZero() || z.Before(s.sentBound) {
		s.sentBound = z
	}
	if s.sentZero.IsZero() {
		if _, ok := s.dem.StartRealtime(); !ok {
			return
		}
	}
	s.sentZero = s.sentBound
}

// timeline maps each connection's timestamps onto the source's one timeline: the
// first packet of a connection lands where the previous connection's media ended,
// so a reconnection continues the media rather than jumping.
type timeline struct {
	start, first, end time.Duration
	set               bool
}

// restart begins a connection.
func (l *timeline) restart() { l.start, l.set = l.end, false }

// at is where pts (a connection's timestamp) lies on the timeline.
func (l *timeline) at(pts time.Duration) time.Duration {
	if !l.set {
		l.first, l.set = pts, true
	}
	return l.start + pts - l.first
}

// maxJump is the largest step a connection's timestamps may take, forward or back,
// before it counts as a discontinuity.
const maxJump = 5 * time.Second

// jumped reports whether at, a packet's place on the timeline, is a discontinuity:
// further than maxJump from where the media has got to.
func (l *timeline) jumped(at time.Duration) bool {
	return l.set && (at > l.end+maxJump || at < l.end-maxJump)
}

// extend notes media up to end.
func (l *timeline) extend(end time.Duration) { l.end = max(l.end, end) }

// noPTS is libavformat's unknown timestamp.
const noPTS = astiav.NoPtsValue
