package decode

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/Eyevinn/mp4ff/mp4"
	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/smooth"
)

// clip describes a short test file made with the ffmpeg CLI.
type clip struct {
	W, H     int
	FPS      int
	Seconds  float64
	GOP      int    // keyframe interval in frames
	PixFmt   string // encoder pixel format, default yuv420p
	HEVC     bool   // libx265 instead of libx264
	Audio    bool   // add a 440 Hz sine
	EAC3     bool   // encode the sine as E-AC-3 instead of AAC
	Rate     int    // audio sample rate, default 48000
	Channels int    // audio channels, default 1
}

// track is one demuxed track: its decoder config and samples in decode order.
type track struct {
	cfg     smooth.CodecConfig
	samples []media.Sample
}

// requireTools fails the test when the ffmpeg CLI tools are missing.
func requireTools(t testing.TB) {
	t.Helper()
	for _, tool := range []string{"ffmpeg", "ffprobe"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s not installed (make deps installs it)", tool)
		}
	}
}

// run runs a command and returns its stdout, failing the test with stderr on error.
func run(t testing.TB, name string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(name, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.String())
	}
	return out
}

// makeClip encodes c into a fragmented MP4 under t's temp dir and returns its path.
func makeClip(t testing.TB, c clip) string {
	t.Helper()
	requireTools(t)
	if c.PixFmt == "" {
		c.PixFmt = "yuv420p"
	}
	if c.Rate == 0 {
		c.Rate = 48000
	}
	if c.Channels == 0 {
		c.Channels = 1
	}
	path := filepath.Join(t.TempDir(), fmt.Sprintf("clip_%dx%d.mp4", c.W, c.H))
	dur := strconv.FormatFloat(c.Seconds, 'f', -1, 64)
	args := []string{"-nostdin", "-v", "error", "-y",
		"-f", "lavfi", "-i", fmt.Sprintf("testsrc2=size=%dx%d:rate=%d:duration=%s", c.W, c.H, c.FPS, dur)}
	if c.Audio {
		args = append(args, "-f", "lavfi", "-i", fmt.Sprintf("sine=frequency=440:sample_rate=%d:duration=%s", c.Rate, dur))
	}
	gop := strconv.Itoa(c.GOP)
	if c.HEVC {
		args = append(args, "-c:v", "libx265", "-preset", "veryfast", "-pix_fmt", c.PixFmt, "-tag:v", "hvc1",
			"-x265-params", fmt.Sprintf("keyint=%d:min-keyint=%d:scenecut=0:bframes=2:log-level=error", c.GOP, c.GOP))
	} else {
		args = append(args, "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", c.PixFmt,
			"-g", gop, "-keyint_min", gop, "-sc_threshold", "0", "-bf", "2")
	}
	switch {
	case c.Audio && c.EAC3:
		args = append(args, "-c:a", "eac3", "-b:a", "96k", "-ac", strconv.Itoa(c.Channels))
	case c.Audio:
		args = append(args, "-c:a", "aac", "-b:a", "96k", "-ac", strconv.Itoa(c.Channels))
	}
	movflags := "frag_keyframe+empty_moov"
	if c.EAC3 {
		movflags = "frag_keyframe+delay_moov" // the E-AC-3 sample entry needs a parsed frame
	}
	args = append(args, "-movflags", movflags, "-f", "mp4", path)
	run(t, "ffmpeg", args...)
	return path
}

