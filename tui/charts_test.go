package tui

import (
	"reflect"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

func TestColumns(t *testing.T) {
	for _, c := range []struct {
		s    []float64
		w    int
		last bool
		want []float64
	}{
		{nil, 4, false, []float64{}},
		{[]float64{1, 2, 3}, 4, false, []float64{1, 2, 3}},
		// 5 samples in 2 columns: groups of 3 from the newest, the oldest group short
		{[]float64{1, 2, 3, 4, 5}, 2, false, []float64{1.5, 4}},
		{[]float64{1, 2, 3, 4, 5}, 2, true, []float64{2, 5}},
	} {
		if got := columns(c.s, c.w, c.last); !reflect.DeepEqual(got, c.want) {
			t.Errorf("columns(%v, %d, %v) = %v, want %v", c.s, c.w, c.last, got, c.want)
		}
	}
}

func TestHistoryBounded(t *testing.T) {
	var h samples
	st := playingStats()
	for i := 0; i < maxHistory+50; i++ {
		h.push(st)
	}
	if len(h.tput) != maxHistory || len(h.sel) != maxHistory || len(h.vbuf) != maxHistory || len(h.abuf) != maxHistory {
		t.Errorf("history holds %d samples, want %d", len(h.tput), maxHistory)
	}
	if got := h.span(100); got != maxHistory*time.Second {
		t.Errorf("span at 100 columns %v, want %v", got, maxHistory*time.Second)
	}
}

// BenchmarkSample160x48 is the once-a-second cost: a snapshot that adds a sample
// and redraws the charts from ten minutes of history.
func BenchmarkSample160x48(b *testing.B) {
	var tm tea.Model = New(&fakeController{st: playingStats()}, testOptions)
	tm, _ = tm.Update(tea.WindowSizeMsg{Width: 160, Height: 48})
	st := playingStats()
	for i := 0; i < maxHistory; i++ {
		st.Elapsed = time.Duration(i) * time.Second
		tm, _ = tm.Update(statsMsg(st))
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		st.Elapsed += time.Second
		tm, _ = tm.Update(statsMsg(st))
	}
}
