package playertest_test

import (
	"errors"
	"io"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/player"
	"github.com/smoothie-player/smoothie/player/playertest"
)

const hns = 10_000_000 // Smooth Streaming's timescale: 100 ns units

// gop returns n samples of 40 ms in decode order for an I P B B P B B … stream: each
// P is sent before the two B frames shown before it (CompositionOffset), so the
// presentation times come out of order.
func gop(start time.Duration, n int) []media.Sample {
	const frame = 400_000 // 40 ms
	var out []media.Sample
	for i := range n {
		dts := uint64(start/100) + uint64(i)*frame
		var off int32
		switch {
		case i == 0:
			off = frame // I, shown one frame later than decoded
		case i%3 == 1:
			off = 3 * frame // P: shown after the two B frames sent after it
		default:
			off = 0 // B
		}
		out = append(out, media.Sample{Time: dts, Duration: frame, CompositionOffset: off, Timescale: hns, Keyframe: i == 0})
	}
	return out
}

func receiveAll[T any](t *testing.T, recv func() (*T, error)) []*T {
	t.Helper()
	var out []*T
	for {
		f, err := recv()
		if errors.Is(err, player.ErrNeedInput) {
			return out
		}
		if err != nil {
			t.Fatalf("Receive: %v", err)
		}
		out = append(out, f)
	}
}

func TestVideoDecoder(t *testing.T) {
	cfg := player.DecoderConfig{Kind: media.KindVideo, Codec: media.CodecH264, Width: 1280, Height: 720}
	d := playertest.NewVideoDecoder(cfg, playertest.DecoderOptions{Reorder: 2, VideoFrameTime: 3 * time.Millisecond})
	if f, err := d.Receive(); f != nil || !errors.Is(err, player.ErrNeedInput) {
		t.Fatalf("Receive before input: %v, %v", f, err)
	}
	var got []time.Duration
	for i, s := range gop(10*time.Second, 7) {
		if err := d.Send(s); err != nil {
			t.Fatal(err)
		}
		fs := receiveAll(t, d.Receive)
		if i < 2 && len(fs) != 0 {
			t.Fatalf("sample %d: %d frames out of a decoder holding 2 back", i, len(fs))
		}
		for _, f := range fs {
			if f.Duration != 40*time.Millisecond || f.Width != 1280 || f.Height != 720 || f.DecodeTime != 3*time.Millisecond || f.Y != nil {
				t.Fatalf("frame %+v", f)
			}
			got = append(got, f.PTS)
			d.Release(f)
		}
	}
	if err := d.Flush(); err != nil {
		t.Fatal(err)
	}
	for {
		f, err := d.Receive()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("draining: %v", err)
		}
		got = append(got, f.PTS)
	}
	if f, err := d.Receive(); f != nil || !errors.Is(err, player.ErrNeedInput) {
		t.Fatalf("Receive after EOF: %v, %v (want ErrNeedInput)", f, err)
	}
	// Presentation order: 10.04 s … 10.28 s, each frame once.
	if len(got) != 7 {
		t.Fatalf("%d frames, want 7: %v", len(got), got)
	}
	for i, pts := range got {
		if want := 10*time.Second + time.Duration(i+1)*40*time.Millisecond; pts != want {
			t.Fatalf("frame %d at %v, want %v (all: %v)", i, pts, want, got)
		}
	}
	if d.AvgFrameTime() != 3*time.Millisecond {
		t.Errorf("AvgFrameTime %v", d.AvgFrameTime())
	}
	// A level switch drains what the decoder holds and is recorded.
	hi := cfg
	hi.Width, hi.Height = 1920, 1080
	for _, s := range gop(20*time.Second, 2) {
		d.Send(s)
	}
	if err := d.Reconfigure(hi); err != nil {
		t.Fatal(err)
	}
	if fs := receiveAll(t, d.Receive); len(fs) != 2 || fs[0].Width != 1280 {
		t.Fatalf("after Reconfigure: %d frames out, want the 2 held back at the old size", len(fs))
	}
	d.Send(gop(30*time.Second, 1)[0])
	d.Flush()
	if f, _ := d.Receive(); f == nil || f.Width != 1920 {
		t.Fatalf("after Reconfigure: frame %+v, want 1920 wide", f)
	}
	if cs := d.Configs(); len(cs) != 2 || cs[0].Width != 1280 || cs[1].Width != 1920 {
		t.Errorf("configs %+v", cs)
	}
	if st := d.Stats(); st.Sent != 10 || st.Out != 10 || st.Released != 5 {
		t.Errorf("stats %+v", st)
	}
	d.Close()
	if err := d.Send(gop(0, 1)[0]); !errors.Is(err, playertest.ErrClosed) {
		t.Errorf("Send after Close: %v", err)
	}
}

