// Package synth generates the synthetic source of `smoothie pack --synthetic`: a
// moving, noisy test pattern (so that constant-bitrate levels really spend their
// bitrate) with each level's size and bitrate burned in as large text, a frame
// counter and a timecode, and a white flash on the video exactly while a short beep
// sounds on the audio, once per second. Everything is one FFmpeg filter graph for
// the video and one for the audio; the result is an encode.Source.
package synth

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/asticode/go-astiav"
	"github.com/smoothie-player/smoothie/decode/encode"
	"github.com/smoothie-player/smoothie/decode/internal/fgraph"
)

// Config is the synthetic source. Zero fields take the documented defaults.
type Config struct {
	// Duration of the source; required.
	Duration time.Duration
	// FrameRate in frames per second, default 25.
	FrameRate int
	// Font is the TrueType font for the level label, default DejaVu Sans Bold.
	Font string
	// MonoFont is the font for the counter and timecode, default DejaVu Sans Mono.
	MonoFont string
	// Noise is the strength (0–100) of the temporal noise added to every level,
	// default 20; it is what makes each level cost its nominal bitrate.
	Noise int
	// Flash is how long the white flash and the beep last each second, default 80 ms.
	Flash time.Duration
}

// Defaults for Config.
const (
	DefaultFrameRate = 25
	DefaultFont      = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
	DefaultMonoFont  = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
	DefaultNoise     = 20
	DefaultFlash     = 80 * time.Millisecond
)

func (c Config) withDefaults() Config {
	if c.FrameRate <= 0 {
		c.FrameRate = DefaultFrameRate
	}
	if c.Font == "" {
		c.Font = DefaultFont
	}
	if c.MonoFont == "" {
		c.MonoFont = DefaultMonoFont
	}
	if c.Noise <= 0 {
		c.Noise = DefaultNoise
	}
	if c.Flash <= 0 {
		c.Flash = DefaultFlash
	}
	return c
}

// Source is the synthetic encode.Source.
type Source struct {
	cfg    Config
	video  *fgraph.Graph
	audio  *fgraph.Graph
	levels int
}

var _ encode.Source = (*Source)(nil)

// New builds the generator for levels. Close it when done.
func New(cfg Config, levels []encode.Level) (*Source, error) {
	cfg = cfg.withDefaults()
	if cfg.Duration <= 0 {
		return nil, errors.New("synthetic source: duration must be positive")
	}
	if len(levels) == 0 {
		return nil, errors.New("synthetic source: no levels")
	}
	for _, f := range []string{cfg.Font, cfg.MonoFont} {
		if _, err := os.Stat(f); err != nil {
			return nil, fmt.Errorf("synthetic source: font %s: %w (install fonts-dejavu-core)", f, err)
		}
	}
	s := &Source{cfg: cfg, levels: len(levels)}
	outs := make([]fgraph.Output, len(levels))
	for i := range levels {
		outs[i] = fgraph.Output{Name: fmt.Sprintf("v%d", i)}
	}
	vdesc, adesc := Graphs(cfg, levels)
	v, err := fgraph.New(vdesc, nil, outs)
	if err != nil {
		return nil, fmt.Errorf("synthetic source: %w", err)
	}
	s.video = v
	a, err := fgraph.New(adesc, nil, []fgraph.Output{{Name: "a", Audio: true}})
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("synthetic source: %w", err)
	}
	s.audio = a
	return s, nil
}

// Graphs returns the FFmpeg filter graph descriptions of the source: the video
// graph ends in the labels [v0]..[vN-1], one per level, and the audio graph in [a].
// They work as they are with the ffmpeg command's -filter_complex, which is how the
// packager's speed is compared with ffmpeg's.
func Graphs(cfg Config, levels []encode.Level) (video, audio string) {
	cfg = cfg.withDefaults()
	return videoGraph(cfg, levels), audioGraph(cfg)
}

