package playertest

import (
	"context"
	"fmt"
	"html"
	"strings"
	"sync"
	"time"

	"github.com/smoothie-player/smoothie/abr"
	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/player"
)

// Source is an in-memory player.Source: a presentation of one video track (a ladder
// of levels) and audio tracks, cut in chunks of equal length, loaded over a virtual
// link on the session's clock. VOD by default; Live makes its edge advance with the
// clock. Faults are injected per load. NewSource makes one.
type Source struct {
	SourceConfig

	mu     sync.Mutex
	host   player.SourceHost
	opened time.Time
	tracks []*sourceTrack
	sel    []*sourceTrack
	loads  []Load
	ended  bool
}

// NewSource returns a source of the presentation c describes.
func NewSource(c SourceConfig) *Source { return &Source{SourceConfig: c} }

// SourceConfig describes a Source's presentation; zero fields take the defaults.
type SourceConfig struct {
	// Video is the video ladder in bits/s (none: no video track); Width and Height
	// of level i are 160·(i+1) × 90·(i+1).
	Video []int
	// VideoErr, when set, makes the video track one with no playable level, as a
	// Smooth source lists a stream whose every level it left out: no levels, Err.
	VideoErr error
	// Audio lists the audio tracks by language (none: no audio), each at AudioRate
	// bits/s (default 128 kbit/s).
	Audio     []string
	AudioRate int
	// Text lists the text tracks (subtitles), each chunk a TTML document of the
	// cues that overlap it, their times relative to the chunk and clipped to it.
	Text []TextTrack
	// Chunk is the chunk length (default 2 s); Chunks how many a VOD presentation
	// has (default 30: a minute).
	Chunk  time.Duration
	Chunks int
	// FPS is the video frame rate (default 25); audio comes in 1024-sample frames
	// at 48 kHz.
	FPS int
	// Base is the media time of position 0 (default 0).
	Base time.Duration

	// Live: chunk i becomes available once the clock has run (i+1)·Chunk since the
	// session opened the source (a live edge moving at 1×), with Window chunks kept
	// (default 15). LiveStop stops the edge after that many chunks (an encoder that
	// died, the broadcast not ended); LiveEnd ends the broadcast after that many
	// (the presentation turns VOD). 0: never. Backlog is how many chunks the
	// broadcast already has when the session opens (chunk i then appears at
	// (i+1-Backlog)·Chunk; default 0: none, the first after one Chunk); LiveStop
	// and LiveEnd count these too.
	Live     bool
	Window   int
	LiveStop int
	LiveEnd  int
	Backlog  int

	// Link is the link's rate in bits/s at a time since the source opened (default
	// 10 Mbit/s); TTFB the time to the first byte of every load (default 20 ms).
	Link func(since time.Duration) float64
	TTFB time.Duration
	// Fault, when set, is asked before every load: a non-nil error fails that
	// attempt (wrap with player.Corrupt or player.NotYet for those kinds).
	Fault func(l Load) error
	// Delay, when set, adds to a load's time to the first byte (an origin slow to
	// answer that one).
	Delay func(l Load) time.Duration
	// Protection is what the source's stats say of the presentation's protection
	// ("encrypted (cenc, KID …)"; "": clear), as a protected Smooth source's do, and
	// VideoKID and AudioKID the KIDs they say each kind is decrypted with.
	Protection         string
	VideoKID, AudioKID string
}

// Load is one load a Source was asked for.
type Load struct {
	Kind    media.Kind
	Lang    string
	Index   int // chunk index
	Level   int
	Attempt int // 0 for the first load of this chunk at this level
	At      time.Duration
}

// Loads returns the loads asked for so far, in order.
func (s *Source) Loads() []Load {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Load(nil), s.loads...)
}

func (s *Source) defaults() {
	if s.Chunk <= 0 {
		s.Chunk = 2 * time.Second
	}
	if s.Chunks <= 0 {
		s.Chunks = 30
	}
	if s.FPS <= 0 {
		s.FPS = 25
	}
	if s.AudioRate <= 0 {
		s.AudioRate = 128_000
	}
	if s.Window <= 0 {
		s.Window = 15
	}
	if s.TTFB <= 0 {
		s.TTFB = 20 * time.Millisecond
	}
	if s.Link == nil {
		s.Link = func(time.Duration) float64 { return 10e6 }
	}
}

