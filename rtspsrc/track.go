package rtspsrc

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/smoothie-player/smoothie/abr"
	"github.com/smoothie-player/smoothie/decode"
	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/player"
)

// timescale is the unit of the samples' times: 100 ns, as Smooth Streaming's.
const timescale = 10_000_000

// track is one played stream of the source.
type track struct {
	src   *Source
	kind  media.Kind
	info  player.TrackInfo
	store *chunkStore

	// The current connection's stream (-1 none) and its clock; the source's lock
	// guards these.
	stream   int
	tb       [2]int
	rate     [2]int
	lastPTS  time.Duration
	havePTS  bool
	step     time.Duration // from the frame before to the last (0: none yet)
	shift    time.Duration // added to the timeline after a jump of this stream's timestamps
	channels int
	srate    int

	mu      sync.Mutex // the counters
	packets int64
	frames  int64
	jit     jitter
}

func newTrack(s *Source, ds decode.DemuxStream) *track {
	t := &track{src: s, kind: ds.Kind, store: newChunkStore(s.cfg.Chunk, s.cfg.Window)}
	cfg := ds.Config
	t.info = player.TrackInfo{Kind: ds.Kind, Name: fmt.Sprintf("%s %s", ds.Kind, ds.CodecName),
		Levels:  []player.Level{{Bitrate: int64(cfg.Bitrate), Width: cfg.Width, Height: cfg.Height, Codec: string(ds.Codec)}},
		Configs: []player.DecoderConfig{cfg}}
	t.info.Levels[0].Bitrate = max(t.info.Levels[0].Bitrate, 1)
	t.bind(ds)
	return t
}

// bind follows stream ds of a (new) connection.
func (t *track) bind(ds decode.DemuxStream) {
	t.stream, t.tb, t.rate, t.havePTS, t.shift, t.step = ds.Index, ds.TimeBase, ds.FrameRate, false, 0, 0
	t.channels, t.srate = ds.Config.Channels, ds.Config.SampleRate
	t.mu.Lock()
	t.jit.reset()
	t.mu.Unlock()
}

// ptsOf is p's timestamp as a duration on its connection's clock. A packet without
// one (the first access unit of some H.264 streams) follows the previous packet by
// a frame, or starts the stream.
func (t *track) ptsOf(p decode.Packet) (time.Duration, bool) {
	v := p.PTS
	if v == noPTS {
		v = p.DTS
	}
	if t.tb[1] == 0 {
		return 0, false
	}
	var d time.Duration
	switch {
	case v != noPTS:
		d = ticks(v, t.tb)
	case t.havePTS:
		d = t.lastPTS + t.frameDur(p)
	default:
		d = 0
	}
	if t.havePTS && d > t.lastPTS {
		t.step = d - t.lastPTS
	}
	t.lastPTS, t.havePTS = d, true
	return d, true
}

// through is how far a frame of p at timeline time at covers its stream for
// certain: to its end, at the smaller of its nominal duration and the step from the
// frame before (a stream's frames come in order and each lasts until the next), so
// that the chunk it ends is complete when it arrives rather than when the next frame
// does: a frame nearer the sender (40 ms at 25 fps, on top of the frame
// libavformat's parser holds each H.264 access unit for). Before a step is known, at
// itself. The source's lock guards the step.
func (t *track) through(p decode.Packet, at time.Duration) time.Duration {
	if t.step <= 0 {
		return at
	}
	return at + min(t.frameDur(p), t.step)
}

// ticks is v units of tb (Num/Den seconds) as a duration, in integers: a frame at
// 3600/90000 s is 40 ms exactly, so a flash at a whole second stays at it.
func ticks(v int64, tb [2]int) time.Duration {
	num, den := int64(tb[0]), int64(tb[1])
	whole, rem := v/den, v%den
	return time.Duration(whole*num)*time.Second + time.Duration(rem*num*int64(time.Second)/den)
}