// videoGraph is the filter graph description: one pattern at the largest size,
// flashed, split per level, scaled, noised and labelled.
func videoGraph(cfg Config, levels []encode.Level) string {
	w, h := 0, 0
	for _, l := range levels {
		w, h = max(w, l.Width), max(h, l.Height)
	}
	flash := fmt.Sprintf("%.3f", cfg.Flash.Seconds())
	var b strings.Builder
	fmt.Fprintf(&b, "testsrc2=s=%dx%d:r=%d:d=%.3f,", w, h, cfg.FrameRate, cfg.Duration.Seconds())
	fmt.Fprintf(&b, "drawbox=x=0:y=0:w=iw:h=ih:color=white:t=fill:enable='lt(mod(t\\,1)\\,%s)',", flash)
	fmt.Fprintf(&b, "split=%d", len(levels))
	for i := range levels {
		fmt.Fprintf(&b, "[s%d]", i)
	}
	for i, l := range levels {
		fmt.Fprintf(&b, ";[s%d]scale=%d:%d:flags=bicubic,noise=alls=%d:allf=t,", i, l.Width, l.Height, cfg.Noise)
		fmt.Fprintf(&b, "drawtext=fontfile=%s:text='%s':fontsize=h/7:fontcolor=white:box=1:boxcolor=black@0.6:boxborderw=8:x=(w-tw)/2:y=(h-th)/2,", cfg.Font, label(l))
		fmt.Fprintf(&b, "drawtext=fontfile=%s:text='frame %%{frame_num}':fontsize=h/14:fontcolor=white:box=1:boxcolor=black@0.6:x=8:y=h-2*th-24,", cfg.MonoFont)
		fmt.Fprintf(&b, "drawtext=fontfile=%s:timecode='00\\:00\\:00\\:00':rate=%d:fontsize=h/14:fontcolor=white:box=1:boxcolor=black@0.6:x=8:y=h-th-8,", cfg.MonoFont, cfg.FrameRate)
		fmt.Fprintf(&b, "format=yuv420p[v%d]", i)
	}
	return b.String()
}

// label is the text burned into a level: its size and bitrate.
func label(l encode.Level) string {
	rate := fmt.Sprintf("%d kbps", l.Bitrate/1000)
	if l.Bitrate >= 1_000_000 && l.Bitrate%100_000 == 0 {
		rate = fmt.Sprintf("%.1f Mbps", float64(l.Bitrate)/1e6)
	}
	return fmt.Sprintf("%dx%d  %s", l.Width, l.Height, rate)
}

// audioGraph is a quiet 220 Hz tone with a loud 1 kHz beep during the flash.
func audioGraph(cfg Config) string {
	flash := fmt.Sprintf("%.3f", cfg.Flash.Seconds())
	expr := fmt.Sprintf("if(lt(mod(t\\,1)\\,%s)\\,0.7*sin(2*PI*1000*t)\\,0.05*sin(2*PI*220*t))", flash)
	return fmt.Sprintf("aevalsrc=exprs='%s|%s':s=%d:c=stereo:n=1024:d=%.3f,aformat=sample_fmts=fltp:channel_layouts=stereo",
		expr, expr, encode.AudioSampleRate, cfg.Duration.Seconds()) + "[a]"
}

// FrameRate implements encode.Source.
func (s *Source) FrameRate() astiav.Rational { return astiav.NewRational(s.cfg.FrameRate, 1) }

// Duration implements encode.Source.
func (s *Source) Duration() time.Duration { return s.cfg.Duration }

// HasAudio implements encode.Source.
func (s *Source) HasAudio() bool { return true }

// ReadVideo implements encode.Source.
func (s *Source) ReadVideo(frames []*astiav.Frame) error {
	if len(frames) != s.levels {
		return fmt.Errorf("synthetic source: %d frames for %d levels", len(frames), s.levels)
	}
	for i, f := range frames {
		if err := s.video.Pull(i, f); err != nil {
			if errors.Is(err, astiav.ErrEof) {
				return io.EOF
			}
			return fmt.Errorf("synthetic video: %w", err)
		}
	}
	return nil
}

// ReadAudio implements encode.Source.
func (s *Source) ReadAudio(f *astiav.Frame) error {
	if err := s.audio.Pull(0, f); err != nil {
		if errors.Is(err, astiav.ErrEof) {
			return io.EOF
		}
		return fmt.Errorf("synthetic audio: %w", err)
	}
	return nil
}

// Close implements encode.Source.
func (s *Source) Close() {
	if s.video != nil {
		s.video.Close()
	}
	if s.audio != nil {
		s.audio.Close()
	}
}
