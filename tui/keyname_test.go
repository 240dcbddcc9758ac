package tui

import (
	"context"
	"io"
	"reflect"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/player"
)

// TestWindowKeys: keys pressed in the video window reach Run's panel by name and do
// what the same keys do on the terminal: the ladder cursor, enter to pin, 0 back to
// auto, esc quits.
func TestWindowKeys(t *testing.T) {
	f := &fakeController{st: playingStats()}
	keys := make(chan string, 16)
	opt := testOptions
	opt.Keys = keys
	opt.Interval = 10 * time.Millisecond
	in, inw := io.Pipe() // a terminal nobody types on
	defer inw.Close()
	events := make(chan player.Event)
	done := make(chan error, 1)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	go func() { done <- Run(ctx, f, events, opt, in, io.Discard) }()
	// A second poll is asked for only once the first snapshot is in: the ladder is
	// there for the cursor to move in.
	for f.polled() < 2 && ctx.Err() == nil {
		time.Sleep(5 * time.Millisecond)
	}
	for _, k := range []string{"space", "3", "up", "enter", "0", "m", "F5", "esc"} {
		keys <- k
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
	case <-ctx.Done():
		t.Fatal("esc from the window did not end the panel")
	}
	want := []string{"TogglePause", "SetQuality 3", "SetQuality 4", "SetQuality auto", "SetMuted true"}
	if got := f.Calls(); !reflect.DeepEqual(got, want) {
		t.Errorf("calls\n got %q\nwant %q", got, want)
	}
}
