package encode

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/asticode/go-astiav"
	"github.com/smoothie-player/smoothie/media"
)

// Timescale of every sample time this package emits: 100 ns units, Smooth
// Streaming's default.
const Timescale = 10_000_000

// Track describes one output track: a video level or the audio.
type Track struct {
	Kind media.Kind
	// Codec is "h264" or "hevc" (video), or the AudioCodec (audio).
	Codec string
	// Level is the video level (video only).
	Level Level
	// Params are the video parameter sets (video only).
	Params ParamSets
	// AudioConfig is the audio encoder's codec-specific data: the AAC
	// AudioSpecificConfig, WMA's flags, empty for AC-3 and E-AC-3 (audio only).
	AudioConfig []byte
	// SampleRate and Channels (audio only).
	SampleRate, Channels int
	// Language of an audio track ("": unknown).
	Language string
	// BlockAlign is the size of every audio packet for a codec whose packets are all
	// one size (WMA), else 0.
	BlockAlign int
	// Bitrate is the nominal bitrate in bits per second.
	Bitrate int64
}

// Output receives the encoded presentation. Tracks are numbered in the order Start
// lists them: the video levels in ladder order, then the audio if the source has it.
type Output interface {
	// Start is called once, before any sample, with every track's codec set-up.
	Start(tracks []Track) error
	// WriteSample receives one sample of a track, in decode order. fragmentStart is
	// true for the first sample of every fragment; video fragments start with a
	// keyframe at the same time on every level, and audio fragments start at the
	// first audio packet at or after each video fragment's start.
	WriteSample(track int, s media.Sample, fragmentStart bool) error
}

// Progress reports how far Run is; Done and Total are media time.
type Progress struct {
	// Stage is "audio" or "video".
	Stage string
	// Done is the media time encoded so far in this stage.
	Done time.Duration
	// Total is the source duration, 0 when unknown.
	Total time.Duration
}

// Run encodes src with cfg and writes every sample to out. It encodes the audio
// first (cheap, and its priming delay sets where video starts on the timeline) and
// then every video level frame by frame. It stops when ctx is done.
func Run(ctx context.Context, src Source, cfg Config, out Output, progress func(Progress)) error {
	if err := cfg.Validate(); err != nil {
		return err
	}
	cfg = cfg.withDefaults()
	if progress == nil {
		progress = func(Progress) {}
	}
	fps := src.FrameRate()
	if fps.Num() <= 0 || fps.Den() <= 0 {
		return fmt.Errorf("source frame rate %s: not usable", fps)
	}
	tl := newTimeline(fps, cfg.Fragment)

	venc := make([]*videoEncoder, 0, len(cfg.Levels))
	defer func() {
		for _, e := range venc {
			e.close()
		}
	}()
	tracks := make([]Track, 0, len(cfg.Levels)+1)
	for _, l := range cfg.Levels {
		e, err := newVideoEncoder(cfg, l, fps, tl.gop())
		if err != nil {
			return err
		}
		venc = append(venc, e)
		tracks = append(tracks, Track{Kind: media.KindVideo, Codec: string(cfg.Codec), Level: l, Params: e.params, Bitrate: l.Bitrate})
	}
	audios := audioTracks(src)
	aencs := make([]*audioEncoder, 0, len(audios))
	defer func() {
		for _, e := range aencs {
			e.close()
		}
	}()
	for _, a := range audios {
		e, err := newAudioEncoder(cfg.AudioCodec, cfg.AudioBitrate)
		if err != nil {
			return err
		}
		aencs = append(aencs, e)
		tracks = append(tracks, Track{Kind: media.KindAudio, Codec: string(cfg.AudioCodec), AudioConfig: e.config(), BlockAlign: e.blockAlign(),
			SampleRate: AudioSampleRate, Channels: AudioChannels, Bitrate: cfg.AudioBitrate, Language: a.Language})
	}
	if err := out.Start(tracks); err != nil {
		return err
	}
	for i, a := range audios {
		// Every track has the same codec, so the same priming delay: the first's
		// places the video.
		offset, err := runAudio(ctx, src.Duration(), a.Read, aencs[i], tl, len(venc)+i, out, progress)
		if err != nil {
			return err
		}
		if i == 0 {
			tl.offset = offset
		}
	}
	return runVideo(ctx, src, venc, tl, out, progress)
}

