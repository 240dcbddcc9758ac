package decode

import (
	"encoding/binary"
	"errors"
	"io"
	"math"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/smooth"
)

// pcm is what a test keeps of decoded audio.
type pcm struct {
	rate, channels int
	samples        []float64 // interleaved, scaled to [-1, 1]
	pts            []time.Duration
	frames         []int
}

// decodeAudio sends every sample, flushes and collects all PCM.
func decodeAudio(t testing.TB, a *Audio, samples []media.Sample) pcm {
	t.Helper()
	var out pcm
	collect := func() {
		for {
			b, err := a.Receive()
			if errors.Is(err, ErrNeedInput) || err == io.EOF {
				return
			}
			if err != nil {
				t.Fatalf("receive: %v", err)
			}
			out.rate, out.channels = b.SampleRate, b.Channels
			out.pts = append(out.pts, b.PTS)
			out.frames = append(out.frames, b.Frames())
			for _, v := range b.F32 {
				out.samples = append(out.samples, float64(v))
			}
			for _, v := range b.S16 {
				out.samples = append(out.samples, float64(v)/32768)
			}
			a.Release(b)
		}
	}
	for _, s := range samples {
		if err := a.Send(s); err != nil {
			t.Fatalf("send sample at %d: %v", s.Time, err)
		}
		collect()
	}
	if err := a.Flush(); err != nil {
		t.Fatal(err)
	}
	collect()
	return out
}

// rms is the root mean square of channel ch of interleaved samples, over the
// middle half of the signal (away from the encoder's fade-in and the tail).
func (p pcm) rms(ch int) float64 {
	n := len(p.samples) / p.channels
	var sum float64
	k := 0
	for i := n / 4; i < 3*n/4; i++ {
		v := p.samples[i*p.channels+ch]
		sum += v * v
		k++
	}
	return math.Sqrt(sum / float64(k))
}

func TestAudioConversions(t *testing.T) {
	path := makeClip(t, clip{W: 64, H: 64, FPS: 10, Seconds: 1, GOP: 10, Audio: true, Rate: 48000})
	_, at := demux(t, path)
	if at == nil {
		t.Fatal("no audio track")
	}
	// lavfi sine has amplitude 1/8: RMS 1/(8√2).
	const wantRMS = 0.125 / math.Sqrt2
	in := len(at.samples) * 1024
	for _, tc := range []struct {
		name string
		opts AudioOptions
		rate int
		ch   int
	}{
		{"native float", AudioOptions{}, 48000, 1},
		{"s16 stereo", AudioOptions{Format: media.SampleS16, Channels: 2}, 48000, 2},
		{"44.1k stereo float", AudioOptions{SampleRate: 44100, Channels: 2}, 44100, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := NewAudio(at.cfg, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			p := decodeAudio(t, a, at.samples)
			if p.rate != tc.rate || p.channels != tc.ch {
				t.Fatalf("got %d Hz × %d, want %d Hz × %d", p.rate, p.channels, tc.rate, tc.ch)
			}
			frames := len(p.samples) / p.channels
			wantFrames := in * tc.rate / 48000
			if d := frames - wantFrames; d < -2 || d > 2 {
				t.Fatalf("%d sample frames out, want %d (%d AAC frames of 1024)", frames, wantFrames, len(at.samples))
			}
			// FFmpeg's mono → stereo upmix puts the centre at −3 dB in each channel.
			want := wantRMS
			if tc.ch == 2 {
				want /= math.Sqrt2
			}
			for ch := 0; ch < p.channels; ch++ {
				if r := p.rms(ch); math.Abs(r-want) > 0.05*want {
					t.Fatalf("channel %d RMS %.4f, want %.4f", ch, r, want)
				}
			}
			// Buffers abut: each starts where the previous one ended.
			last := at.samples[len(at.samples)-1]
			lastPTS := media.Ticks(last.PTS(), last.Timescale)
			for i := 1; i < len(p.pts); i++ {
				end := p.pts[i-1] + time.Duration(p.frames[i-1])*time.Second/time.Duration(p.rate)
				if d := p.pts[i] - end; d < -time.Millisecond || d > time.Millisecond {
					t.Fatalf("buffer %d starts at %v, the previous one ends at %v", i, p.pts[i], end)
				}
			}
			if p.pts[0] != 0 || p.pts[len(p.pts)-1] < lastPTS-25*time.Millisecond || p.pts[len(p.pts)-1] > lastPTS+25*time.Millisecond {
				t.Fatalf("PTS from %v to %v, samples from 0 to %v", p.pts[0], p.pts[len(p.pts)-1], lastPTS)
			}
			if tc.opts == (AudioOptions{}) {
				for i, s := range at.samples {
					if want := media.Ticks(s.PTS(), s.Timescale); p.pts[i] != want {
						t.Fatalf("buffer %d PTS %v, sample's %v", i, p.pts[i], want)
					}
				}
			}
			if st := a.Stats(); st.Frames != uint64(len(p.pts)) || st.AvgFrame <= 0 {
				t.Fatalf("stats %+v for %d buffers", st, len(p.pts))
			}
		})
	}
}

