package encode

import (
	"fmt"
	"strconv"

	"github.com/asticode/go-astiav"
)

// videoEncoder is one level's libx264/libx265 encoder: constant bitrate, no B-frames,
// a keyframe exactly where the caller asks for one and nowhere else.
type videoEncoder struct {
	encoder
	codec  Codec
	params ParamSets
	conv   *pixConverter // nil when the source's yuv420p is encoded as it is
}

// newVideoEncoder opens an encoder for level l at frame rate fps with keyframes
// every gop frames (the caller still forces each one).
func newVideoEncoder(cfg Config, l Level, fps astiav.Rational, gop int) (*videoEncoder, error) {
	name := "libx264"
	if cfg.Codec == CodecHEVC {
		name = "libx265"
	}
	c := astiav.FindEncoderByName(name)
	if c == nil {
		return nil, fmt.Errorf("video encoder %s: not in this FFmpeg build", name)
	}
	prof, pixFmt, err := cfg.pictureFormat()
	if err != nil {
		return nil, err
	}
	pf := astiav.FindPixelFormatByName(pixFmt)
	if pf == astiav.PixelFormatNone {
		return nil, fmt.Errorf("pixel format %s: not in this FFmpeg build", pixFmt)
	}
	e := &videoEncoder{encoder: newEncoder(c), codec: cfg.Codec}
	if pf != astiav.PixelFormatYuv420P {
		if e.conv, err = newPixConverter(l.Width, l.Height, pf); err != nil {
			e.close()
			return nil, err
		}
	}
	cc := e.cc
	cc.SetWidth(l.Width)
	cc.SetHeight(l.Height)
	cc.SetPixelFormat(pf)
	cc.SetTimeBase(astiav.NewRational(fps.Den(), fps.Num()))
	cc.SetFramerate(fps)
	cc.SetSampleAspectRatio(astiav.NewRational(1, 1))
	cc.SetBitRate(l.Bitrate)
	cc.SetGopSize(gop)
	cc.SetFlags(cc.Flags().Add(astiav.CodecContextFlagGlobalHeader))
	if cfg.Threads > 0 {
		cc.SetThreadCount(cfg.Threads)
	}

	d := astiav.NewDictionary()
	defer d.Free()
	rate := strconv.FormatInt(l.Bitrate, 10)
	g := strconv.Itoa(gop)
	opts := [][2]string{
		{"preset", cfg.Preset},
		{"maxrate", rate},
		{"minrate", rate},
		{"bufsize", rate}, // a one-second VBV buffer
		{"bf", "0"},
		{"g", g},
		{"keyint_min", g},
		{"forced-idr", "1"},
	}
	if prof != "" {
		opts = append(opts, [2]string{"profile", prof})
	}
	kbps := strconv.FormatInt(l.Bitrate/1000, 10)
	if cfg.Codec == CodecHEVC {
		opts = append(opts, [2]string{"x265-params",
			"keyint=" + g + ":min-keyint=" + g + ":scenecut=0:open-gop=0:bframes=0:repeat-headers=1" +
				":vbv-maxrate=" + kbps + ":vbv-bufsize=" + kbps + ":strict-cbr=1:log-level=error"})
	} else {
		opts = append(opts, [2]string{"x264-params",
			"nal-hrd=cbr:force-cfr=1:scenecut=0:open-gop=0:keyint=" + g + ":min-keyint=" + g})
	}
	for _, o := range opts {
		if err := d.Set(o[0], o[1], astiav.NewDictionaryFlags()); err != nil {
			e.close()
			return nil, fmt.Errorf("video encoder option %s: %w", o[0], err)
		}
	}
	if err := cc.Open(c, d); err != nil {
		e.close()
		return nil, fmt.Errorf("video encoder %s %s (profile %q, %s): open: %w", name, l, prof, pixFmt, err)
	}
	p, err := parseParamSets(cfg.Codec, cc.ExtraData())
	if err != nil {
		e.close()
		return nil, fmt.Errorf("video encoder %s %s: %w", name, l, err)
	}
	e.params = p
	return e, nil
}

// send encodes frame f as frame number n; key forces an IDR picture. A nil f flushes.
func (e *videoEncoder) send(f *astiav.Frame, n int64, key bool) error {
	if f != nil && e.conv != nil {
		var err error
		if f, err = e.conv.convert(f); err != nil {
			return err
		}
	}
	if f != nil {
		f.SetPts(n)
		if key {
			f.SetPictureType(astiav.PictureTypeI)
		} else {
			f.SetPictureType(astiav.PictureTypeNone)
		}
	}
	if err := e.cc.SendFrame(f); err != nil {
		return fmt.Errorf("video encode: %w", err)
	}
	return nil
}

// receive hands every packet the encoder has ready to emit, with its frame number,
// as length-prefixed NAL units.
func (e *videoEncoder) receive(emit func(data []byte, n int64, key bool) error) error {
	return e.drain("video", func(pkt *astiav.Packet) error {
		data, err := lengthPrefixed(pkt.Data())
		if err != nil {
			return fmt.Errorf("video encode: %w", err)
		}
		return emit(data, pkt.Pts(), pkt.Flags().Has(astiav.PacketFlagKey))
	})
}

func (e *videoEncoder) close() {
	if e.conv != nil {
		e.conv.free()
		e.conv = nil
	}
	e.encoder.close()
}
