package player_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/origin"
	"github.com/smoothie-player/smoothie/player"
)

// lateSink is a paceSink on a device that takes delay to start playing after the
// first Write, as PulseAudio does on a loaded machine: nothing is consumed and
// Played reports nothing until then.
type lateSink struct {
	*paceSink
	delay   time.Duration
	startAt time.Time
}

func (l *lateSink) Write(ctx context.Context, b *media.AudioBuffer) error {
	l.mu.Lock()
	if l.startAt.IsZero() {
		l.startAt = time.Now().Add(l.delay)
		l.started = l.startAt
		l.queued = append(l.queued, span{b.PTS, b.Duration()})
		l.written++
		l.mu.Unlock()
		return nil
	}
	l.mu.Unlock()
	return l.paceSink.Write(ctx, b)
}

func (l *lateSink) Played() (time.Duration, bool) {
	l.mu.Lock()
	start := l.startAt
	l.mu.Unlock()
	if start.IsZero() || time.Now().Before(start) {
		return 0, false
	}
	return l.paceSink.Played()
}

// audioCheckSink records, for each frame shown, where the audio was.
type audioCheckSink struct {
	audio *lateSink
	mu    sync.Mutex
	shown []shownFrame
}

type shownFrame struct {
	pts, played time.Duration
	heard       bool
}

func (v *audioCheckSink) Show(f *media.VideoFrame) error {
	p, ok := v.audio.Played()
	v.mu.Lock()
	v.shown = append(v.shown, shownFrame{f.PTS, p, ok})
	v.mu.Unlock()
	return nil
}

func (v *audioCheckSink) Close() error { return nil }

// TestVideoWaitsForTheAudioToStart: while the master audio device is starting, the
// video does not run ahead on the monotonic clock; only the first frame is shown
// (the preroll frame) before the sound is heard, and every frame after is shown
// when the audio reaches it.
func TestVideoWaitsForTheAudioToStart(t *testing.T) {
	t.Parallel()
	url, _ := serve(t, origin.Config{})
	audio := &lateSink{paceSink: &paceSink{}, delay: 700 * time.Millisecond}
	video := &audioCheckSink{audio: audio}
	r := play(t, player.Config{URL: url, AudioSink: audio, VideoSink: video, PlayFor: 2 * time.Second}, nil)
	if r.err != nil {
		t.Fatal(r.err)
	}
	video.mu.Lock()
	defer video.mu.Unlock()
	before := 0
	for i, f := range video.shown {
		switch {
		case !f.heard:
			before++
		case f.pts > f.played:
			t.Errorf("frame %d (PTS %v) shown when the audio was at %v", i, f.pts, f.played)
		}
	}
	t.Logf("%d frames shown, %d of them before the audio started %v late; took %v", len(video.shown), before, audio.delay, r.took)
	if before > 1 || len(video.shown) < 25 {
		t.Fatalf("%d of %d frames shown before the audio was heard", before, len(video.shown))
	}
}

// TestVideoGoesOnWithoutTheAudio: a device that never starts holds the video for a
// bounded time only, then the monotonic clock takes over.
func TestVideoGoesOnWithoutTheAudio(t *testing.T) {
	t.Parallel()
	url, _ := serve(t, origin.Config{})
	audio := &lateSink{paceSink: &paceSink{}, delay: time.Hour}
	video := &audioCheckSink{audio: audio}
	r := play(t, player.Config{URL: url, AudioSink: audio, VideoSink: video, PlayFor: time.Second}, nil)
	if r.err != nil {
		t.Fatal(r.err)
	}
	video.mu.Lock()
	defer video.mu.Unlock()
	t.Logf("%d frames shown without audio in %v", len(video.shown), r.took)
	if len(video.shown) < 20 || r.took < 3*time.Second || r.took > 10*time.Second {
		t.Fatalf("%d frames shown in %v with a device that never plays", len(video.shown), r.took)
	}
}
