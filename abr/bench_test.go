package abr

import (
	"testing"
	"time"
)

// BenchmarkSelect measures one decision per policy on a mid-session input
// (20 transfers of history, 6 levels). The budget is 10 µs.
func BenchmarkSelect(b *testing.B) {
	for _, name := range Names() {
		b.Run(name, func(b *testing.B) {
			p, _ := New(name)
			in := baseInput(2e6, 12*time.Second)
			in.Transfers = steadyTransfers(20, 2e6, 600_000)
			for i := range in.Transfers {
				in.Transfers[i].Duration += time.Duration(i%5) * 100 * time.Millisecond
			}
			b.ReportAllocs()
			for b.Loop() {
				p.Select(in)
			}
		})
	}
}
