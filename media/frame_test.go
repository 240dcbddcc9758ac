package media

import (
	"testing"
	"time"
)

func TestVideoFrameChromaSize(t *testing.T) {
	for _, tc := range []struct{ w, h, cw, ch int }{
		{320, 240, 160, 120},
		{321, 181, 161, 91},
		{1, 1, 1, 1},
	} {
		f := VideoFrame{Width: tc.w, Height: tc.h}
		if cw, ch := f.ChromaSize(); cw != tc.cw || ch != tc.ch {
			t.Errorf("%dx%d: chroma %dx%d, want %dx%d", tc.w, tc.h, cw, ch, tc.cw, tc.ch)
		}
	}
}

func TestAudioBufferFramesAndDuration(t *testing.T) {
	for _, tc := range []struct {
		name   string
		b      AudioBuffer
		frames int
		dur    time.Duration
	}{
		{"stereo float", AudioBuffer{Format: SampleFloat32, SampleRate: 48000, Channels: 2, F32: make([]float32, 2048)}, 1024, 21333333 * time.Nanosecond},
		{"mono s16", AudioBuffer{Format: SampleS16, SampleRate: 44100, Channels: 1, S16: make([]int16, 441)}, 441, 10 * time.Millisecond},
		{"empty", AudioBuffer{}, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if n := tc.b.Frames(); n != tc.frames {
				t.Errorf("Frames() = %d, want %d", n, tc.frames)
			}
			if d := tc.b.Duration(); d != tc.dur {
				t.Errorf("Duration() = %v, want %v", d, tc.dur)
			}
		})
	}
}

func TestSampleFormatString(t *testing.T) {
	for f, want := range map[SampleFormat]string{SampleFloat32: "flt", SampleS16: "s16", 7: "unknown"} {
		if got := f.String(); got != want {
			t.Errorf("%d.String() = %q, want %q", int(f), got, want)
		}
	}
}
