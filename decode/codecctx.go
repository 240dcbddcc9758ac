package decode

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/asticode/go-astiav"
	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/smooth"
)

// inputPadding is FFmpeg's AV_INPUT_BUFFER_PADDING_SIZE: readers may look this far
// past the end of a packet, so every packet buffer carries that many zero bytes.
const inputPadding = 64

// codecCtx owns one opened FFmpeg decoder and the packet it feeds it with.
// Re-creating it (reopen) is how a decoder is flushed, reset or reconfigured.
type codecCtx struct {
	cfg     smooth.CodecConfig
	codec   *astiav.Codec
	threads int
	cc      *astiav.CodecContext
	pkt     *astiav.Packet
	scratch []byte
}

// newCodecCtx validates cfg and opens a decoder of kind for it.
func newCodecCtx(cfg smooth.CodecConfig, kind media.Kind, threads int) (*codecCtx, error) {
	cfg.Kind = kind
	codec, err := findDecoder(cfg, kind)
	if err != nil {
		return nil, err
	}
	if err := checkExtradata(cfg); err != nil {
		return nil, err
	}
	c := &codecCtx{cfg: cfg, codec: codec, threads: threads, pkt: astiav.AllocPacket()}
	if c.pkt == nil {
		return nil, errors.New("decode: allocating packet failed")
	}
	cc, err := openContext(cfg, codec, threads)
	if err != nil {
		c.free()
		return nil, err
	}
	c.cc = cc
	return c, nil
}

// openContext allocates and opens a codec context for cfg.
func openContext(cfg smooth.CodecConfig, codec *astiav.Codec, threads int) (*astiav.CodecContext, error) {
	cc := astiav.AllocCodecContext(codec)
	if cc == nil {
		return nil, fmt.Errorf("decode: %s: allocating codec context failed", cfg.Codec)
	}
	if len(cfg.Extradata) > 0 {
		if err := cc.SetExtraData(cfg.Extradata); err != nil {
			cc.Free()
			return nil, fmt.Errorf("decode: %s: setting extradata: %w", cfg.Codec, err)
		}
	}
	opts := astiav.NewDictionary()
	defer opts.Free()
	switch cfg.Kind {
	case media.KindVideo:
		cc.SetWidth(cfg.Width)
		cc.SetHeight(cfg.Height)
		cc.SetThreadCount(threads)
		cc.SetThreadType(astiav.ThreadTypeFrame | astiav.ThreadTypeSlice)
	case media.KindAudio:
		if cfg.SampleRate > 0 {
			cc.SetSampleRate(cfg.SampleRate)
		}
		if cfg.Channels > 0 {
			cc.SetChannels(cfg.Channels)
		}
		if cfg.BlockAlign > 0 {
			if err := opts.Set("block_align", strconv.Itoa(cfg.BlockAlign), 0); err != nil {
				cc.Free()
				return nil, fmt.Errorf("decode: %s: block_align option: %w", cfg.Codec, err)
			}
		}
	}
	if cfg.Bitrate > 0 {
		cc.SetBitRate(int64(cfg.Bitrate))
	}
	if err := cc.Open(codec, opts); err != nil {
		cc.Free()
		if errors.Is(err, astiav.ErrInvaliddata) && len(cfg.Extradata) > 0 {
			return nil, fmt.Errorf("decode: %s: %w: FFmpeg rejected it: %v", cfg.Codec, ErrBadExtradata, err)
		}
		return nil, fmt.Errorf("decode: %s: opening decoder: %w", cfg.Codec, err)
	}
	return cc, nil
}

// reopen replaces the codec context with a fresh one for cfg, dropping anything
// the old one held. On error the old context stays in place and usable.
func (c *codecCtx) reopen(cfg smooth.CodecConfig) error {
	cfg.Kind = c.cfg.Kind
	codec, err := findDecoder(cfg, cfg.Kind)
	if err != nil {
		return err
	}
	if err := checkExtradata(cfg); err != nil {
		return err
	}
	cc, err := openContext(cfg, codec, c.threads)
	if err != nil {
		return err
	}
	if c.cc != nil {
		c.cc.Free()
	}
	c.cc, c.cfg, c.codec = cc, cfg, codec
	return nil
}

// send feeds one sample. It returns FFmpeg's error as is (astiav.ErrEagain when
// frames must be received first).
func (c *codecCtx) send(s *media.Sample) error {
	if len(s.Data) == 0 {
		return fmt.Errorf("decode: %s: empty sample at %d: %w", c.cfg.Codec, s.Time, ErrCorrupt)
	}
	n := len(s.Data)
	c.scratch = append(c.scratch[:0], s.Data...)
	c.scratch = append(c.scratch, make([]byte, inputPadding)...)
	if err := c.pkt.FromData(c.scratch); err != nil {
		return fmt.Errorf("decode: %s: packet: %w", c.cfg.Codec, err)
	}
	defer c.pkt.Unref()
	c.pkt.SetSize(n)
	c.pkt.SetDts(int64(s.Time))
	c.pkt.SetPts(s.PTS())
	c.pkt.SetDuration(int64(s.Duration))
	if s.Keyframe {
		c.pkt.SetFlags(astiav.NewPacketFlags(astiav.PacketFlagKey))
	} else {
		c.pkt.SetFlags(astiav.NewPacketFlags())
	}
	return c.cc.SendPacket(c.pkt)
}

// sendEOF starts draining: the decoder gives out what it holds, then astiav.ErrEof.
func (c *codecCtx) sendEOF() error { return c.cc.SendPacket(nil) }

// receive fills f with the next decoded frame.
func (c *codecCtx) receive(f *astiav.Frame) error { return c.cc.ReceiveFrame(f) }

// free releases every FFmpeg object c holds.
func (c *codecCtx) free() {
	if c.cc != nil {
		c.cc.Free()
		c.cc = nil
	}
	if c.pkt != nil {
		c.pkt.Free()
		c.pkt = nil
	}
}
