package tui

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/internal/syncbuf"
	"github.com/smoothie-player/smoothie/player"
)

func TestRun(t *testing.T) {
	f := &fakeController{st: playingStats()}
	events := make(chan player.Event, 4)
	events <- player.ErrorEvent{Msg: "fragment 12 skipped after 3 retries"}
	out := &syncbuf.Buffer{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	pr, pw := io.Pipe()
	defer pw.Close()
	go func() { done <- Run(ctx, f, events, Options{Interval: 20 * time.Millisecond}, pr, out) }()
	deadline := time.Now().Add(5 * time.Second)
	for !out.Contains("fragment 12 skipped") {
		if time.Now().After(deadline) {
			t.Fatal("the error event never reached the screen")
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not end with its context")
	}
}
