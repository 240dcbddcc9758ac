package e2e

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/decode"
	"github.com/smoothie-player/smoothie/drm"
	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/smooth"
)

// BenchmarkPlayDecodeEncrypted: the decode ratio on the encrypted demo — the 720p
// level encrypted with pack's ProtectFile (cenc), our path decrypting each sample
// (drm.Decrypter, as the Smooth source does) and decoding it timing-only against
// `ffmpeg -threads 2 -decryption_key K -i <the encrypted .ismv> -f null -`, alternating
// rounds in the same run. Reports the frame rates and the median ours/ffmpeg ratio.
func BenchmarkPlayDecodeEncrypted(b *testing.B) {
	cfg, _ := topLevelSamples(b)
	k, _ := drm.ParseKey(encKID + ":" + encKey)
	clear, err := os.ReadFile(demoTop)
	if err != nil {
		b.Fatal(err)
	}
	var enc bytes.Buffer
	if err := drm.ProtectFile(clear, &enc, drm.ProtectOptions{Key: k}); err != nil {
		b.Fatal(err)
	}
	encFile := filepath.Join(b.TempDir(), "enc.ismv")
	if err := os.WriteFile(encFile, enc.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	mf, err := smooth.ParseMediaFile(enc.Bytes())
	if err != nil {
		b.Fatal(err)
	}
	var samples []media.Sample
	for _, r := range mf.Fragments {
		f, err := smooth.ParseFragment(enc.Bytes()[r.Offset:r.Offset+r.Size], smooth.FragmentOptions{Timescale: 10_000_000, Kind: media.KindVideo})
		if err != nil {
			b.Fatal(err)
		}
		samples = append(samples, f.Samples...)
	}
	dec, err := drm.NewDecrypter(drm.DecrypterConfig{Scheme: drm.SchemeCENC}, k)
	if err != nil {
		b.Fatal(err)
	}
	run := func() time.Duration {
		fresh := make([]media.Sample, len(samples))
		for i, s := range samples {
			fresh[i] = s
			fresh[i].Data = append([]byte(nil), s.Data...)
		}
		v, err := decode.NewVideo(cfg, decode.VideoOptions{Threads: 2})
		if err != nil {
			b.Fatal(err)
		}
		v.SetTimingOnly(true)
		t0 := time.Now()
		for i := range fresh {
			e := fresh[i].Encryption
			si := drm.SampleInfo{IV: e.IV}
			for _, ss := range e.Subsamples {
				si.Subsamples = append(si.Subsamples, drm.Subsample{Clear: ss.Clear, Protected: ss.Protected})
			}
			if err := dec.DecryptSample(fresh[i].Data, si); err != nil {
				b.Fatal(err)
			}
			fresh[i].Encryption = nil
		}
		n := decodeAll(b, v, fresh)
		took := time.Since(t0)
		v.Close()
		if n != len(samples) {
			b.Fatalf("decoded %d frames of %d samples", n, len(samples))
		}
		return took
	}
	var ours, theirs time.Duration
	var ratios []float64
	frames := 0
	for i := 0; i < b.N; i++ {
		for r := 0; r < 3; r++ {
			took := run()
			ours += took
			frames += len(samples)
			b.StopTimer()
			ff := ffmpegRTime(b, "-threads", "2", "-fflags", "+ignidx", "-decryption_key", encKey, "-i", encFile, "-map", "0:v:0", "-f", "null", "-")
			theirs += ff
			ratios = append(ratios, ff.Seconds()/took.Seconds())
			b.StartTimer()
		}
	}
	b.ReportMetric(float64(frames)/ours.Seconds(), "fps")
	b.ReportMetric(float64(frames)/theirs.Seconds(), "ffmpeg_fps")
	b.ReportMetric(median(ratios), "ratio")
}
