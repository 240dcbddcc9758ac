package decode

import (
	"errors"
	"io"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/media"
)

// receivePCM drains a until it wants input or has ended, counting sample frames and
// checking every buffer has the wanted shape and starts no earlier than the last ended.
func receivePCM(t *testing.T, a *Audio, rate, channels int, end *time.Duration) (frames int) {
	t.Helper()
	for {
		b, err := a.Receive()
		if errors.Is(err, ErrNeedInput) || err == io.EOF {
			return frames
		}
		if err != nil {
			t.Fatal(err)
		}
		if b.SampleRate != rate || b.Channels != channels || b.Format != media.SampleS16 {
			t.Fatalf("buffer at %v is %d Hz × %d %s, want %d Hz × %d s16", b.PTS, b.SampleRate, b.Channels, b.Format, rate, channels)
		}
		if b.PTS < *end-time.Millisecond {
			t.Fatalf("buffer at %v starts before the previous end %v", b.PTS, *end)
		}
		*end = b.PTS + b.Duration()
		frames += b.Frames()
		a.Release(b)
	}
}

func TestAudioReconfigureKeepsOutputFormat(t *testing.T) {
	_, lo := demux(t, makeClip(t, clip{W: 64, H: 64, FPS: 10, Seconds: 1, GOP: 10, Audio: true, Rate: 22050, Channels: 1}))
	_, hi := demux(t, makeClip(t, clip{W: 64, H: 64, FPS: 10, Seconds: 1, GOP: 10, Audio: true, Rate: 48000, Channels: 2}))
	a, err := NewAudio(lo.cfg, AudioOptions{SampleRate: 48000, Channels: 2, Format: media.SampleS16})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	var end time.Duration
	got := 0
	for _, s := range lo.samples {
		if err := a.Send(s); err != nil {
			t.Fatal(err)
		}
		got += receivePCM(t, a, 48000, 2, &end)
	}
	if err := a.Reconfigure(hi.cfg); err != nil {
		t.Fatal(err)
	}
	last := lo.samples[len(lo.samples)-1]
	offset := uint64(media.Ticks(int64(last.Time+uint64(last.Duration)), last.Timescale) * 48000 / time.Second)
	for _, s := range hi.samples {
		s.Time += offset
		if err := a.Send(s); err != nil {
			t.Fatal(err)
		}
		got += receivePCM(t, a, 48000, 2, &end)
	}
	if err := a.Flush(); err != nil {
		t.Fatal(err)
	}
	got += receivePCM(t, a, 48000, 2, &end)
	want := len(lo.samples)*1024*48000/22050 + len(hi.samples)*1024
	if d := got - want; d < -48 || d > 48 {
		t.Fatalf("%d sample frames across the switch, want about %d", got, want)
	}
}

func TestAudioSendAfterFlushQueues(t *testing.T) {
	_, at := demux(t, makeClip(t, clip{W: 64, H: 64, FPS: 10, Seconds: 1, GOP: 10, Audio: true}))
	a, err := NewAudio(at.cfg, AudioOptions{Format: media.SampleS16})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	for _, s := range at.samples[:10] {
		if err := a.Send(s); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.Flush(); err != nil {
		t.Fatal(err)
	}
	for _, s := range at.samples[10:] { // no Receive in between: the drain is queued
		if err := a.Send(s); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.Flush(); err != nil {
		t.Fatal(err)
	}
	var end time.Duration
	got := 0
	for i := 0; i < 2; i++ { // the queued tail of the first flush, then the second
		got += receivePCM(t, a, 48000, 1, &end)
	}
	if want := len(at.samples) * 1024; got != want {
		t.Fatalf("%d sample frames, want %d", got, want)
	}
}
