package sim

import (
	"io"

	"github.com/smoothie-player/smoothie/abr/trace"
)

// Trace is a throughput trace; the reader lives in the leaf package abr/trace, which
// the origin's shaper uses too.
type Trace = trace.Trace

// ParseTrace reads one trace (see trace.Parse).
func ParseTrace(r io.Reader, name string) (*Trace, error) { return trace.Parse(r, name) }

// LoadTraces reads every trace file under dir (see trace.LoadDir).
func LoadTraces(dir string) ([]*Trace, error) { return trace.LoadDir(dir) }
