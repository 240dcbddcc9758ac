package pack

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/Eyevinn/mp4ff/mp4"
	"github.com/smoothie-player/smoothie/decode"
	"github.com/smoothie-player/smoothie/decode/encode"
	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/smooth"
)

// decodedTrack is what the player's decoders made of one packed file, read the
// way the player reads it: the level's codec set-up from the .ismc, the samples
// from the file's fragments.
type decodedTrack struct {
	file    string
	kind    media.Kind
	cfg     smooth.CodecConfig
	samples int // samples in the file
	out     int // video frames, or audio sample frames (per channel)
}

// decodePacked decodes every level of a packed presentation with package decode,
// configured from the client manifest only (as `smoothie play` is).
func decodePacked(t *testing.T, dir string, res *Result) []decodedTrack {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, res.Manifest))
	if err != nil {
		t.Fatal(err)
	}
	m, err := smooth.ParseManifestBytes(b, res.Manifest)
	if err != nil {
		t.Fatal(err)
	}
	b, err = os.ReadFile(filepath.Join(dir, res.ServerManifest))
	if err != nil {
		t.Fatal(err)
	}
	sm, err := smooth.ParseServerManifest(bytes.NewReader(b), res.ServerManifest)
	if err != nil {
		t.Fatal(err)
	}
	var out []decodedTrack
	for i := range sm.Tracks {
		tr := &sm.Tracks[i]
		name, _ := tr.Param("trackName")
		var si *smooth.StreamIndex
		var q *smooth.QualityLevel
		for _, s := range m.Streams {
			for _, l := range s.Levels {
				if s.Type == tr.Kind && l.Bitrate == tr.SystemBitrate && s.Name == name {
					si, q = s, l
				}
			}
		}
		if q == nil {
			t.Fatalf("%s: no level of %d bit/s in %s", tr.Src, tr.SystemBitrate, res.Manifest)
		}
		cfg, err := si.CodecConfig(q)
		if err == nil {
			err = decode.Check(cfg)
		}
		if err != nil {
			t.Fatalf("%s: the player cannot use the manifest's level: %v", tr.Src, err)
		}
		d := decodedTrack{file: tr.Src, kind: tr.Kind, cfg: cfg}
		samples := fileSamples(t, filepath.Join(dir, tr.Src))
		d.samples = len(samples)
		if tr.Kind == media.KindVideo {
			d.out = decodeVideo(t, cfg, samples)
		} else {
			d.out = decodeAudio(t, cfg, samples)
		}
		out = append(out, d)
	}
	return out
}