// Open implements player.Source.
func (s *Source) Open(ctx context.Context, host player.SourceHost) (*player.Presentation, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.defaults()
	s.host, s.opened = host, host.Clock().Now()
	p := &player.Presentation{Live: s.Live}
	if !s.Live {
		p.Duration = time.Duration(s.Chunks) * s.Chunk
	}
	if s.VideoErr != nil {
		s.tracks = append(s.tracks, &sourceTrack{src: s, info: player.TrackInfo{Kind: media.KindVideo, Name: "video", Err: s.VideoErr}})
	} else if len(s.Video) > 0 {
		t := &sourceTrack{src: s, info: player.TrackInfo{Kind: media.KindVideo, Name: "video"}}
		for i, br := range s.Video {
			w, h := 160*(i+1), 90*(i+1)
			t.info.Levels = append(t.info.Levels, player.Level{Bitrate: int64(br), Width: w, Height: h, Codec: string(media.CodecH264)})
			t.info.Configs = append(t.info.Configs, media.CodecConfig{Kind: media.KindVideo, Codec: media.CodecH264, Width: w, Height: h, Bitrate: uint64(br)})
		}
		s.tracks = append(s.tracks, t)
	}
	for _, lang := range s.Audio {
		t := &sourceTrack{src: s, info: player.TrackInfo{Kind: media.KindAudio, Name: "audio_" + lang, Language: lang,
			Levels:  []player.Level{{Bitrate: int64(s.AudioRate), Codec: string(media.CodecAAC)}},
			Configs: []media.CodecConfig{{Kind: media.KindAudio, Codec: media.CodecAAC, SampleRate: 48000, Channels: 2, Bitrate: uint64(s.AudioRate)}}}}
		s.tracks = append(s.tracks, t)
	}
	for _, tt := range s.Text {
		t := &sourceTrack{src: s, text: tt.Cues, info: player.TrackInfo{Kind: media.KindText, Name: "text_" + tt.Lang, Language: tt.Lang, Subtype: "SUBT",
			Levels:  []player.Level{{Bitrate: 1000, Codec: string(media.CodecTTML)}},
			Configs: []media.CodecConfig{{Kind: media.KindText, Codec: media.CodecTTML, Bitrate: 1000}}}}
		s.tracks = append(s.tracks, t)
	}
	for _, t := range s.tracks {
		p.Tracks = append(p.Tracks, t)
	}
	return p, nil
}

// Select implements player.Source.
func (s *Source) Select(tracks []player.SourceTrack) time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sel = s.sel[:0]
	for _, t := range tracks {
		if st, ok := t.(*sourceTrack); ok {
			s.sel = append(s.sel, st)
		}
	}
	return s.Base
}

// Run implements player.Source: the live edge moves by itself; Run only notes the
// end of the broadcast.
func (s *Source) Run(ctx context.Context) {
	if !s.Live || s.LiveEnd <= 0 {
		return
	}
	end := s.opened.Add(time.Duration(s.LiveEnd-s.Backlog) * s.Chunk)
	if !sleepUntil(ctx, s.host.Clock(), end) {
		return
	}
	s.mu.Lock()
	s.ended = true
	d := time.Duration(s.LiveEnd) * s.Chunk
	s.mu.Unlock()
	s.host.Ended(d)
}

// available is how many chunks exist at now (live), the first index of the window,
// and when the newest appeared; the caller holds s.mu.
func (s *Source) available(now time.Time) (n, first int, at time.Time) {
	if !s.Live {
		return s.Chunks, 0, s.opened
	}
	n = s.Backlog + int(now.Sub(s.opened)/s.Chunk)
	if s.LiveStop > 0 {
		n = min(n, s.LiveStop)
	}
	if s.LiveEnd > 0 {
		n = min(n, s.LiveEnd)
	}
	first = max(0, n-s.Window)
	return n, first, s.opened.Add(time.Duration(n-s.Backlog) * s.Chunk)
}

// isLive reports whether the presentation still grows; the caller holds s.mu.
func (s *Source) isLive() bool { return s.Live && !s.ended }

// Timing implements player.Source.
func (s *Source) Timing() player.Timing {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.host == nil {
		return player.Timing{}
	}
	n, first, at := s.available(s.host.Clock().Now())
	if !s.isLive() {
		return player.Timing{Duration: time.Duration(n) * s.Chunk}
	}
	tm := player.Timing{Live: true, Edge: time.Duration(n) * s.Chunk, Oldest: time.Duration(first) * s.Chunk,
		Fragment: s.Chunk, MinLatency: s.Chunk, Window: time.Duration(s.Window) * s.Chunk, EdgeAt: at}
	if n > 0 {
		tm.Last = s.chunk(n-1, n)
	}
	return tm
}

