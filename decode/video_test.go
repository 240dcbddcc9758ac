package decode

import (
	"errors"
	"io"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/smooth"
)

// decoded is what a test keeps of one frame after releasing it.
type decoded struct {
	w, h int
	pts  time.Duration
	sum  [32]byte
}

// receiveAll drains v until it wants input (or, after Flush, until io.EOF).
func receiveAll(t testing.TB, v *Video, out []decoded) []decoded {
	t.Helper()
	for {
		f, err := v.Receive()
		if errors.Is(err, ErrNeedInput) || err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("receive: %v", err)
		}
		out = append(out, decoded{w: f.Width, h: f.Height, pts: f.PTS, sum: frameSum(f)})
		v.Release(f)
	}
}

// decodeTrack sends every sample, flushes, and returns all frames.
func decodeTrack(t testing.TB, v *Video, samples []media.Sample) []decoded {
	t.Helper()
	var out []decoded
	for _, s := range samples {
		if err := v.Send(s); err != nil {
			t.Fatalf("send sample at %d: %v", s.Time, err)
		}
		out = receiveAll(t, v, out)
	}
	if err := v.Flush(); err != nil {
		t.Fatal(err)
	}
	return receiveAll(t, v, out)
}

// checkMonotonic fails when presentation times do not strictly increase.
func checkMonotonic(t testing.TB, frames []decoded) {
	t.Helper()
	for i := 1; i < len(frames); i++ {
		if frames[i].pts <= frames[i-1].pts {
			t.Fatalf("frame %d PTS %v not after frame %d PTS %v", i, frames[i].pts, i-1, frames[i-1].pts)
		}
	}
}

func TestVideoMatchesFFmpeg(t *testing.T) {
	for _, tc := range []struct {
		name    string
		clip    clip
		threads int
	}{
		{"420p-threaded", clip{W: 320, H: 240, FPS: 25, Seconds: 2, GOP: 25}, 0},
		{"420p-single-thread", clip{W: 176, H: 144, FPS: 25, Seconds: 1, GOP: 10}, 1},
		{"odd-size", clip{W: 322, H: 182, FPS: 25, Seconds: 1, GOP: 12}, 2},
		{"444p-converted", clip{W: 160, H: 120, FPS: 25, Seconds: 1, GOP: 25, PixFmt: "yuv444p"}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := makeClip(t, tc.clip)
			vt, _ := demux(t, path)
			v, err := NewVideo(vt.cfg, VideoOptions{Threads: tc.threads})
			if err != nil {
				t.Fatal(err)
			}
			defer v.Close()
			frames := decodeTrack(t, v, vt.samples)
			if want := probeFrames(t, path); len(frames) != want {
				t.Fatalf("decoded %d frames, ffprobe counts %d", len(frames), want)
			}
			checkMonotonic(t, frames)
			ref := refFrames(t, path, tc.clip.W, tc.clip.H)
			if len(ref) != len(frames) {
				t.Fatalf("ffmpeg gave %d frames, we %d", len(ref), len(frames))
			}
			step := time.Second / time.Duration(tc.clip.FPS)
			first := frames[0].pts
			for i, f := range frames {
				if f.w != tc.clip.W || f.h != tc.clip.H {
					t.Fatalf("frame %d is %dx%d, want %dx%d", i, f.w, f.h, tc.clip.W, tc.clip.H)
				}
				if d := f.pts - first - time.Duration(i)*step; d < -time.Millisecond || d > time.Millisecond {
					t.Fatalf("frame %d PTS %v, want %v", i, f.pts-first, time.Duration(i)*step)
				}
				// 4:4:4 goes through swscale here and through ffmpeg's own (differently
				// dithered) conversion there: compare sizes only.
				if tc.clip.PixFmt == "" && f.sum != ref[i] {
					t.Fatalf("frame %d differs from ffmpeg's", i)
				}
			}
			st := v.Stats()
			if st.Frames != uint64(len(frames)) || st.DecodeTime <= 0 || st.AvgFrame <= 0 {
				t.Fatalf("stats %+v after %d frames", st, len(frames))
			}
		})
	}
}

