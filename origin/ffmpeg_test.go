package origin

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/smooth"
)

// TestServeFFmpegISMV serves a multi-track .ismv written by FFmpeg's ismv muxer (an
// independent producer; `make deps` installs ffmpeg): the manifest is built from the
// file, and every fragment of both tracks comes back with the right track and time.
func TestServeFFmpegISMV(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command("ffmpeg", "-hide_banner", "-loglevel", "error",
		"-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25", "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000",
		"-t", "6", "-c:v", "libx264", "-g", "50", "-keyint_min", "50", "-sc_threshold", "0", "-b:v", "300k",
		"-c:a", "aac", "-b:a", "64k", "-f", "ismv", filepath.Join(dir, "ff.ismv"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg (installed by make deps): %v\n%s", err, out)
	}
	ism := &smooth.ServerManifest{Tracks: []smooth.ServerTrack{
		{Kind: media.KindVideo, Src: "ff.ismv", SystemBitrate: 300000, Params: []smooth.Attribute{{Name: "trackID", Value: "1"}}},
		{Kind: media.KindAudio, Src: "ff.ismv", SystemBitrate: 64000, Params: []smooth.Attribute{{Name: "trackID", Value: "2"}}},
	}}
	if err := os.WriteFile(filepath.Join(dir, "ff.ism"), ism.Marshal(), 0o644); err != nil {
		t.Fatal(err)
	}
	_, hs := startOrigin(t, dir, Config{})
	resp, body := get(t, hs.URL+"/ff.ism/Manifest")
	if resp.StatusCode != 200 {
		t.Fatalf("manifest: %s %s", resp.Status, body)
	}
	m, err := smooth.ParseManifestBytes(body, "built")
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Streams) != 2 {
		t.Fatalf("%d streams:\n%s", len(m.Streams), body)
	}
	for _, s := range m.Streams {
		cfg, err := s.CodecConfig(s.Levels[0])
		if err != nil {
			t.Fatalf("%s: %v", s.Name, err)
		}
		if s.Type == media.KindVideo && (cfg.Codec != smooth.CodecH264 || cfg.Width != 320 || cfg.Height != 180) {
			t.Errorf("video config %+v", cfg)
		}
		if s.Timeline.Len() != 3 {
			t.Errorf("%s: %d fragments", s.Name, s.Timeline.Len())
		}
		s.Timeline.Each(func(f smooth.Fragment) bool {
			resp, b := get(t, hs.URL+"/ff.ism/"+s.FragmentURL(s.Levels[0], f.Start))
			if resp.StatusCode != 200 {
				t.Fatalf("%s at %d: %s", s.Name, f.Start, resp.Status)
			}
			fr, err := smooth.ParseFragment(b, smooth.FragmentOptions{Kind: s.Type, Start: f.Start})
			if err != nil {
				t.Fatal(err)
			}
			if fr.TrackID != map[media.Kind]uint32{media.KindVideo: 1, media.KindAudio: 2}[s.Type] {
				t.Errorf("%s at %d: fragment of track %d", s.Name, f.Start, fr.TrackID)
			}
			if s.Type == media.KindVideo && (fr.Time != f.Start || !fr.Samples[0].Keyframe) {
				t.Errorf("video at %d: tfxd %d, keyframe %v", f.Start, fr.Time, fr.Samples[0].Keyframe)
			}
			if s.Type == media.KindVideo {
				// KeyFrames: the same fragment with its sync samples only, same span.
				_, kb := get(t, hs.URL+"/ff.ism/QualityLevels(300000)/KeyFrames(video="+itoa(f.Start)+")")
				kf, err := smooth.ParseFragment(kb, smooth.FragmentOptions{Kind: media.KindVideo})
				if err != nil {
					t.Fatalf("KeyFrames: %v", err)
				}
				var span uint64
				for _, smp := range kf.Samples {
					span += uint64(smp.Duration)
					if !smp.Keyframe {
						t.Errorf("KeyFrames at %d holds a non-sync sample", f.Start)
					}
				}
				if len(kf.Samples) == 0 || len(kf.Samples) >= len(fr.Samples) || span != fr.Duration || kf.Time != fr.Time {
					t.Errorf("KeyFrames at %d: %d of %d samples spanning %d (fragment %d)", f.Start, len(kf.Samples), len(fr.Samples), span, fr.Duration)
				}
			}
			return true
		})
	}
}