// Stats implements player.Source.
func (s *Source) Stats() player.SourceStats {
	return player.SourceStats{Protection: s.Protection, VideoKID: s.VideoKID, AudioKID: s.AudioKID}
}

// chunk describes chunk i of n known; the caller holds s.mu.
func (s *Source) chunk(i, n int) player.Chunk {
	c := player.Chunk{Start: time.Duration(i) * s.Chunk, Duration: s.Chunk, Left: -1, Ref: [2]uint64{uint64(i), uint64(i + 1)}}
	if !s.isLive() {
		c.Left = n - i
	}
	return c
}

// sourceTrack is one track of a Source.
type sourceTrack struct {
	src  *Source
	info player.TrackInfo
	text []TextCue // a text track's cues
}

// TextTrack is a text track of a Source: its language and cues.
type TextTrack struct {
	Lang string
	Cues []TextCue
}

// TextCue is one cue of a TextTrack, on the position scale.
type TextCue struct {
	Begin, End time.Duration
	Text       string
}

func (t *sourceTrack) Info() player.TrackInfo { return t.info }

func (t *sourceTrack) Locate(pos time.Duration) (player.Chunk, bool) {
	s := t.src
	s.mu.Lock()
	defer s.mu.Unlock()
	n, first, _ := s.available(s.host.Clock().Now())
	i := int(pos / s.Chunk)
	if pos < 0 || i < first || i >= n {
		return player.Chunk{}, false
	}
	return s.chunk(i, n), true
}

func (t *sourceTrack) Next(ctx context.Context, c player.Chunk, _ func() time.Duration) (player.Chunk, error) {
	s := t.src
	next := int(c.Ref[1])
	for {
		s.mu.Lock()
		now := s.host.Clock().Now()
		n, first, _ := s.available(now)
		live := s.isLive()
		stopped := s.LiveStop > 0 && next >= s.LiveStop
		s.mu.Unlock()
		switch {
		case next < n:
			s.mu.Lock()
			defer s.mu.Unlock()
			return s.chunk(max(next, first), n), nil
		case !live:
			return player.Chunk{}, player.ErrEndOfStream
		}
		wait := s.opened.Add(time.Duration(next+1-s.Backlog) * s.Chunk)
		if stopped {
			wait = now.Add(time.Second) // poll: the edge may never move again
		}
		if !sleepUntil(ctx, s.host.Clock(), wait) {
			return player.Chunk{}, ctx.Err()
		}
	}
}

func (t *sourceTrack) Load(ctx context.Context, req player.LoadRequest) (player.LoadResult, error) {
	s := t.src
	i := int(req.Chunk.Ref[0])
	s.mu.Lock()
	clock := s.host.Clock()
	l := Load{Kind: t.info.Kind, Lang: t.info.Language, Index: i, Level: req.Level, At: clock.Now().Sub(s.opened)}
	for _, o := range s.loads {
		if o.Kind == l.Kind && o.Lang == l.Lang && o.Index == i && o.Level == l.Level {
			l.Attempt++
		}
	}
	s.loads = append(s.loads, l)
	fault, link, ttfb := s.Fault, s.Link, s.TTFB
	s.mu.Unlock()
	if fault != nil {
		if err := fault(l); err != nil {
			if !player.Sleep(ctx, clock, ttfb) {
				return player.LoadResult{}, ctx.Err()
			}
			return player.LoadResult{}, err
		}
	}
	if s.Delay != nil {
		ttfb += s.Delay(l)
	}
	if !player.Sleep(ctx, clock, ttfb) {
		return player.LoadResult{}, ctx.Err()
	}
	br := t.info.Levels[req.Level].Bitrate
	bytes := int64(float64(br) / 8 * req.Chunk.Duration.Seconds())
	if err := transfer(ctx, clock, link, l.At+ttfb, bytes, req.Progress); err != nil {
		return player.LoadResult{}, fmt.Errorf("chunk %d: %w", i, err)
	}
	took := clock.Now().Sub(s.opened) - l.At
	if t.info.Kind == media.KindText {
		return player.LoadResult{Samples: t.textSamples(req.Chunk), Transfer: abr.Transfer{Level: req.Level, Bytes: bytes, TTFB: ttfb, Duration: took}}, nil
	}
	return player.LoadResult{Samples: t.samples(req.Chunk), Transfer: abr.Transfer{Level: req.Level, Bytes: bytes, TTFB: ttfb, Duration: took}}, nil
}

