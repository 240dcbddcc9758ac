package decode

import (
	"context"
	"errors"
	"io"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/asticode/go-astiav"
	"github.com/smoothie-player/smoothie/media"
)

// readAll demuxes path with a Demuxer and returns its streams and packets.
func readAll(t *testing.T, path string) ([]DemuxStream, []Packet) {
	t.Helper()
	d, err := OpenDemuxer(context.Background(), path, DemuxOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var pkts []Packet
	for {
		p, err := d.Read(0)
		if err == io.EOF {
			return d.Streams(), pkts
		}
		if err != nil {
			t.Fatal(err)
		}
		pkts = append(pkts, p)
	}
}

// samplesOf turns one stream's packets into samples on its own time base.
func samplesOf(s DemuxStream, pkts []Packet) []media.Sample {
	var out []media.Sample
	for _, p := range pkts {
		if p.Stream != s.Index {
			continue
		}
		t := p.PTS
		if t < 0 {
			t = 0
		}
		out = append(out, media.Sample{Time: uint64(t), Duration: uint32(max(p.Duration, 0)), Timescale: uint64(s.TimeBase[1] / max(s.TimeBase[0], 1)),
			Keyframe: p.Keyframe, Data: p.Data})
	}
	return out
}

// TestDemuxAudioCodecs makes Opus, G.711 µ-law and A-law files with the ffmpeg CLI
// and decodes them through the Demuxer and FFmpeg's decoders: as long as the
// input, as loud as the sine was made.
func TestDemuxAudioCodecs(t *testing.T) {
	requireTools(t)
	for _, tc := range []struct {
		codec       media.Codec
		args        []string
		file        string
		rate, chan_ int
	}{
		{media.CodecOpus, []string{"-c:a", "libopus", "-ar", "48000", "-ac", "2"}, "a.ogg", 48000, 2},
		{media.CodecPCMU, []string{"-c:a", "pcm_mulaw", "-ar", "8000", "-ac", "1"}, "u.wav", 8000, 1},
		{media.CodecPCMA, []string{"-c:a", "pcm_alaw", "-ar", "8000", "-ac", "1"}, "a.wav", 8000, 1},
	} {
		t.Run(string(tc.codec), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), tc.file)
			run(t, "ffmpeg", append(append([]string{"-v", "error", "-f", "lavfi", "-i", "sine=f=440:d=1:sample_rate=48000,volume=0.5"}, tc.args...), path)...)
			streams, pkts := readAll(t, path)
			if len(streams) != 1 || streams[0].Codec != tc.codec || streams[0].Kind != media.KindAudio {
				t.Fatalf("streams %+v, want one %s audio stream", streams, tc.codec)
			}
			cfg := streams[0].Config
			if cfg.SampleRate != tc.rate || cfg.Channels != tc.chan_ {
				t.Fatalf("config %d Hz × %d, want %d × %d", cfg.SampleRate, cfg.Channels, tc.rate, tc.chan_)
			}
			if err := Check(cfg); err != nil {
				t.Fatal(err)
			}
			a, err := NewAudio(cfg, AudioOptions{SampleRate: 48000, Channels: 1})
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			p := decodeAudio(t, a, samplesOf(streams[0], pkts))
			got := float64(len(p.samples)/p.channels) / 48000
			if got < 0.9 || got > 1.1 {
				t.Errorf("decoded %.3f s of a 1 s sine", got)
			}
			// lavfi's sine is 1/8 of full scale, halved: RMS 0.0442; G.711 and Opus
			// keep it within a few %.
			if rms := p.rms(0); rms < 0.040 || rms > 0.048 {
				t.Errorf("RMS %.4f, want about 0.0442", rms)
			}
		})
	}
}

// TestDemuxH264AnnexB demuxes a raw H.264 stream, whose extradata libavformat gives
// as Annex B parameter sets (as it does for RTP's sprop-parameter-sets), and
// decodes every frame with it.
func TestDemuxH264AnnexB(t *testing.T) {
	requireTools(t)
	path := filepath.Join(t.TempDir(), "v.h264")
	run(t, "ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=s=160x90:r=25:d=1", "-c:v", "libx264", "-g", "10", "-bf", "0", path)
	streams, pkts := readAll(t, path)
	if len(streams) != 1 || streams[0].Codec != media.CodecH264 {
		t.Fatalf("streams %+v", streams)
	}
	cfg := streams[0].Config
	if !isAnnexB(cfg.Extradata) {
		t.Fatalf("extradata % x is not Annex B", cfg.Extradata)
	}
	v, err := NewVideo(cfg, VideoOptions{Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	var samples []media.Sample
	for i, p := range pkts {
		samples = append(samples, media.Sample{Time: uint64(i) * 40, Duration: 40, Timescale: 1000, Keyframe: p.Keyframe, Data: p.Data})
	}
	if frames := decodeTrack(t, v, samples); len(frames) != 25 {
		t.Fatalf("%d frames decoded, want 25", len(frames))
	}
}

func TestCheckAnnexB(t *testing.T) {
	sps, pps := []byte{0x67, 0x42, 0xc0, 0x1e}, []byte{0x68, 0xce, 0x3c, 0x80}
	sc := []byte{0, 0, 0, 1}
	cat := func(parts ...[]byte) []byte {
		var b []byte
		for _, p := range parts {
			b = append(b, p...)
		}
		return b
	}
	for _, tc := range []struct {
		name string
		x    []byte
		want string // "" passes, else a part of the error
	}{
		{"sps and pps", cat(sc, sps, sc, pps), ""},
		{"3-byte start codes", cat([]byte{0, 0, 1}, sps, []byte{0, 0, 1}, pps), ""},
		{"no pps", cat(sc, sps), "type 8"},
		{"no sps", cat(sc, pps), "type 7"},
		{"empty unit", cat(sc, sc, sps, sc, pps), "empty"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := Check(media.CodecConfig{Kind: media.KindVideo, Codec: media.CodecH264, Extradata: tc.x})
			switch {
			case tc.want == "" && err != nil:
				t.Fatal(err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want) || !errors.Is(err, ErrBadExtradata)):
				t.Fatalf("error %v, want one with %q", err, tc.want)
			}
		})
	}
}

