// Package fgraph builds FFmpeg filter graphs with any number of buffer sources
// and buffer sinks from one textual description, and pulls frames out of them.
// It is the plumbing shared by the synthetic source and the file source; it knows
// nothing about ladders or encoders.
package fgraph

import (
	"errors"
	"fmt"

	"github.com/asticode/go-astiav"
)

// Input is a buffer source to create and connect to the label Name in the description.
type Input struct {
	Name string
	// Filter is "buffer" (video) or "abuffer" (audio).
	Filter string
	// Args are the buffer source arguments (video_size, pix_fmt, time_base, ...).
	Args astiav.FilterArgs
}

// Output is a buffer sink to create and connect to the label Name in the description.
type Output struct {
	Name string
	// Audio selects "abuffersink" instead of "buffersink".
	Audio bool
}

// Graph is a configured filter graph. It is not safe for concurrent use.
type Graph struct {
	g     *astiav.FilterGraph
	srcs  []*astiav.FilterContext
	sinks []*astiav.FilterContext
}

// New parses desc, whose open labels are named by ins and outs, and configures it.
func New(desc string, ins []Input, outs []Output) (*Graph, error) {
	g := &Graph{g: astiav.AllocFilterGraph()}
	if g.g == nil {
		return nil, errors.New("filter graph: allocation failed")
	}
	if err := g.build(desc, ins, outs); err != nil {
		g.Close()
		return nil, err
	}
	return g, nil
}

func (g *Graph) build(desc string, ins []Input, outs []Output) error {
	// In FFmpeg's parse API, the graph's "outputs" are the open outputs of our
	// sources and its "inputs" are the open inputs of our sinks.
	var srcList, sinkList *astiav.FilterInOut
	defer func() {
		if srcList != nil {
			srcList.Free()
		}
		if sinkList != nil {
			sinkList.Free()
		}
	}()
	for i := len(ins) - 1; i >= 0; i-- {
		in := ins[i]
		f := astiav.FindFilterByName(in.Filter)
		if f == nil {
			return fmt.Errorf("filter graph: no %q filter in this FFmpeg", in.Filter)
		}
		ctx, err := g.g.NewFilterContext(f, in.Name, in.Args)
		if err != nil {
			return fmt.Errorf("filter graph: source %s: %w", in.Name, err)
		}
		g.srcs = append([]*astiav.FilterContext{ctx}, g.srcs...)
		srcList = inOut(in.Name, ctx, srcList)
	}
	for i := len(outs) - 1; i >= 0; i-- {
		out := outs[i]
		name := "buffersink"
		if out.Audio {
			name = "abuffersink"
		}
		ctx, err := g.g.NewFilterContext(astiav.FindFilterByName(name), out.Name, nil)
		if err != nil {
			return fmt.Errorf("filter graph: sink %s: %w", out.Name, err)
		}
		g.sinks = append([]*astiav.FilterContext{ctx}, g.sinks...)
		sinkList = inOut(out.Name, ctx, sinkList)
	}
	if err := g.g.Parse(desc, sinkList, srcList); err != nil {
		return fmt.Errorf("filter graph %q: %w", desc, err)
	}
	if err := g.g.Configure(); err != nil {
		return fmt.Errorf("filter graph: configure: %w", err)
	}
	return nil
}

// Push sends a frame (or nil to signal the end of the stream) into source i.
func (g *Graph) Push(i int, f *astiav.Frame) error {
	flags := astiav.NewBuffersrcFlags(astiav.BuffersrcFlagKeepRef)
	if err := g.srcs[i].BuffersrcAddFrame(f, flags); err != nil {
		return fmt.Errorf("filter graph: push: %w", err)
	}
	return nil
}

// Pull takes the next frame out of sink i into f. It returns astiav.ErrEagain when
// the sink needs more input and astiav.ErrEof at the end.
func (g *Graph) Pull(i int, f *astiav.Frame) error {
	return g.sinks[i].BuffersinkGetFrame(f, astiav.NewBuffersinkFlags())
}

// SinkTimeBase is the time base of the frames coming out of sink i.
func (g *Graph) SinkTimeBase(i int) astiav.Rational {
	return g.sinks[i].Inputs()[0].TimeBase()
}

// Close frees the graph and its filters.
func (g *Graph) Close() {
	if g.g != nil {
		g.g.Free()
		g.g = nil
	}
}

// inOut is a link of the graph parser's list of open pads: pad 0 of ctx, labelled
// name, before next.
func inOut(name string, ctx *astiav.FilterContext, next *astiav.FilterInOut) *astiav.FilterInOut {
	io := astiav.AllocFilterInOut()
	io.SetName(name)
	io.SetFilterContext(ctx)
	io.SetPadIdx(0)
	io.SetNext(next)
	return io
}