// demux reads a fragmented MP4 with mp4ff into per-kind tracks, building the decoder
// config from the moov's avcC and esds as the smooth package does from a manifest.
func demux(t testing.TB, path string) (video, audio *track) {
	t.Helper()
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	f, err := mp4.DecodeFile(fh)
	if err != nil {
		t.Fatalf("mp4ff: %s: %v", path, err)
	}
	byID := map[uint32]*track{}
	trexs := map[uint32]*mp4.TrexBox{}
	scales := map[uint32]uint64{}
	for _, trak := range f.Init.Moov.Traks {
		id := trak.Tkhd.TrackID
		scales[id] = uint64(trak.Mdia.Mdhd.Timescale)
		trexs[id], _ = f.Init.Moov.Mvex.GetTrex(id)
		stsd := trak.Mdia.Minf.Stbl.Stsd
		switch {
		case stsd.AvcX != nil:
			var b bytes.Buffer
			if err := stsd.AvcX.AvcC.DecConfRec.Encode(&b); err != nil {
				t.Fatal(err)
			}
			video = &track{cfg: smooth.CodecConfig{Kind: media.KindVideo, Codec: smooth.CodecH264, FourCC: "AVC1",
				Extradata: b.Bytes(), Width: int(stsd.AvcX.Width), Height: int(stsd.AvcX.Height), NALLengthSize: 4}}
			byID[id] = video
		case stsd.HvcX != nil:
			var b bytes.Buffer
			if err := stsd.HvcX.HvcC.DecConfRec.Encode(&b); err != nil {
				t.Fatal(err)
			}
			video = &track{cfg: smooth.CodecConfig{Kind: media.KindVideo, Codec: smooth.CodecHEVC, FourCC: "HVC1",
				Extradata: b.Bytes(), Width: int(stsd.HvcX.Width), Height: int(stsd.HvcX.Height), NALLengthSize: 4}}
			byID[id] = video
		case stsd.EC3 != nil:
			// FFmpeg's E-AC-3 decoder reads everything from the frames themselves.
			audio = &track{cfg: smooth.CodecConfig{Kind: media.KindAudio, Codec: smooth.CodecEAC3, FourCC: "EC-3",
				SampleRate: int(stsd.EC3.SampleRate), Channels: int(stsd.EC3.ChannelCount)}}
			byID[id] = audio
		case stsd.Mp4a != nil:
			asc := stsd.Mp4a.Esds.DecConfigDescriptor.DecSpecificInfo.DecConfig
			audio = &track{cfg: smooth.CodecConfig{Kind: media.KindAudio, Codec: smooth.CodecAAC, FourCC: "AACL",
				Extradata: asc, SampleRate: int(stsd.Mp4a.SampleRate), Channels: int(stsd.Mp4a.ChannelCount)}}
			byID[id] = audio
		}
	}
	for _, seg := range f.Segments {
		for _, frag := range seg.Fragments {
			for _, traf := range frag.Moof.Trafs {
				id := traf.Tfhd.TrackID
				tr := byID[id]
				if tr == nil {
					continue
				}
				fss, err := frag.GetFullSamples(trexs[id])
				if err != nil {
					t.Fatal(err)
				}
				for _, s := range fss {
					tr.samples = append(tr.samples, media.Sample{
						Time: s.DecodeTime, Duration: s.Dur, CompositionOffset: s.CompositionTimeOffset,
						Timescale: scales[id], Keyframe: s.IsSync(), Data: s.Data,
					})
				}
			}
		}
	}
	if audio != nil {
		// ffmpeg's fragmenter puts the first audio frame alone in the first fragment,
		// stretched to the second fragment's start (200 ms here); a Smooth stream has
		// no such hole: give every frame the codec's frame duration.
		dur := audio.samples[len(audio.samples)/2].Duration
		for i := range audio.samples {
			audio.samples[i].Duration = dur
			audio.samples[i].Time = audio.samples[0].Time + uint64(i)*uint64(dur)
		}
	}
	return video, audio
}

// refRaw decodes path's video with the ffmpeg CLI to raw I420 frames, in
// presentation order.
func refRaw(t testing.TB, path string, w, h int) [][]byte {
	t.Helper()
	raw := run(t, "ffmpeg", "-nostdin", "-v", "error", "-i", path, "-map", "0:v:0",
		"-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "yuv420p", "-")
	ySize, cSize := i420Size(w, h)
	size := ySize + 2*cSize
	if len(raw)%size != 0 {
		t.Fatalf("ffmpeg rawvideo: %d bytes is not a multiple of the %d-byte frame", len(raw), size)
	}
	var frames [][]byte
	for off := 0; off < len(raw); off += size {
		frames = append(frames, raw[off:off+size])
	}
	return frames
}

// refFrames is refRaw's frames as SHA-256 sums.
func refFrames(t testing.TB, path string, w, h int) [][32]byte {
	t.Helper()
	var sums [][32]byte
	for _, f := range refRaw(t, path, w, h) {
		sums = append(sums, sha256.Sum256(f))
	}
	return sums
}

// psnr is the peak signal-to-noise ratio in dB of two 8-bit images (+Inf if equal).
func psnr(a, b []byte) float64 {
	var se float64
	for i := range a {
		d := float64(a[i]) - float64(b[i])
		se += d * d
	}
	if se == 0 {
		return math.Inf(1)
	}
	return 10 * math.Log10(255*255/(se/float64(len(a))))
}

// probeFrames returns ffprobe's count of decoded video frames in path.
func probeFrames(t testing.TB, path string) int {
	t.Helper()
	out := run(t, "ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
		"-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", path)
	n, err := strconv.Atoi(strings.TrimSpace(string(out)))
	if err != nil {
		t.Fatalf("ffprobe frame count %q: %v", out, err)
	}
	return n
}

// frameSum hashes a VideoFrame's planes the way refFrames hashes ffmpeg's output.
func frameSum(f *media.VideoFrame) [32]byte {
	h := sha256.New()
	h.Write(f.Y)
	h.Write(f.U)
	h.Write(f.V)
	var s [32]byte
	copy(s[:], h.Sum(nil))
	return s
}