func TestMissedPackets(t *testing.T) {
	for _, tc := range []struct {
		msg string
		n   int
		ok  bool
	}{
		{"RTP: missed 3 packets", 3, true},
		{"RTP: missed 1 packets\n", 1, true},
		{"missed 12 packets", 12, true},
		{"RTP: dropping old packet received too late", 0, false},
		{"RTP: missed packets", 0, false},
		{"RTP: missed -2 packets", 0, false},
		{"", 0, false},
	} {
		if n, ok := MissedPackets(tc.msg); n != tc.n || ok != tc.ok {
			t.Errorf("MissedPackets(%q) = %d, %v; want %d, %v", tc.msg, n, ok, tc.n, tc.ok)
		}
	}
}

func FuzzMissedPackets(f *testing.F) {
	f.Add("RTP: missed 3 packets")
	f.Add("missed 99999999999999999999 packets")
	f.Fuzz(func(t *testing.T, msg string) {
		if n, ok := MissedPackets(msg); ok && n < 0 {
			t.Fatalf("%q: %d", msg, n)
		}
	})
}

func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		"rtsp://user:pa@ss@cam:554/live": "rtsp://cam:554/live",
		"rtsp://cam/live":                "rtsp://cam/live",
		"rtsps://u:p@cam":                "rtsps://cam",
		"/tmp/file.mp4":                  "/tmp/file.mp4",
	} {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}

// silentServer accepts TCP connections on loopback and never answers.
func silentServer(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			t.Cleanup(func() { c.Close() })
		}
	}()
	return ln.Addr().String()
}

// TestDemuxOpenTimeout: an RTSP server that accepts and never answers is given up
// after OpenTimeout with ErrTimeout, and a cancelled context interrupts the open.
func TestDemuxOpenTimeout(t *testing.T) {
	url := "rtsp://" + silentServer(t) + "/live"
	t0 := time.Now()
	_, err := OpenDemuxer(context.Background(), url, DemuxOptions{Format: "rtsp", OpenTimeout: 700 * time.Millisecond})
	took := time.Since(t0)
	if !errors.Is(err, ErrTimeout) || took < 600*time.Millisecond || took > 3*time.Second {
		t.Fatalf("open: %v after %v, want a timeout after 700 ms", err, took)
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(300*time.Millisecond, cancel)
	t0 = time.Now()
	_, err = OpenDemuxer(ctx, url, DemuxOptions{Format: "rtsp"})
	if took := time.Since(t0); !errors.Is(err, context.Canceled) || took > 3*time.Second {
		t.Fatalf("open: %v after %v, want cancelled after 300 ms", err, took)
	}
}

// TestStartTimeRealtimeLayout: startTimeRealtime reads go-astiav's FormatContext
// through its layout; a file input has no real-time start, and an open input's
// pointer is found (no crash, a plausible zero/unknown answer).
func TestStartTimeRealtimeLayout(t *testing.T) {
	requireTools(t)
	path := filepath.Join(t.TempDir(), "v.h264")
	run(t, "ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=s=64x64:r=25:d=0.2", "-c:v", "libx264", path)
	d, err := OpenDemuxer(context.Background(), path, DemuxOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if at, ok := d.StartRealtime(); ok {
		t.Fatalf("a file has a real-time start %v", at)
	}
}

// TestDemuxHearsItsLoss: libavformat's loss warning logged on a demuxer's context
// is counted by that demuxer only, with the main routing at errors only.
func TestDemuxHearsItsLoss(t *testing.T) {
	requireTools(t)
	path := filepath.Join(t.TempDir(), "v.h264")
	run(t, "ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=s=64x64:r=25:d=0.2", "-c:v", "libx264", path)
	a, err := OpenDemuxer(context.Background(), path, DemuxOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := OpenDemuxer(context.Background(), path, DemuxOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	astiav.Log(a.fc, astiav.LogLevelWarning, "RTP: missed %s packets\n", "4")
	astiav.Log(a.fc, astiav.LogLevelWarning, "RTP: missed %s packets\n", "2")
	if a.Missed() != 6 || b.Missed() != 0 {
		t.Fatalf("missed %d and %d, want 6 and 0", a.Missed(), b.Missed())
	}
}
