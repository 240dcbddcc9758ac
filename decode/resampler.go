package decode

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/asticode/go-astiav"
	"github.com/smoothie-player/smoothie/media"
)

// resampler is an FFmpeg filter graph abuffer → aresample → aformat → abuffersink
// that converts decoded audio to the sink's rate, channel layout and packed format.
type resampler struct {
	graph *astiav.FilterGraph
	src   *astiav.FilterContext
	sink  *astiav.FilterContext
	in    audioShape
	// outTB is the time base of the frames the sink gives out.
	outNum, outDen int
}

// layoutName is an FFmpeg channel layout name for n channels.
func layoutName(n int) string {
	switch n {
	case 1:
		return "mono"
	case 2:
		return "stereo"
	case 6:
		return "5.1"
	case 8:
		return "7.1"
	}
	return strconv.Itoa(n) + "c"
}

// newResampler builds a graph taking frames shaped like f, with timestamps in
// 1/timescale units, and giving out rate Hz, channels, format.
func newResampler(f *astiav.Frame, timescale uint64, rate, channels int, format media.SampleFormat) (*resampler, error) {
	in := shapeOf(f)
	layout := f.ChannelLayout().String()
	if in.mask == 0 || layout == "" {
		layout = layoutName(in.channels)
	}
	r := &resampler{graph: astiav.AllocFilterGraph(), in: in}
	if r.graph == nil {
		return nil, errors.New("decode: allocating filter graph failed")
	}
	fail := func(what string, err error) (*resampler, error) {
		r.free()
		return nil, fmt.Errorf("decode: audio conversion %s %d Hz %s → %s %d Hz %s: %s: %w",
			in.format.Name(), in.rate, layout, format, rate, layoutName(channels), what, err)
	}
	var err error
	r.src, err = r.graph.NewFilterContext(astiav.FindFilterByName("abuffer"), "in", astiav.FilterArgs{
		"sample_rate":    strconv.Itoa(in.rate),
		"sample_fmt":     in.format.Name(),
		"channel_layout": layout,
		"time_base":      "1/" + strconv.FormatUint(timescale, 10),
	})
	if err != nil {
		return fail("abuffer", err)
	}
	if r.sink, err = r.graph.NewFilterContext(astiav.FindFilterByName("abuffersink"), "out", nil); err != nil {
		return fail("abuffersink", err)
	}
	outputs, inputs := astiav.AllocFilterInOut(), astiav.AllocFilterInOut()
	defer outputs.Free()
	defer inputs.Free()
	outputs.SetName("in")
	outputs.SetFilterContext(r.src)
	outputs.SetPadIdx(0)
	outputs.SetNext(nil)
	inputs.SetName("out")
	inputs.SetFilterContext(r.sink)
	inputs.SetPadIdx(0)
	inputs.SetNext(nil)
	spec := fmt.Sprintf("aresample=%d,aformat=sample_fmts=%s:sample_rates=%d:channel_layouts=%s",
		rate, format, rate, layoutName(channels))
	if err := r.graph.Parse(spec, inputs, outputs); err != nil {
		return fail("parsing "+spec, err)
	}
	if err := r.graph.Configure(); err != nil {
		return fail("configuring", err)
	}
	links := r.sink.Inputs()
	if len(links) == 0 {
		return fail("sink", errors.New("no input link"))
	}
	tb := links[0].TimeBase()
	r.outNum, r.outDen = tb.Num(), tb.Den()
	return r, nil
}

// fits reports whether frames shaped like s can go into this graph.
func (r *resampler) fits(s audioShape) bool { return r.in == s }

// push feeds a decoded frame (nil: end of stream).
func (r *resampler) push(f *astiav.Frame) error {
	return r.src.BuffersrcAddFrame(f, astiav.NewBuffersrcFlags(astiav.BuffersrcFlagKeepRef))
}

// pull fills f with converted audio; astiav.ErrEagain when it needs input,
// astiav.ErrEof after the end was pushed and everything given out.
func (r *resampler) pull(f *astiav.Frame) error {
	return r.sink.BuffersinkGetFrame(f, astiav.NewBuffersinkFlags())
}

// free releases the graph and its filters.
func (r *resampler) free() {
	if r.graph != nil {
		r.graph.Free()
		r.graph = nil
	}
}