// samples are chunk c's samples on the media clock (timescale 10 MHz).
func (t *sourceTrack) samples(c player.Chunk) []media.Sample {
	s := t.src
	const ts = 10_000_000
	start := uint64((c.Start + s.Base) / 100)
	var d uint64
	if t.info.Kind == media.KindVideo {
		d = ts / uint64(s.FPS)
	} else {
		d = 1024 * ts / 48000
	}
	total := uint64(c.Duration / 100)
	var out []media.Sample
	for t0 := uint64(0); t0 < total; t0 += d {
		t1 := min(t0+d, total) // the last one ends with the chunk
		out = append(out, media.Sample{Time: start + t0, Duration: uint32(t1 - t0), Timescale: ts, Keyframe: t0 == 0, Data: []byte{byte(len(out))}})
	}
	return out
}

// maxTransfer bounds a transfer on the virtual link (a link down for longer fails
// the load, as a stall timeout would).
const maxTransfer = 10 * time.Minute

// transferStep is how often a transfer on the virtual link reports its progress.
const transferStep = 50 * time.Millisecond

// transferTime is how long bytes take on link from since on: the rate is read every
// 10 ms, so a link that changes during the transfer counts. False when they do not
// arrive within limit.
func transferTime(link func(time.Duration) float64, since time.Duration, bytes int64, limit time.Duration) (time.Duration, bool) {
	const step = 10 * time.Millisecond
	left := float64(bytes * 8)
	for d := time.Duration(0); d < limit; d += step {
		r := max(link(since+d), 0) * step.Seconds()
		if r >= left {
			return d + time.Duration(left/r*float64(step)), true
		}
		left -= r
	}
	return 0, false
}

// transfer moves bytes over link from since on, on clock, telling progress (when
// set) where it stands every transferStep as a real source does: 0 at the start,
// then the bytes so far. A transfer is cancelled with ctx, and fails when it does
// not end within maxTransfer (the link down).
func transfer(ctx context.Context, clock player.Clock, link func(time.Duration) float64, since time.Duration, bytes int64, progress func(got, total int64)) error {
	report := func(int64) {}
	if progress != nil {
		report = func(got int64) { progress(got, bytes) }
	}
	report(0)
	var bits float64 // carried so far
	for d := time.Duration(0); ; d += transferStep {
		if d >= maxTransfer {
			return fmt.Errorf("no byte in %v (the link is down)", maxTransfer)
		}
		wait, n := transferStep, bitsIn(link, since+d, transferStep)
		last := bits+n >= float64(bytes*8)
		if last {
			// The last step ends when the last byte arrives.
			wait, _ = transferTime(link, since+d, bytes-int64(bits/8), transferStep)
		}
		if !player.Sleep(ctx, clock, wait) {
			return ctx.Err()
		}
		if last {
			report(bytes)
			return nil
		}
		bits += n
		report(int64(bits / 8))
	}
}

// bitsIn is how many bits link carries in d from since on (its rate read every
// 10 ms).
func bitsIn(link func(time.Duration) float64, since, d time.Duration) float64 {
	const step = 10 * time.Millisecond
	var bits float64
	for t := time.Duration(0); t < d; t += step {
		bits += max(link(since+t), 0) * step.Seconds()
	}
	return bits
}

func sleepUntil(ctx context.Context, c player.Clock, at time.Time) bool {
	return player.Sleep(ctx, c, at.Sub(c.Now()))
}

// textSamples is chunk c of a text track: one sample, a TTML document of the cues
// overlapping c with their times relative to its start, clipped to it.
func (t *sourceTrack) textSamples(c player.Chunk) []media.Sample {
	s := t.src
	const ts = 10_000_000
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><tt xmlns="http://www.w3.org/ns/ttml" xml:lang="` + t.info.Language + `"><body><div>`)
	for _, q := range t.text {
		from, to := max(q.Begin, c.Start), min(q.End, c.End())
		if from >= to {
			continue
		}
		fmt.Fprintf(&b, `<p begin="%.3fs" end="%.3fs">%s</p>`, (from - c.Start).Seconds(), (to - c.Start).Seconds(), html.EscapeString(q.Text))
	}
	b.WriteString(`</div></body></tt>`)
	return []media.Sample{{Time: uint64((c.Start + s.Base) / 100), Duration: uint32(c.Duration / 100), Timescale: ts, Keyframe: true, Data: []byte(b.String())}}
}
