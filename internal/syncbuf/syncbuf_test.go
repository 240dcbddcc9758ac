package syncbuf

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

// TestConcurrentWriters: writes from several goroutines while another reads all
// arrive whole (run under -race, as make test does for this package).
func TestConcurrentWriters(t *testing.T) {
	var b Buffer
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 100 {
				fmt.Fprintf(&b, "g%d-%d\n", g, i)
			}
		})
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range 100 {
			_ = b.Contains("g0-99")
			_ = b.String()
		}
	}()
	wg.Wait()
	<-done
	if n := strings.Count(b.String(), "\n"); n != 400 {
		t.Errorf("%d lines, want 400", n)
	}
	if !b.Contains("g3-99\n") || b.Contains("g4-") {
		t.Errorf("contents wrong: %.80q…", b.String())
	}
}