// frameDur is how long a frame of p lasts: the stream's frame rate (video), its
// samples (PCM: by size; AAC 1024; Opus 20 ms), else 40 ms.
func (t *track) frameDur(p decode.Packet) time.Duration {
	if t.kind == media.KindVideo {
		if t.rate[0] > 0 && t.rate[1] > 0 {
			return time.Duration(float64(time.Second) * float64(t.rate[1]) / float64(t.rate[0]))
		}
		return 40 * time.Millisecond
	}
	if t.srate > 0 {
		switch media.Codec(t.info.Levels[0].Codec) {
		case media.CodecAAC:
			return time.Duration(1024 * float64(time.Second) / float64(t.srate))
		case media.CodecPCMU, media.CodecPCMA:
			return time.Duration(float64(len(p.Data)) / float64(max(t.channels, 1)) * float64(time.Second) / float64(t.srate))
		}
	}
	return 20 * time.Millisecond
}

// take stores a packet whose timeline time is at, arrived at now, covering its
// stream through through.
func (t *track) take(p decode.Packet, pts, at, through time.Duration, now time.Time) {
	dur := t.frameDur(p)
	s := media.Sample{Time: uint64(at / 100), Duration: uint32(dur / 100), Timescale: timescale, Keyframe: p.Keyframe || t.kind != media.KindVideo, Data: p.Data}
	t.mu.Lock()
	t.packets += rtpPackets(media.Codec(t.info.Levels[0].Codec), p.Data)
	t.frames++
	t.jit.add(now, pts)
	t.mu.Unlock()
	t.store.add(s, at)
	t.store.completeUpTo(through)
}

// stat is the track's part of the stream stats.
func (t *track) stat() player.StreamStat {
	t.mu.Lock()
	defer t.mu.Unlock()
	return player.StreamStat{Kind: t.kind.String(), Codec: t.info.Levels[0].Codec, Packets: t.packets, Frames: t.frames,
		Jitter: t.jit.value(), Bitrate: t.store.bitrate(2 * time.Second)}
}

// Info describes the track: one level, the stream as it comes.
func (t *track) Info() player.TrackInfo { return t.info }

// chunk is chunk k.
func (t *track) chunk(k int64) player.Chunk {
	d := t.src.cfg.Chunk
	return player.Chunk{Start: time.Duration(k) * d, Duration: d, Left: -1, Ref: [2]uint64{uint64(k)}}
}

// Locate gives the chunk holding pos, arrived or not.
func (t *track) Locate(pos time.Duration) (player.Chunk, bool) {
	return t.chunk(t.store.index(pos)), true
}

// Next waits until the chunk after c has arrived whole.
func (t *track) Next(ctx context.Context, c player.Chunk, _ func() time.Duration) (player.Chunk, error) {
	k := int64(c.Ref[0]) + 1
	if err := t.wait(ctx, k); err != nil {
		return player.Chunk{}, err
	}
	return t.chunk(k), nil
}

// wait blocks until chunk k is complete.
func (t *track) wait(ctx context.Context, k int64) error {
	for {
		done, wake, ended := t.store.complete(k)
		if done {
			return nil
		}
		if ended {
			return player.ErrEndOfStream
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-wake:
		}
	}
}

// Load hands out chunk req.Chunk once it has arrived whole; its transfer is the
// stream's own pace (the chunk's bytes over its duration).
func (t *track) Load(ctx context.Context, req player.LoadRequest) (player.LoadResult, error) {
	k := int64(req.Chunk.Ref[0])
	if err := t.wait(ctx, k); err != nil {
		return player.LoadResult{}, err
	}
	smps, n := t.store.samples(k)
	if req.Progress != nil {
		req.Progress(0, n)
		req.Progress(n, n)
	}
	return player.LoadResult{Samples: smps, Transfer: abr.Transfer{Bytes: n, Duration: req.Chunk.Duration}}, nil
}