// TestAudioMatchesFFmpeg compares decoded PCM with the ffmpeg CLI's (a fragmented
// file from ffmpeg has no edit list, so neither side trims the priming samples).
func TestAudioMatchesFFmpeg(t *testing.T) {
	path := makeClip(t, clip{W: 64, H: 64, FPS: 10, Seconds: 1, GOP: 10, Audio: true, Rate: 44100})
	_, at := demux(t, path)
	a, err := NewAudio(at.cfg, AudioOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	p := decodeAudio(t, a, at.samples)
	raw := run(t, "ffmpeg", "-nostdin", "-v", "error", "-i", path, "-map", "0:a:0", "-f", "f32le", "-")
	ref := make([]float64, len(raw)/4)
	for i := range ref {
		ref[i] = float64(math.Float32frombits(binary.LittleEndian.Uint32(raw[4*i:])))
	}
	if len(p.samples) != len(ref) {
		t.Fatalf("%d samples, ffmpeg gives %d", len(p.samples), len(ref))
	}
	for i, v := range ref {
		if got := p.samples[i]; got != v {
			t.Fatalf("sample %d: %v, ffmpeg %v", i, got, v)
		}
	}
}

func TestAudioCorruptAndReset(t *testing.T) {
	_, at := demux(t, makeClip(t, clip{W: 64, H: 64, FPS: 10, Seconds: 1, GOP: 10, Audio: true}))
	a, err := NewAudio(at.cfg, AudioOptions{Channels: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	samples := append([]media.Sample(nil), at.samples...)
	samples[10].Data = []byte{0xff, 0xf1, 0x50, 0x80, 0x02, 0x1f, 0xfc, 0xde, 0xad, 0xbe, 0xef}
	samples[20].Data = samples[20].Data[:3]
	errs := 0
	got := 0
	for i, s := range samples {
		if i == 30 {
			if err := a.Reset(); err != nil {
				t.Fatal(err)
			}
		}
		if err := a.Send(s); err != nil {
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("send %d: %v, want ErrCorrupt", i, err)
			}
			errs++
		}
		for {
			b, err := a.Receive()
			if errors.Is(err, ErrNeedInput) {
				break
			}
			if err != nil {
				if !errors.Is(err, ErrCorrupt) {
					t.Fatalf("receive: %v", err)
				}
				errs++
				continue
			}
			got += b.Frames()
			a.Release(b)
		}
	}
	if errs == 0 {
		t.Fatal("no error for corrupt audio samples")
	}
	if got < (len(samples)-10)*1024*9/10 {
		t.Fatalf("only %d sample frames out of %d AAC frames", got, len(samples))
	}
	t.Logf("%d errors, %d sample frames, stats %+v", errs, got, a.Stats())
}

func TestNewAudioErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  smooth.CodecConfig
		opts AudioOptions
		want error
	}{
		{"unknown", smooth.CodecConfig{Codec: "vorbis"}, AudioOptions{}, ErrUnknownCodec},
		{"G.711 without its rate", smooth.CodecConfig{Codec: media.CodecPCMU, Channels: 1}, AudioOptions{}, ErrBadConfig},
		{"video codec", smooth.CodecConfig{Codec: smooth.CodecH264}, AudioOptions{}, ErrUnknownCodec},
		{"no ASC", smooth.CodecConfig{Codec: smooth.CodecAAC}, AudioOptions{}, ErrBadExtradata},
		{"ASC object type 0", smooth.CodecConfig{Codec: smooth.CodecAAC, Extradata: []byte{0x00, 0x10}}, AudioOptions{}, ErrBadExtradata},
		{"WMA Pro without private data", smooth.CodecConfig{Codec: smooth.CodecWMAPro}, AudioOptions{}, ErrBadExtradata},
		{"WMA Pro without block align", smooth.CodecConfig{Codec: smooth.CodecWMAPro, Extradata: wmaProPrivate(), SampleRate: 44100, Channels: 2}, AudioOptions{}, ErrBadConfig},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := NewAudio(tc.cfg, tc.opts)
			if err == nil {
				a.Close()
				t.Fatalf("no error, want %v", tc.want)
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("error %q, want %v", err, tc.want)
			}
			t.Log(err)
		})
	}
}

// wmaProPrivate is the 18 codec-specific bytes of a WMA Pro WAVEFORMATEX: 16 bits
// per sample, stereo channel mask, decode flags 0xe0.
func wmaProPrivate() []byte {
	x := make([]byte, 18)
	x[0], x[2], x[14] = 16, 3, 0xe0
	return x
}

func TestNewAudioOpensWMAPro(t *testing.T) {
	a, err := NewAudio(smooth.CodecConfig{Codec: smooth.CodecWMAPro, Extradata: wmaProPrivate(),
		SampleRate: 44100, Channels: 2, BlockAlign: 8192, Bitrate: 128000}, AudioOptions{})
	if err != nil {
		t.Fatal(err)
	}
	a.Close()
}
