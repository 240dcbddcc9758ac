package pack

import (
	"path/filepath"
	"testing"

	"github.com/smoothie-player/smoothie/decode/encode"
	"github.com/smoothie-player/smoothie/media"
)

// TestTrackWriterRoundTrip writes an audio track from made-up samples, without
// FFmpeg, and reads it back: fragments, tfxd times, tfra offsets and mfro.
func TestTrackWriterRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.isma")
	w, err := newTrackWriter(path, encode.Track{Kind: media.KindAudio, Codec: "aac", SampleRate: 48000, Channels: 2, Bitrate: 128000})
	if err != nil {
		t.Fatal(err)
	}
	var tm uint64
	for i := 0; i < 30; i++ {
		s := media.Sample{Time: tm, Duration: 213333, Timescale: encode.Timescale, Keyframe: true, Data: make([]byte, 100+i)}
		if err := w.add(s, i%10 == 0); err != nil {
			t.Fatal(err)
		}
		tm += 213333
	}
	if err := w.finish(); err != nil {
		t.Fatal(err)
	}
	frags := readTrack(t, path)
	if len(frags) != 3 {
		t.Fatalf("%d fragments, want 3", len(frags))
	}
	for k, f := range frags {
		if f.Time != uint64(k)*2133330 || f.Duration != 2133330 || f.Samples != 10 || !f.FirstSync {
			t.Errorf("fragment %d: %v samples %d", k, f, f.Samples)
		}
	}
	if frags[1].Offset != frags[0].Offset+frags[0].Size {
		t.Errorf("fragments are not contiguous: %v then %v", frags[0], frags[1])
	}
}

func TestTrackWriterRejectsHeadlessSample(t *testing.T) {
	w, err := newTrackWriter(filepath.Join(t.TempDir(), "a.isma"), encode.Track{Kind: media.KindAudio, SampleRate: 48000, Channels: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer w.abort()
	if err := w.add(media.Sample{Data: []byte{1}}, false); err == nil {
		t.Fatal("a sample that starts no fragment was accepted as the first")
	}
	if err := w.finish(); err == nil {
		t.Fatal("finish without samples succeeded")
	}
}
