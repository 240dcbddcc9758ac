package encode

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/asticode/go-astiav"
	"github.com/smoothie-player/smoothie/decode/internal/fgraph"
)

// ErrNoVideo is returned by OpenFile for an input without a video stream.
var ErrNoVideo = errors.New("no video stream")

// fileSource reads an input file through FFmpeg: demux, decode, convert to a constant
// frame rate, and scale to every level (video); resample to AAC-ready frames (audio).
// Video and audio use separate demuxers over the same file so that each can be read
// at its own pace.
type fileSource struct {
	path     string
	video    *decoderPipe
	audio    *decoderPipe
	fps      astiav.Rational
	duration time.Duration
	levels   int
}

var _ Source = (*fileSource)(nil)

// OpenFile opens path for the ladder levels. Every level must fit inside the input
// picture (the packager does not upscale).
func OpenFile(path string, levels []Level) (Source, error) {
	s := &fileSource{path: path, levels: len(levels)}
	v, err := openDecoderPipe(path, astiav.MediaTypeVideo)
	if err != nil {
		return nil, err
	}
	s.video = v
	st := v.stream
	s.fps = st.AvgFrameRate()
	if s.fps.Num() <= 0 || s.fps.Den() <= 0 {
		s.fps = st.RFrameRate()
	}
	if s.fps.Num() <= 0 || s.fps.Den() <= 0 || s.fps.Float64() > 240 {
		s.fps = astiav.NewRational(25, 1)
	}
	if d := v.fc.Duration(); d > 0 {
		s.duration = time.Duration(d) * time.Microsecond // AV_TIME_BASE units
	}
	w, h := v.dec.Width(), v.dec.Height()
	for i, l := range levels {
		if l.Width > w || l.Height > h {
			s.Close()
			return nil, fmt.Errorf("%s: ladder level %d (%s) is larger than the input picture %dx%d", path, i+1, l, w, h)
		}
	}
	// Both streams are put on one clock whose zero is the first video frame; the
	// audio is then padded or trimmed to start exactly there, so that the streams
	// stay in sync when one starts later in the file (transport streams, edits,
	// containers that shift the video by the audio's priming delay).
	zero := 0.0
	if st := v.stream.StartTime(); st != astiav.NoPtsValue {
		zero = float64(st) * v.stream.TimeBase().Float64()
	} else if st := v.fc.StartTime(); st != astiav.NoPtsValue {
		zero = float64(st) / 1e6 // AV_TIME_BASE units
	}
	if err := s.video.setGraph(videoFileGraph(s.fps, zero, levels), v.videoArgs(), len(levels), false); err != nil {
		s.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	a, err := openDecoderPipe(path, astiav.MediaTypeAudio)
	if err == nil {
		err = a.setGraph(audioFileGraph(zero), a.audioArgs(), 1, true)
		if err != nil {
			a.close()
			s.Close()
			return nil, fmt.Errorf("%s: audio: %w", path, err)
		}
		s.audio = a
	}
	return s, nil
}

func videoFileGraph(fps astiav.Rational, zero float64, levels []Level) string {
	var b strings.Builder
	fmt.Fprintf(&b, "[in]setpts=PTS-(%.6f)/TB,fps=%d/%d:start_time=0,split=%d", zero, fps.Num(), fps.Den(), len(levels))
	for i := range levels {
		fmt.Fprintf(&b, "[s%d]", i)
	}
	for i, l := range levels {
		fmt.Fprintf(&b, ";[s%d]scale=%d:%d:flags=bicubic,setsar=1,format=yuv420p[o%d]", i, l.Width, l.Height, i)
	}
	return b.String()
}

func (s *fileSource) FrameRate() astiav.Rational { return s.fps }
func (s *fileSource) Duration() time.Duration    { return s.duration }
func (s *fileSource) HasAudio() bool             { return s.audio != nil }

func (s *fileSource) ReadVideo(frames []*astiav.Frame) error {
	if len(frames) != s.levels {
		return fmt.Errorf("%s: %d frames for %d levels", s.path, len(frames), s.levels)
	}
	for i, f := range frames {
		if err := s.video.pull(i, f); err != nil {
			return err
		}
	}
	return nil
}

func (s *fileSource) ReadAudio(f *astiav.Frame) error {
	if s.audio == nil {
		return io.EOF
	}
	return s.audio.pull(0, f)
}

func (s *fileSource) Close() {
	if s.video != nil {
		s.video.close()
	}
	if s.audio != nil {
		s.audio.close()
	}
}

// decoderPipe is demuxer → decoder → filter graph for one stream of a file.
type decoderPipe struct {
	path    string
	fc      *astiav.FormatContext
	stream  *astiav.Stream
	dec     *astiav.CodecContext
	graph   *fgraph.Graph
	pkt     *astiav.Packet
	frame   *astiav.Frame
	demuxed bool // demuxer at end, decoder flushed
	flushed bool // end of stream pushed into the graph
}

func openDecoderPipe(path string, kind astiav.MediaType) (*decoderPipe, error) {
	p := &decoderPipe{path: path, fc: astiav.AllocFormatContext(), pkt: astiav.AllocPacket(), frame: astiav.AllocFrame()}
	if err := p.fc.OpenInput(path, nil, nil); err != nil {
		p.fc.Free()
		p.fc = nil
		p.close()
		return nil, fmt.Errorf("%s: cannot open: %w", path, err)
	}
	if err := p.fc.FindStreamInfo(nil); err != nil {
		p.close()
		return nil, fmt.Errorf("%s: cannot read stream info: %w", path, err)
	}
	for _, st := range p.fc.Streams() {
		if st.CodecParameters().MediaType() == kind {
			p.stream = st
			break
		}
	}
	if p.stream == nil {
		p.close()
		if kind == astiav.MediaTypeVideo {
			return nil, fmt.Errorf("%s: %w", path, ErrNoVideo)
		}
		return nil, fmt.Errorf("%s: no audio stream", path)
	}
	cp := p.stream.CodecParameters()
	c := astiav.FindDecoder(cp.CodecID())
	if c == nil {
		p.close()
		return nil, fmt.Errorf("%s: no decoder for %s", path, cp.CodecID())
	}
	p.dec = astiav.AllocCodecContext(c)
	if err := cp.ToCodecContext(p.dec); err != nil {
		p.close()
		return nil, fmt.Errorf("%s: decoder set-up: %w", path, err)
	}
	if err := p.dec.Open(c, nil); err != nil {
		p.close()
		return nil, fmt.Errorf("%s: open %s decoder: %w", path, c.Name(), err)
	}
	return p, nil
}

func (p *decoderPipe) videoArgs() astiav.FilterArgs {
	sar := p.dec.SampleAspectRatio()
	if sar.Num() <= 0 || sar.Den() <= 0 {
		sar = astiav.NewRational(1, 1)
	}
	return astiav.FilterArgs{
		"video_size":   fmt.Sprintf("%dx%d", p.dec.Width(), p.dec.Height()),
		"pix_fmt":      strconv.Itoa(int(p.dec.PixelFormat())),
		"time_base":    p.stream.TimeBase().String(),
		"pixel_aspect": sar.String(),
	}
}

func (p *decoderPipe) audioArgs() astiav.FilterArgs {
	layout := strings.TrimRight(p.dec.ChannelLayout().String(), "\x00")
	if layout == "" {
		layout = "stereo"
	}
	return astiav.FilterArgs{
		"time_base":      p.stream.TimeBase().String(),
		"sample_rate":    strconv.Itoa(p.dec.SampleRate()),
		"sample_fmt":     p.dec.SampleFormat().Name(),
		"channel_layout": layout,
	}
}

func (p *decoderPipe) setGraph(desc string, args astiav.FilterArgs, outs int, audio bool) error {
	filter := "buffer"
	if audio {
		filter = "abuffer"
	}
	sinks := make([]fgraph.Output, outs)
	for i := range sinks {
		sinks[i] = fgraph.Output{Name: fmt.Sprintf("o%d", i), Audio: audio}
	}
	g, err := fgraph.New(desc, []fgraph.Input{{Name: "in", Filter: filter, Args: args}}, sinks)
	if err != nil {
		return err
	}
	p.graph = g
	return nil
}

// pull takes the next frame of sink i, feeding the graph from the file as needed.
func (p *decoderPipe) pull(i int, f *astiav.Frame) error {
	for {
		err := p.graph.Pull(i, f)
		switch {
		case err == nil:
			return nil
		case errors.Is(err, astiav.ErrEof):
			return io.EOF
		case !errors.Is(err, astiav.ErrEagain):
			return fmt.Errorf("%s: filter: %w", p.path, err)
		}
		if p.flushed {
			return io.EOF
		}
		if err := p.feed(); err != nil {
			return err
		}
	}
}

// feed decodes the next packet of the stream (or flushes at the end) into the graph.
func (p *decoderPipe) feed() error {
	if !p.demuxed {
		for {
			err := p.fc.ReadFrame(p.pkt)
			if errors.Is(err, astiav.ErrEof) {
				p.demuxed = true
				if err := p.dec.SendPacket(nil); err != nil && !errors.Is(err, astiav.ErrEof) {
					return fmt.Errorf("%s: decoder flush: %w", p.path, err)
				}
				break
			}
			if err != nil {
				return fmt.Errorf("%s: read: %w", p.path, err)
			}
			if p.pkt.StreamIndex() != p.stream.Index() {
				p.pkt.Unref()
				continue
			}
			err = p.dec.SendPacket(p.pkt)
			p.pkt.Unref()
			if err != nil && !errors.Is(err, astiav.ErrEagain) {
				return fmt.Errorf("%s: decode: %w", p.path, err)
			}
			break
		}
	}
	for {
		err := p.dec.ReceiveFrame(p.frame)
		if errors.Is(err, astiav.ErrEagain) {
			return nil
		}
		if errors.Is(err, astiav.ErrEof) {
			p.flushed = true
			return p.graph.Push(0, nil)
		}
		if err != nil {
			return fmt.Errorf("%s: decode: %w", p.path, err)
		}
		if p.frame.Pts() == astiav.NoPtsValue {
			p.frame.SetPts(p.frame.PktDts())
		}
		err = p.graph.Push(0, p.frame)
		p.frame.Unref()
		if err != nil {
			return err
		}
	}
}

func (p *decoderPipe) close() {
	if p.graph != nil {
		p.graph.Close()
	}
	if p.dec != nil {
		p.dec.Free()
	}
	if p.fc != nil {
		p.fc.CloseInput()
		p.fc.Free()
	}
	p.pkt.Free()
	p.frame.Free()
}