// TestVideoConvertedCloseToFFmpeg decodes 4:4:4 H.264, which goes through swscale
// to 4:2:0, and compares each frame with the ffmpeg CLI's own conversion: the
// filters differ slightly, so the check is a PSNR floor, not equality.
func TestVideoConvertedCloseToFFmpeg(t *testing.T) {
	c := clip{W: 160, H: 120, FPS: 25, Seconds: 1, GOP: 25, PixFmt: "yuv444p"}
	path := makeClip(t, c)
	vt, _ := demux(t, path)
	v, err := NewVideo(vt.cfg, VideoOptions{Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	ref := refRaw(t, path, c.W, c.H)
	i := 0
	check := func() {
		for {
			f, err := v.Receive()
			if errors.Is(err, ErrNeedInput) || err == io.EOF {
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			ySize, _ := i420Size(c.W, c.H)
			if i >= len(ref) {
				t.Fatalf("more frames than ffmpeg's %d", len(ref))
			}
			if p := psnr(f.Y, ref[i][:ySize]); p < 45 {
				t.Fatalf("frame %d luma PSNR %.1f dB against ffmpeg's", i, p)
			}
			if i == 0 {
				t.Logf("frame 0: Y %.1f dB, U %.1f dB", psnr(f.Y, ref[i][:ySize]), psnr(f.U, ref[i][ySize:ySize+len(f.U)]))
			}
			if p := psnr(f.U, ref[i][ySize:ySize+len(f.U)]); p < 35 {
				t.Fatalf("frame %d U PSNR %.1f dB against ffmpeg's", i, p)
			}
			i++
			v.Release(f)
		}
	}
	for _, s := range vt.samples {
		if err := v.Send(s); err != nil {
			t.Fatal(err)
		}
		check()
	}
	if err := v.Flush(); err != nil {
		t.Fatal(err)
	}
	check()
	if i != len(ref) {
		t.Fatalf("%d frames, ffmpeg %d", i, len(ref))
	}
}

func TestNewVideoErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  smooth.CodecConfig
		want error
	}{
		{"unknown", smooth.CodecConfig{Codec: "mpeg2"}, ErrUnknownCodec},
		{"audio codec", smooth.CodecConfig{Codec: smooth.CodecAAC, Extradata: []byte{0x11, 0x90}}, ErrUnknownCodec},
		{"no avcC", smooth.CodecConfig{Codec: smooth.CodecH264}, ErrBadExtradata},
		{"annex-b not avcC", smooth.CodecConfig{Codec: smooth.CodecH264, Extradata: []byte{0, 0, 0, 1, 0x67, 0x42, 0, 0x1e}}, ErrBadExtradata},
		{"avcC truncated SPS", smooth.CodecConfig{Codec: smooth.CodecH264, Extradata: []byte{1, 0x42, 0, 0x1e, 0xff, 0xe1, 0, 9, 0x67, 0xff, 0xff, 0xff, 1, 0, 2, 0x68, 0xff}}, ErrBadExtradata},
		{"avcC without PPS", smooth.CodecConfig{Codec: smooth.CodecH264, Extradata: []byte{1, 0x42, 0, 0x1e, 0xff, 0xe1, 0, 4, 0x67, 0x42, 0, 0x1e, 0}}, ErrBadExtradata},
		{"VC-1 without sequence header", smooth.CodecConfig{Codec: smooth.CodecVC1, Extradata: make([]byte, 20)}, ErrBadExtradata},
		{"short hvcC", smooth.CodecConfig{Codec: smooth.CodecHEVC, Extradata: []byte{1, 2, 3}}, ErrBadExtradata},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, err := NewVideo(tc.cfg, VideoOptions{})
			if err == nil {
				v.Close()
				t.Fatalf("no error, want %v", tc.want)
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("error %q, want %v", err, tc.want)
			}
			t.Log(err)
		})
	}
}
