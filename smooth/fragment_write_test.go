package smooth

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/smoothie-player/smoothie/media"
)

// TestFragmentRoundTrip: parse a real fragment, marshal it, parse again: the same
// samples, times, keyframes, tfxd and tfrf.
func TestFragmentRoundTrip(t *testing.T) {
	for _, name := range []string{
		"dashjs__mss_moof.mp4",
		"ffmpeg51-generated__live/QualityLevels(64000)_Fragments(audio=100266666).mp4",
		"ffmpeg51-generated__live/QualityLevels(100000)_Fragments(video=120213333).mp4",
	} {
		kind := media.KindVideo
		if bytes.Contains([]byte(name), []byte("audio")) {
			kind = media.KindAudio
		}
		opts := FragmentOptions{Timescale: DefaultTimeScale, Kind: kind}
		a, err := ParseFragment(readFragment(t, name), opts)
		if err != nil {
			t.Fatal(err)
		}
		out, err := a.Marshal(1)
		if err != nil {
			t.Fatal(err)
		}
		b, err := ParseFragment(out, opts)
		if err != nil {
			t.Fatalf("%s: re-parse: %v", name, err)
		}
		a.OffsetFixed, b.OffsetFixed = false, false
		a.TrackID, b.TrackID = 0, 0
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s: round trip differs:\n%+v\n%+v", name, a.Lookahead, b.Lookahead)
		}
	}
}

func TestFragmentMarshalKeyframesOnly(t *testing.T) {
	a, err := ParseFragment(readFragment(t, "dashjs__mss_moof.mp4"), FragmentOptions{Kind: media.KindVideo})
	if err != nil {
		t.Fatal(err)
	}
	k := &MediaFragment{Sequence: a.Sequence, Time: a.Time, Duration: a.Duration}
	for _, s := range a.Samples {
		if s.Keyframe {
			k.Samples = append(k.Samples, s)
		}
	}
	out, err := k.Marshal(7)
	if err != nil {
		t.Fatal(err)
	}
	b, err := ParseFragment(out, FragmentOptions{Kind: media.KindVideo})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Samples) != 2 || b.TrackID != 7 || !b.Samples[0].Keyframe || !b.Samples[1].Keyframe || !bytes.Equal(b.Samples[1].Data, k.Samples[1].Data) {
		t.Errorf("keyframes-only fragment: %d samples, track %d", len(b.Samples), b.TrackID)
	}
}