// fileSamples reads every sample of a one-track fragmented file, in decode order.
func fileSamples(t *testing.T, path string) []media.Sample {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := mp4.DecodeFile(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var trex *mp4.TrexBox
	if f.Moov.Mvex != nil {
		trex = f.Moov.Mvex.Trex
	}
	var out []media.Sample
	for _, seg := range f.Segments {
		for _, fr := range seg.Fragments {
			fs, err := fr.GetFullSamples(trex)
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			for _, s := range fs {
				out = append(out, media.Sample{Time: s.DecodeTime, Duration: s.Dur, Timescale: encode.Timescale,
					Keyframe: s.IsSync(), Data: s.Data})
			}
		}
	}
	return out
}

func decodeVideo(t *testing.T, cfg smooth.CodecConfig, samples []media.Sample) int {
	t.Helper()
	v, err := decode.NewVideo(cfg, decode.VideoOptions{Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	n := 0
	drain := func(end error) {
		for {
			f, err := v.Receive()
			if errors.Is(err, end) {
				return
			}
			if err != nil {
				t.Fatalf("%s: %v", cfg.Codec, err)
			}
			if f.Width != cfg.Width || f.Height != cfg.Height {
				t.Fatalf("%s: frame %dx%d, level %dx%d", cfg.Codec, f.Width, f.Height, cfg.Width, cfg.Height)
			}
			n++
			v.Release(f)
		}
	}
	for _, s := range samples {
		if err := v.Send(s); err != nil {
			t.Fatalf("%s: %v", cfg.Codec, err)
		}
		drain(decode.ErrNeedInput)
	}
	if err := v.Flush(); err != nil {
		t.Fatal(err)
	}
	drain(io.EOF)
	return n
}

func decodeAudio(t *testing.T, cfg smooth.CodecConfig, samples []media.Sample) int {
	t.Helper()
	a, err := decode.NewAudio(cfg, decode.AudioOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	n := 0
	drain := func(end error) {
		for {
			b, err := a.Receive()
			if errors.Is(err, end) {
				return
			}
			if err != nil {
				t.Fatalf("%s: %v", cfg.Codec, err)
			}
			n += b.Frames()
			a.Release(b)
		}
	}
	for _, s := range samples {
		if err := a.Send(s); err != nil {
			t.Fatalf("%s: %v", cfg.Codec, err)
		}
		drain(decode.ErrNeedInput)
	}
	if err := a.Flush(); err != nil {
		t.Fatal(err)
	}
	drain(io.EOF)
	return n
}

// TestPackedPlaysBack: what pack writes, the player's half reads: for each codec
// the .ismc's CodecPrivateData configures package decode, which decodes every
// picture of every level and all the sound. (HEVC failed here: the VPS was left
// out of CodecPrivateData.)
func TestPackedPlaysBack(t *testing.T) {
	encode.QuietLogs()
	const d = 2 * time.Second
	for _, tc := range []struct {
		name string
		cfg  Config
	}{
		{"h264", Config{Codec: encode.CodecH264}},
		{"hevc", Config{Codec: encode.CodecHEVC}},
		{"h264 baseline", Config{Profile: "baseline"}},
		{"h264 high 4:2:2", Config{PixFmt: "yuv422p"}},
		{"hevc main10", Config{Codec: encode.CodecHEVC, Profile: "main10"}},
		{"e-ac-3", Config{AudioCodec: encode.AudioEAC3}},
		{"ac-3", Config{AudioCodec: encode.AudioAC3, AudioBitrate: 192_000}},
		{"wma 2", Config{AudioCodec: encode.AudioWMA2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := tc.cfg
			cfg.Levels, cfg.Fragment = testLadder()[:2], time.Second
			dir := filepath.Join(t.TempDir(), "out")
			res, err := Pack(context.Background(), Input{Synthetic: d}, dir, cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			tracks := decodePacked(t, dir, res)
			if len(tracks) != len(cfg.Levels)+1 {
				t.Fatalf("%d tracks decoded, want %d", len(tracks), len(cfg.Levels)+1)
			}
			if a := cfg.AudioCodec; a == encode.AudioAC3 || a == encode.AudioEAC3 {
				checkDolbyHeader(t, filepath.Join(dir, res.Files[len(res.Files)-1]), a, cfg.AudioBitrate)
			}
			for _, tr := range tracks {
				want := tr.samples
				if tr.kind == media.KindAudio {
					want = int(d.Seconds() * float64(tr.cfg.SampleRate))
				}
				t.Logf("%s (%s %s): %d samples, %d decoded, want %d", tr.file, tr.cfg.FourCC, tr.cfg.Codec, tr.samples, tr.out, want)
				if tr.out < want || tr.samples == 0 {
					t.Errorf("%s: decoded %d of %d", tr.file, tr.out, want)
				}
			}
		})
	}
}

// checkDolbyHeader: the first AC-3 / E-AC-3 frame of the file says what the dac3 /
// dec3 box and the manifest's CodecPrivateData say (which pack derives from its
// settings, not from the stream): 48 kHz, stereo, the bsid, the AC-3 bitrate code.
func checkDolbyHeader(t *testing.T, path string, codec encode.AudioCodec, bitrate int64) {
	t.Helper()
	s := fileSamples(t, path)[0].Data
	if len(s) < 7 || s[0] != 0x0B || s[1] != 0x77 {
		t.Fatalf("%s: first sample % x is not a Dolby sync frame", path, s[:min(len(s), 8)])
	}
	var fscod, bsid, acmod, lfe byte
	if codec == encode.AudioAC3 {
		fscod, bsid, acmod = s[4]>>6, s[5]>>3, s[6]>>5
		b, err := dac3(bitrate)
		if err != nil {
			t.Fatal(err)
		}
		if code := (s[4] & 0x3f) >> 1; code != b.BitRateCode {
			t.Errorf("%s: bitrate code %d, dac3 says %d", path, code, b.BitRateCode)
		}
		if b.FSCod != fscod || b.BSID != bsid || b.ACMod != acmod {
			t.Errorf("%s: fscod %d bsid %d acmod %d, dac3 %+v", path, fscod, bsid, acmod, b)
		}
		return
	}
	fscod, acmod, lfe, bsid = s[4]>>6, (s[4]>>1)&7, s[4]&1, s[5]>>3
	sub := dec3(bitrate).EC3Subs[0]
	if sub.FSCod != fscod || sub.BSID != bsid || sub.ACMod != acmod || sub.LFEOn != lfe {
		t.Errorf("%s: fscod %d bsid %d acmod %d lfe %d, dec3 %+v", path, fscod, bsid, acmod, lfe, sub)
	}
}

// TestPackAudioFiles: one audio track per --audio file, each its own StreamIndex
// named by its language (audio_LANG) with its file, each decoded whole by the
// player's decoder; the second file's own language tag is used when none is given,
// and two tracks in one language are refused.
func TestPackAudioFiles(t *testing.T) {
	encode.QuietLogs()
	dir := t.TempDir()
	en, de := filepath.Join(dir, "en.wav"), filepath.Join(dir, "de.m4a")
	for _, c := range [][]string{
		{"-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=2", en},
		{"-f", "lavfi", "-i", "sine=frequency=880:sample_rate=48000:duration=2", "-metadata:s:a", "language=deu", de},
	} {
		if b, err := exec.Command("ffmpeg", append([]string{"-v", "error"}, c...)...).CombinedOutput(); err != nil {
			t.Fatalf("ffmpeg: %v %s", err, b)
		}
	}
	out := filepath.Join(dir, "out")
	cfg := Config{Levels: testLadder()[:1], Fragment: time.Second,
		AudioFiles: []encode.AudioFile{{Path: en, Language: "en"}, {Path: de}}}
	res, err := Pack(context.Background(), Input{Synthetic: 2 * time.Second}, out, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"demo_320x180_300k.ismv", "demo_audio_en_128k.isma", "demo_audio_deu_128k.isma"}
	if strings.Join(res.Files, " ") != strings.Join(want, " ") {
		t.Fatalf("files %v, want %v", res.Files, want)
	}
	ismc, _ := os.ReadFile(filepath.Join(out, res.Manifest))
	for _, s := range []string{`Name="audio_en" Language="en" Url="QualityLevels({bitrate})/Fragments(audio_en={start time})"`,
		`Name="audio_deu" Language="deu"`} {
		if !strings.Contains(string(ismc), s) {
			t.Errorf("no %s in\n%s", s, ismc)
		}
	}
	for _, tr := range decodePacked(t, out, res) {
		if tr.kind == media.KindAudio && tr.out < 2*tr.cfg.SampleRate {
			t.Errorf("%s: %d samples decoded, want 2 s", tr.file, tr.out)
		}
	}
	cfg.AudioFiles[1].Language = "en"
	if _, err := Pack(context.Background(), Input{Synthetic: 2 * time.Second}, filepath.Join(dir, "same"), cfg, nil); err == nil ||
		!strings.Contains(err.Error(), `two in language "en"`) {
		t.Errorf("two English tracks: %v", err)
	}
}
