package player

import (
	"errors"
	"io"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/media"
)

func TestNullVideoOrdersByPTS(t *testing.T) {
	var cfg Config
	NullDecoders(&cfg)
	v, _ := cfg.NewVideoDecoder(DecoderConfig{Width: 640, Height: 360})
	// Decode order I P B B P B B (composition offsets of a B-frame GOP), 25 fps at 1000 ticks/s.
	offsets := []int32{40, 120, 0, 0, 120, 0, 0}
	var got []time.Duration
	receive := func() {
		for {
			f, err := v.Receive()
			if err != nil {
				if !errors.Is(err, ErrNeedInput) && err != io.EOF {
					t.Fatal(err)
				}
				return
			}
			got = append(got, f.PTS)
		}
	}
	for i, o := range offsets {
		if err := v.Send(media.Sample{Time: uint64(i * 40), Duration: 40, CompositionOffset: o, Timescale: 1000, Keyframe: i == 0}); err != nil {
			t.Fatal(err)
		}
		receive()
	}
	v.Flush()
	receive()
	if _, err := v.Receive(); err != nil && err != io.EOF && !errors.Is(err, ErrNeedInput) {
		t.Fatal(err)
	}
	want := []time.Duration{40, 80, 120, 160, 200, 240, 280}
	for i := range want {
		want[i] *= time.Millisecond
	}
	if len(got) != len(want) {
		t.Fatalf("frames at %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("frames at %v, want %v", got, want)
		}
	}
	v.Close()
	if err := v.Send(media.Sample{Timescale: 1}); err == nil {
		t.Error("Send after Close succeeded")
	}
}

func TestNullAudioLastsAsTheSample(t *testing.T) {
	var cfg Config
	NullDecoders(&cfg)
	for _, f := range []media.SampleFormat{media.SampleFloat32, media.SampleS16} {
		a, _ := cfg.NewAudioDecoder(DecoderConfig{}, AudioFormat{SampleRate: 48000, Channels: 2, Format: f})
		// An AAC frame at 44.1 kHz: 1024 ticks, 23.2 ms, 1114 frames at 48 kHz.
		if err := a.Send(media.Sample{Time: 44100, Duration: 1024, Timescale: 44100}); err != nil {
			t.Fatal(err)
		}
		b, err := a.Receive()
		if err != nil {
			t.Fatal(err)
		}
		if b.Frames() != 1114 || b.PTS != time.Second || b.Channels != 2 {
			t.Errorf("format %v: %d frames at %v, %d channels; want 1114 at 1s, 2", f, b.Frames(), b.PTS, b.Channels)
		}
		if _, err := a.Receive(); !errors.Is(err, ErrNeedInput) {
			t.Errorf("second Receive: %v, want ErrNeedInput", err)
		}
	}
}
