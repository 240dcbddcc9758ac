package null

import (
	"bytes"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/media"
)

type closeBuffer struct {
	bytes.Buffer
	closed int
}

func (c *closeBuffer) Close() error { c.closed++; return nil }

func TestPresentLog(t *testing.T) {
	var out closeBuffer
	v := NewVideo()
	l := NewPresentLog(v, &out)
	before := clockNanos()
	for _, pts := range []time.Duration{40 * time.Millisecond, 1080 * time.Millisecond} {
		f := &media.VideoFrame{Width: 2, Height: 2, YStride: 2, CStride: 1, Y: make([]byte, 4), U: []byte{0}, V: []byte{0}, PTS: pts}
		if err := l.Show(f); err != nil {
			t.Fatal(err)
		}
	}
	after := clockNanos()
	if out.Len() != 0 {
		t.Fatalf("log written before Close: %q", out.String())
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); err != nil || out.closed != 1 {
		t.Fatalf("second Close: %v, out closed %d times", err, out.closed)
	}
	var pts, at, w [2]int64
	if _, err := fmt.Sscanf(out.String(), "%d %d %d\n%d %d %d\n", &pts[0], &at[0], &w[0], &pts[1], &at[1], &w[1]); err != nil || w[0] != 2 || w[1] != 2 {
		t.Fatalf("log %q: %v", out.String(), err)
	}
	if pts != [2]int64{40e6, 1080e6} || at[0] < before || at[1] < at[0] || at[1] > after {
		t.Fatalf("log %q, clock %d..%d", out.String(), before, after)
	}
	if s := v.Stats(); s.Shown != 2 || s.LastPTS != 1080*time.Millisecond {
		t.Fatalf("wrapped sink %+v", s)
	}
	if err := v.Show(&media.VideoFrame{}); !errors.Is(err, ErrClosed) {
		t.Fatalf("wrapped sink not closed: %v", err)
	}
}