func TestVideoDecoderCorrupt(t *testing.T) {
	opts := playertest.DecoderOptions{VideoCorrupt: func(s media.Sample) bool {
		return playertest.SamplePTS(s) == 2*40*time.Millisecond
	}}
	d := playertest.NewVideoDecoder(player.DecoderConfig{Kind: media.KindVideo}, opts)
	smp := func(i int, key bool) media.Sample {
		return media.Sample{Time: uint64(i) * 400_000, Duration: 400_000, Timescale: hns, Keyframe: key}
	}
	var errs int
	for i := range 6 {
		if err := d.Send(smp(i, i == 0 || i == 4)); err != nil {
			if !errors.Is(err, playertest.ErrCorrupt) {
				t.Fatal(err)
			}
			errs++
		}
	}
	fs := receiveAll(t, d.Receive)
	var pts []time.Duration
	for _, f := range fs {
		pts = append(pts, f.PTS)
	}
	// Sample 2 fails; 3 waits for a keyframe; 4 and 5 decode.
	if errs != 1 || len(pts) != 4 || pts[1] != 40*time.Millisecond || pts[2] != 160*time.Millisecond {
		t.Fatalf("%d errors, frames at %v", errs, pts)
	}
	if st := d.Stats(); st.Corrupt != 1 || st.Skipped != 1 {
		t.Errorf("stats %+v", st)
	}
	from := playertest.CorruptFrom(time.Second)
	if from(media.Sample{Time: 9_999_999, Timescale: hns}) || !from(media.Sample{Time: hns, Timescale: hns}) {
		t.Error("CorruptFrom's boundary")
	}
}

func TestAudioDecoder(t *testing.T) {
	cfg := player.DecoderConfig{Kind: media.KindAudio, Codec: media.CodecAAC, SampleRate: 44100, Channels: 2}
	for _, out := range []player.AudioFormat{
		{SampleRate: 48000, Channels: 2, Format: media.SampleFloat32},
		{SampleRate: 44100, Channels: 1, Format: media.SampleS16},
	} {
		d := playertest.NewAudioDecoder(cfg, out, playertest.DecoderOptions{AudioFrameTime: time.Millisecond})
		// An AAC frame: 1024 samples at 44.1 kHz, 232199 units of 100 ns (23.2 ms).
		const dur = 232199
		var want time.Duration
		for i := range 3 {
			if err := d.Send(media.Sample{Time: 50*hns + uint64(i)*dur, Duration: dur, Timescale: hns, Keyframe: true}); err != nil {
				t.Fatal(err)
			}
		}
		d.Flush()
		var bufs []*media.AudioBuffer
		for {
			b, err := d.Receive()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			bufs = append(bufs, b)
		}
		frames := 1024
		if out.SampleRate == 48000 {
			frames = 1115 // 1024 × 48000 / 44100 = 1114.6
		}
		for i, b := range bufs {
			want = 50*time.Second + media.Ticks(int64(i)*dur, hns)
			if b.PTS != want || b.Frames() != frames || b.SampleRate != out.SampleRate || b.Channels != out.Channels || b.Format != out.Format || b.DecodeTime != time.Millisecond {
				t.Fatalf("%+v: buffer %d: pts %v (want %v), %d frames (want %d), %d Hz %d ch %v", out, i, b.PTS, want, b.Frames(), frames, b.SampleRate, b.Channels, b.Format)
			}
		}
		if len(bufs) != 3 {
			t.Fatalf("%d buffers", len(bufs))
		}
	}
}

func TestInstall(t *testing.T) {
	var cfg player.Config
	dec := playertest.Install(&cfg, playertest.DecoderOptions{CheckCodec: func(c player.DecoderConfig) error {
		if c.Codec == media.CodecVC1 {
			return errors.New("no vc1 here")
		}
		return nil
	}})
	if cfg.CheckCodec(player.DecoderConfig{Codec: media.CodecVC1}) == nil {
		t.Error("CheckCodec let VC-1 through")
	}
	if _, err := cfg.NewVideoDecoder(player.DecoderConfig{Codec: media.CodecVC1}); err == nil {
		t.Error("the factory opened what CheckCodec refuses")
	}
	v, err := cfg.NewVideoDecoder(player.DecoderConfig{Codec: media.CodecH264, Width: 640})
	if err != nil {
		t.Fatal(err)
	}
	v.Reconfigure(player.DecoderConfig{Codec: media.CodecH264, Width: 1280})
	a, err := cfg.NewAudioDecoder(player.DecoderConfig{Kind: media.KindAudio, Codec: media.CodecAAC}, player.AudioFormat{SampleRate: 48000, Channels: 2})
	if err != nil || a == nil {
		t.Fatal(err)
	}
	if cs := dec.Configs(media.KindVideo); len(cs) != 2 || cs[1].Width != 1280 {
		t.Errorf("video configs %+v", cs)
	}
	if len(dec.Video()) != 1 || len(dec.Audio()) != 1 || len(dec.Configs(media.KindAudio)) != 1 {
		t.Errorf("%d video, %d audio decoders", len(dec.Video()), len(dec.Audio()))
	}
}
