package decode

import (
	"errors"
	"testing"

	"github.com/smoothie-player/smoothie/media"
)

func TestClosedDecoders(t *testing.T) {
	vt, at := demux(t, makeClip(t, clip{W: 64, H: 64, FPS: 10, Seconds: 1, GOP: 10, Audio: true}))
	v, err := NewVideo(vt.cfg, VideoOptions{})
	if err != nil {
		t.Fatal(err)
	}
	a, err := NewAudio(at.cfg, AudioOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []error{v.Close(), v.Close(), a.Close(), a.Close()} {
		if c != nil {
			t.Fatalf("close: %v", c)
		}
	}
	for name, call := range map[string]func() error{
		"video send":        func() error { return v.Send(media.Sample{Keyframe: true, Data: []byte{1}}) },
		"video receive":     func() error { _, err := v.Receive(); return err },
		"video flush":       v.Flush,
		"video reset":       v.Reset,
		"video reconfigure": func() error { return v.Reconfigure(vt.cfg) },
		"audio send":        func() error { return a.Send(at.samples[0]) },
		"audio receive":     func() error { _, err := a.Receive(); return err },
		"audio flush":       a.Flush,
		"audio reset":       a.Reset,
		"audio reconfigure": func() error { return a.Reconfigure(at.cfg) },
	} {
		if err := call(); !errors.Is(err, ErrClosed) {
			t.Errorf("%s after Close: %v, want ErrClosed", name, err)
		}
	}
	if v.Config().Codec != "" || a.Config().Codec != "" {
		t.Error("Config after Close is not zero")
	}
}
