package decode

import (
	"errors"
	"io"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/media"
)

// refByPTS decodes samples on a fresh decoder and maps each frame's PTS to its sum.
func refByPTS(t *testing.T, tr *track) map[time.Duration][32]byte {
	t.Helper()
	v, err := NewVideo(tr.cfg, VideoOptions{Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	m := map[time.Duration][32]byte{}
	for _, f := range decodeTrack(t, v, tr.samples) {
		m[f.pts] = f.sum
	}
	return m
}

// shifted returns samples with dt added to their decode times.
func shifted(samples []media.Sample, dt uint64) []media.Sample {
	out := make([]media.Sample, len(samples))
	for i, s := range samples {
		s.Time += dt
		out[i] = s
	}
	return out
}

func TestVideoReconfigureResolutionSwitch(t *testing.T) {
	big, _ := demux(t, makeClip(t, clip{W: 320, H: 240, FPS: 25, Seconds: 1, GOP: 25}))
	small, _ := demux(t, makeClip(t, clip{W: 160, H: 90, FPS: 25, Seconds: 1, GOP: 25}))
	refBig, refSmall := refByPTS(t, big), refByPTS(t, small)

	v, err := NewVideo(big.cfg, VideoOptions{Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	var frames []decoded
	for _, s := range big.samples {
		if err := v.Send(s); err != nil {
			t.Fatal(err)
		}
		frames = receiveAll(t, v, frames)
	}
	if err := v.Reconfigure(small.cfg); err != nil {
		t.Fatal(err)
	}
	// The old level's frames are still to be received, before any of the new one.
	end := big.samples[len(big.samples)-1]
	offset := end.Time + uint64(end.Duration)
	for _, s := range shifted(small.samples, offset) {
		if err := v.Send(s); err != nil {
			t.Fatal(err)
		}
		frames = receiveAll(t, v, frames)
	}
	if err := v.Flush(); err != nil {
		t.Fatal(err)
	}
	frames = receiveAll(t, v, frames)

	if want := len(big.samples) + len(small.samples); len(frames) != want {
		t.Fatalf("got %d frames across the switch, want %d", len(frames), want)
	}
	checkMonotonic(t, frames)
	shift := media.Ticks(int64(offset), small.samples[0].Timescale)
	for i, f := range frames {
		ref, w, h := refBig, 320, 240
		pts := f.pts
		if i >= len(big.samples) {
			ref, w, h, pts = refSmall, 160, 90, f.pts-shift
		}
		if f.w != w || f.h != h {
			t.Fatalf("frame %d is %dx%d, want %dx%d", i, f.w, f.h, w, h)
		}
		if sum, ok := ref[pts]; !ok || sum != f.sum {
			t.Fatalf("frame %d (PTS %v) differs from the reference", i, f.pts)
		}
	}
	if st := v.Stats(); st.Reopens == 0 {
		t.Fatalf("stats %+v: no reopen counted", st)
	}
}

func TestVideoCorruptSampleRecoversAtKeyframe(t *testing.T) {
	vt, _ := demux(t, makeClip(t, clip{W: 320, H: 240, FPS: 25, Seconds: 2, GOP: 10}))
	ref := refByPTS(t, vt)
	garbage := make([]byte, 3000)
	for i := range garbage {
		garbage[i] = byte(i*7 + 3)
	}
	for _, tc := range []struct {
		name   string
		mangle func(s *media.Sample)
	}{
		{"garbage", func(s *media.Sample) { s.Data = garbage }},
		{"truncated", func(s *media.Sample) { s.Data = s.Data[:len(s.Data)/3] }},
		{"bad NAL length", func(s *media.Sample) {
			d := append([]byte(nil), s.Data...)
			d[0], d[1] = 0x7f, 0xff
			s.Data = d
		}},
		{"empty", func(s *media.Sample) { s.Data = nil }},
		{"garbage keyframe", func(s *media.Sample) { s.Data = garbage }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, err := NewVideo(vt.cfg, VideoOptions{Threads: 2})
			if err != nil {
				t.Fatal(err)
			}
			defer v.Close()
			samples := append([]media.Sample(nil), vt.samples...)
			bad := 13 // inside the second GOP (keyframes at 0, 10, 20, …)
			if tc.name == "garbage keyframe" {
				bad = 10
			}
			tc.mangle(&samples[bad])
			var frames []decoded
			errs := 0
			for _, s := range samples {
				if err := v.Send(s); err != nil {
					if !errors.Is(err, ErrCorrupt) {
						t.Fatalf("send: %v, want an ErrCorrupt", err)
					}
					errs++
				}
				for {
					f, err := v.Receive()
					if errors.Is(err, ErrNeedInput) {
						break
					}
					if err != nil {
						if !errors.Is(err, ErrCorrupt) {
							t.Fatalf("receive: %v, want an ErrCorrupt", err)
						}
						errs++
						continue
					}
					frames = append(frames, decoded{w: f.Width, h: f.Height, pts: f.PTS, sum: frameSum(f)})
					v.Release(f)
				}
			}
			if err := v.Flush(); err != nil {
				t.Fatal(err)
			}
			frames = receiveAll(t, v, frames)
			t.Logf("%d errors reported, %d frames, stats %+v", errs, len(frames), v.Stats())
			if st := v.Stats(); errs == 0 || st.Corrupt == 0 || st.Skipped == 0 {
				t.Fatalf("damage went unreported: %d errors, stats %+v", errs, st)
			}
			// From the keyframe after the damage on, every frame is exact.
			recovered := media.Ticks(samples[20].PTS(), samples[20].Timescale)
			exact := 0
			for _, f := range frames {
				if f.pts >= recovered {
					if f.sum != ref[f.pts] {
						t.Fatalf("frame at %v after recovery differs from the reference", f.pts)
					}
					exact++
				}
			}
			if want := len(samples) - 20; exact != want {
				t.Fatalf("%d exact frames after recovery, want %d", exact, want)
			}
		})
	}
}

func TestVideoFlushThenContinue(t *testing.T) {
	vt, _ := demux(t, makeClip(t, clip{W: 176, H: 144, FPS: 25, Seconds: 2, GOP: 25}))
	ref := refByPTS(t, vt)
	v, err := NewVideo(vt.cfg, VideoOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	first := decodeTrack(t, v, vt.samples[:25])
	if len(first) != 25 {
		t.Fatalf("flush gave %d frames for 25 samples", len(first))
	}
	if _, err := v.Receive(); err != ErrNeedInput {
		t.Fatalf("receive after EOF: %v, want ErrNeedInput from the renewed decoder", err)
	}
	second := decodeTrack(t, v, vt.samples[25:])
	all := append(first, second...)
	if len(all) != len(vt.samples) {
		t.Fatalf("%d frames, want %d", len(all), len(vt.samples))
	}
	checkMonotonic(t, all)
	for _, f := range all {
		if f.sum != ref[f.pts] {
			t.Fatalf("frame at %v differs", f.pts)
		}
	}
}

func TestVideoResetForSeek(t *testing.T) {
	vt, _ := demux(t, makeClip(t, clip{W: 176, H: 144, FPS: 25, Seconds: 2, GOP: 10}))
	ref := refByPTS(t, vt)
	v, err := NewVideo(vt.cfg, VideoOptions{Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	for _, s := range vt.samples[:15] { // mid-GOP, frames still inside the decoder
		if err := v.Send(s); err != nil {
			t.Fatal(err)
		}
	}
	if err := v.Reset(); err != nil {
		t.Fatal(err)
	}
	if f, err := v.Receive(); err != ErrNeedInput {
		t.Fatalf("receive after reset: %v %v, want nothing", f, err)
	}
	// A non-keyframe right after the reset is skipped, not fed to the decoder.
	if err := v.Send(vt.samples[31]); err != nil {
		t.Fatal(err)
	}
	frames := decodeTrack(t, v, vt.samples[40:])
	if len(frames) != len(vt.samples)-40 {
		t.Fatalf("%d frames after seek, want %d", len(frames), len(vt.samples)-40)
	}
	for _, f := range frames {
		if f.sum != ref[f.pts] {
			t.Fatalf("frame at %v differs", f.pts)
		}
	}
	if st := v.Stats(); st.Skipped != 1 {
		t.Fatalf("skipped %d samples, want 1", st.Skipped)
	}
}

func TestVideoSendWithoutReceiving(t *testing.T) {
	vt, _ := demux(t, makeClip(t, clip{W: 176, H: 144, FPS: 25, Seconds: 2, GOP: 25}))
	for _, threads := range []int{1, 2} {
		v, err := NewVideo(vt.cfg, VideoOptions{Threads: threads})
		if err != nil {
			t.Fatal(err)
		}
		defer v.Close()
		for _, s := range vt.samples {
			if err := v.Send(s); err != nil {
				t.Fatal(err)
			}
		}
		if err := v.Flush(); err != nil {
			t.Fatal(err)
		}
		n := 0
		for {
			f, err := v.Receive()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			n++
			v.Release(f)
		}
		if n != len(vt.samples) {
			t.Fatalf("%d threads: %d frames, want %d", threads, n, len(vt.samples))
		}
	}
}

func TestVideoReconfigureRejectsBadConfig(t *testing.T) {
	vt, _ := demux(t, makeClip(t, clip{W: 176, H: 144, FPS: 25, Seconds: 1, GOP: 25}))
	v, err := NewVideo(vt.cfg, VideoOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	bad := vt.cfg
	bad.Extradata = []byte{0, 0, 0, 1, 0x67}
	if err := v.Reconfigure(bad); !errors.Is(err, ErrBadExtradata) {
		t.Fatalf("reconfigure with Annex-B extradata: %v, want ErrBadExtradata", err)
	}
	if frames := decodeTrack(t, v, vt.samples); len(frames) != len(vt.samples) {
		t.Fatalf("old decoder gave %d frames, want %d", len(frames), len(vt.samples))
	}
}

// TestVideoReleaseFromSink hands frames to another goroutine, as the player does
// with its render queue, which releases them while decoding goes on (run it with
// -race) and checks their pixels were not overwritten while the sink held them.
func TestVideoReleaseFromSink(t *testing.T) {
	vt, _ := demux(t, makeClip(t, clip{W: 176, H: 144, FPS: 25, Seconds: 2, GOP: 25}))
	ref := refByPTS(t, vt)
	v, err := NewVideo(vt.cfg, VideoOptions{Threads: 2, PoolSize: 4})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	queue := make(chan *media.VideoFrame, 8)
	bad := make(chan time.Duration, 1)
	done := make(chan int)
	go func() {
		n := 0
		for f := range queue {
			time.Sleep(200 * time.Microsecond) // a sink presenting the frame
			if frameSum(f) != ref[f.PTS] {
				select {
				case bad <- f.PTS:
				default:
				}
			}
			v.Release(f)
			n++
		}
		done <- n
	}()
	send := func() {
		for {
			f, err := v.Receive()
			if errors.Is(err, ErrNeedInput) || err == io.EOF {
				return
			}
			if err != nil {
				t.Error(err)
				return
			}
			queue <- f
		}
	}
	for _, s := range vt.samples {
		if err := v.Send(s); err != nil {
			t.Fatal(err)
		}
		send()
	}
	if err := v.Flush(); err != nil {
		t.Fatal(err)
	}
	send()
	close(queue)
	if n := <-done; n != len(vt.samples) {
		t.Fatalf("sink got %d frames, want %d", n, len(vt.samples))
	}
	select {
	case pts := <-bad:
		t.Fatalf("frame at %v changed while the sink held it", pts)
	default:
	}
}
