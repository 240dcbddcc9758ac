package null

import (
	"errors"
	"testing"

	"github.com/smoothie-player/smoothie/media"
)

func TestNullVideoCounts(t *testing.T) {
	v := NewVideo()
	f := &media.VideoFrame{Width: 2, Height: 2, YStride: 2, CStride: 1, Y: make([]byte, 4), U: []byte{0}, V: []byte{0}, PTS: 40}
	if err := v.Show(f); err != nil {
		t.Fatal(err)
	}
	if err := v.Show(&media.VideoFrame{Width: 2, Height: 2}); err == nil {
		t.Fatal("frame without planes accepted")
	}
	if s := v.Stats(); s.Shown != 1 || s.Bad != 1 || s.LastPTS != 40 {
		t.Fatalf("stats %+v", s)
	}
	v.Close()
	if err := v.Show(f); !errors.Is(err, ErrClosed) {
		t.Fatalf("Show after Close: %v", err)
	}
}
