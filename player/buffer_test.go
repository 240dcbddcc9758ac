package player

import (
	"context"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/media"
)

func TestSampleBuffer(t *testing.T) {
	b := newSampleBuffer(time.Second)
	ctx := context.Background()
	done := make(chan []uint64)
	go func() {
		var got []uint64
		for {
			s, lvl, eos, err := b.pop(ctx)
			if err != nil || eos {
				done <- got
				return
			}
			got = append(got, s.Time+uint64(lvl)*100)
		}
	}()
	b.push(chunk{level: 0, samples: []media.Sample{{Time: 1}, {Time: 2}}}, 3*time.Second)
	b.push(chunk{level: 1, samples: []media.Sample{{Time: 3}}}, 5*time.Second)
	b.push(chunk{}, 7*time.Second) // a gap: no samples, the end moves
	if end, eos := b.state(); end != 7*time.Second || eos {
		t.Fatalf("state %v %v", end, eos)
	}
	b.finish()
	got := <-done
	if len(got) != 3 || got[0] != 1 || got[1] != 2 || got[2] != 103 {
		t.Fatalf("popped %v", got)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, _, _, err := newSampleBuffer(0).pop(cctx); err == nil {
		t.Fatal("pop on a cancelled context returned")
	}
}