// audioTracks lists src's audio tracks: a MultiAudio's, else its own audio if any.
func audioTracks(src Source) []AudioTrack {
	if m, ok := src.(MultiAudio); ok {
		return m.AudioTracks()
	}
	if src.HasAudio() {
		return []AudioTrack{{Read: src.ReadAudio}}
	}
	return nil
}

// runAudio encodes all the audio read gives as track number track and returns the
// encoder's priming delay in Timescale units (the video timeline starts there, so
// that pictures and sound stay in sync). total is the expected duration (progress).
func runAudio(ctx context.Context, total time.Duration, read func(*astiav.Frame) error, e *audioEncoder, tl *timeline, track int, out Output, progress func(Progress)) (uint64, error) {
	f := astiav.AllocFrame()
	defer f.Free()
	var (
		samples  int64 // samples sent
		firstPts int64
		started  bool
		pending  *media.Sample
		first    = true
		boundary = 1 // the next video fragment whose start the audio has not reached
	)
	flushPending := func(next uint64) error {
		if pending == nil {
			return nil
		}
		if next > pending.Time {
			pending.Duration = uint32(next - pending.Time)
		}
		start := first
		first = false
		if pending.Time >= tl.boundaryTime(boundary) {
			start = true
			for pending.Time >= tl.boundaryTime(boundary) {
				boundary++
			}
		}
		err := out.WriteSample(track, *pending, start)
		pending = nil
		return err
	}
	emit := func(data []byte, pts, dur int64) error {
		if !started {
			started, firstPts = true, pts
			tl.offset = samplesToTicks(-firstPts)
		}
		t := samplesToTicks(pts - firstPts)
		if err := flushPending(t); err != nil {
			return err
		}
		pending = &media.Sample{Time: t, Duration: uint32(samplesToTicks(dur)), Timescale: Timescale, Keyframe: true, Data: data}
		return nil
	}
	for {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		err := read(f)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return 0, err
		}
		f.SetPts(samples)
		samples += int64(f.NbSamples())
		err = e.send(f, emit)
		f.Unref()
		if err != nil {
			return 0, err
		}
		if samples%(AudioSampleRate/2) < aacFrameSize {
			progress(Progress{Stage: "audio", Done: time.Duration(samples) * time.Second / AudioSampleRate, Total: total})
		}
	}
	if err := e.send(nil, emit); err != nil {
		return 0, err
	}
	if err := flushPending(0); err != nil {
		return 0, err
	}
	return tl.offset, nil
}

// runVideo encodes every level frame by frame.
func runVideo(ctx context.Context, src Source, enc []*videoEncoder, tl *timeline, out Output, progress func(Progress)) error {
	frames := make([]*astiav.Frame, len(enc))
	for i := range frames {
		frames[i] = astiav.AllocFrame()
		defer frames[i].Free()
	}
	emitFor := func(track int) func([]byte, int64, bool) error {
		return func(data []byte, n int64, key bool) error {
			start := tl.isBoundary(n)
			if start && !key {
				return fmt.Errorf("video level %d: frame %d at a fragment boundary is not a keyframe", track+1, n)
			}
			s := media.Sample{Time: tl.frameTime(n), Duration: uint32(tl.frameTime(n+1) - tl.frameTime(n)),
				Timescale: Timescale, Keyframe: key, Data: data}
			return out.WriteSample(track, s, start)
		}
	}
	total := src.Duration()
	var n int64
	for ; ; n++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		err := src.ReadVideo(frames)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		key := tl.isBoundary(n)
		for i, e := range enc {
			if err := e.send(frames[i], n, key); err != nil {
				return fmt.Errorf("level %d: %w", i+1, err)
			}
			frames[i].Unref()
			if err := e.receive(emitFor(i)); err != nil {
				return err
			}
		}
		if n%int64(tl.fpsInt()) == 0 {
			progress(Progress{Stage: "video", Done: tl.frameDuration(n), Total: total})
		}
	}
	if n == 0 {
		return errors.New("source gave no video frames")
	}
	for i, e := range enc {
		if err := e.send(nil, 0, false); err != nil {
			return err
		}
		if err := e.receive(emitFor(i)); err != nil {
			return err
		}
	}
	progress(Progress{Stage: "video", Done: tl.frameDuration(n), Total: total})
	return nil
}

func samplesToTicks(n int64) uint64 {
	if n <= 0 {
		return 0
	}
	return uint64((n*Timescale + AudioSampleRate/2) / AudioSampleRate)
}
