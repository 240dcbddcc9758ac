package decode

import (
	"bytes"
	"fmt"

	"github.com/asticode/go-astiav"
	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/smooth"
)

// codecID maps a codec family of smooth to FFmpeg's decoder id and its track kind.
func codecID(c smooth.Codec) (astiav.CodecID, media.Kind, bool) {
	switch c {
	case smooth.CodecH264:
		return astiav.CodecIDH264, media.KindVideo, true
	case smooth.CodecHEVC:
		return astiav.CodecIDHevc, media.KindVideo, true
	case smooth.CodecVC1:
		return astiav.CodecIDVc1, media.KindVideo, true
	case smooth.CodecAAC:
		return astiav.CodecIDAac, media.KindAudio, true
	case smooth.CodecWMAPro:
		return astiav.CodecIDWmapro, media.KindAudio, true
	case smooth.CodecWMA2:
		return astiav.CodecIDWmav2, media.KindAudio, true
	case smooth.CodecEAC3:
		return astiav.CodecIDEac3, media.KindAudio, true
	case smooth.CodecAC3:
		return astiav.CodecIDAc3, media.KindAudio, true
	case media.CodecOpus:
		return astiav.CodecIDOpus, media.KindAudio, true
	case media.CodecPCMU:
		return astiav.CodecIDPcmMulaw, media.KindAudio, true
	case media.CodecPCMA:
		return astiav.CodecIDPcmAlaw, media.KindAudio, true
	}
	return 0, media.KindUnknown, false
}

// findDecoder returns FFmpeg's decoder for cfg, checking it is of the wanted kind.
func findDecoder(cfg smooth.CodecConfig, want media.Kind) (*astiav.Codec, error) {
	id, kind, ok := codecID(cfg.Codec)
	if !ok {
		return nil, fmt.Errorf("decode: %q (fourcc %q): %w", cfg.Codec, cfg.FourCC, ErrUnknownCodec)
	}
	if kind != want {
		return nil, fmt.Errorf("decode: %s decodes %s, not %s: %w", cfg.Codec, kind, want, ErrUnknownCodec)
	}
	c := astiav.FindDecoder(id)
	if c == nil {
		return nil, fmt.Errorf("decode: %s: no decoder in this FFmpeg build: %w", cfg.Codec, ErrUnknownCodec)
	}
	return c, nil
}

// checkExtradata rejects codec private data that cannot be right, before FFmpeg sees it,
// so the error names what is wrong rather than FFmpeg's generic "invalid data".
func checkExtradata(cfg smooth.CodecConfig) error {
	x := cfg.Extradata
	bad := func(format string, a ...any) error {
		return fmt.Errorf("decode: %s: %w: %s", cfg.Codec, ErrBadExtradata, fmt.Sprintf(format, a...))
	}
	switch cfg.Codec {
	case smooth.CodecH264:
		if isAnnexB(x) {
			if err := checkAnnexB(x, 7, 8); err != "" {
				return bad("%s", err)
			}
			break
		}
		if len(x) < 7 {
			return bad("avcC record is %d bytes, want at least 7", len(x))
		}
		if x[0] != 1 {
			return bad("avcC version %d, want 1 (Annex-B parameter sets must be converted to avcC)", x[0])
		}
		if err := checkAvcC(x); err != "" {
			return bad("%s", err)
		}
	case smooth.CodecHEVC:
		if isAnnexB(x) {
			break // VPS, SPS and PPS as an RTSP session's sprop-* give them
		}
		if len(x) < 23 {
			return bad("hvcC record is %d bytes, want at least 23", len(x))
		}
		if x[0] != 1 {
			return bad("hvcC version %d, want 1", x[0])
		}
	case smooth.CodecVC1:
		// Advanced profile: sequence header (start code 00 00 01 0F) and entry point.
		if len(x) < 16 {
			return bad("%d bytes, want a sequence header and entry point (at least 16)", len(x))
		}
		if !bytes.Contains(x, []byte{0, 0, 1, 0x0f}) {
			return bad("no sequence header start code 00 00 01 0F")
		}
	case smooth.CodecAAC:
		if len(x) < 2 {
			return bad("AudioSpecificConfig is %d bytes, want at least 2", len(x))
		}
		if x[0]>>3 == 0 {
			return bad("AudioSpecificConfig object type 0")
		}
	case smooth.CodecWMAPro, smooth.CodecWMA2:
		if len(x) == 0 {
			return bad("no codec private data")
		}
		if cfg.BlockAlign <= 0 || cfg.SampleRate <= 0 || cfg.Channels <= 0 {
			return fmt.Errorf("decode: %s: %w: BlockAlign %d, SampleRate %d, Channels %d: all are needed (the manifest's PacketSize, SamplingRate, Channels)",
				cfg.Codec, ErrBadConfig, cfg.BlockAlign, cfg.SampleRate, cfg.Channels)
		}
	case media.CodecPCMU, media.CodecPCMA:
		if cfg.SampleRate <= 0 || cfg.Channels <= 0 {
			return fmt.Errorf("decode: %s: %w: SampleRate %d, Channels %d: both are needed (G.711 carries no header)",
				cfg.Codec, ErrBadConfig, cfg.SampleRate, cfg.Channels)
		}
	}
	return nil
}

// checkAvcC walks an AVCDecoderConfigurationRecord's parameter set lists and says
// what is wrong with it, or "".
func checkAvcC(x []byte) string {
	off := 5
	for _, ps := range []struct {
		name    string
		mask    byte
		nalType byte
	}{{"SPS", 0x1f, 7}, {"PPS", 0xff, 8}} {
		if off >= len(x) {
			return "avcC ends before its " + ps.name + " count"
		}
		n := int(x[off] & ps.mask)
		off++
		if n == 0 {
			return "avcC has no " + ps.name
		}
		for i := 0; i < n; i++ {
			if off+2 > len(x) {
				return fmt.Sprintf("avcC ends inside %s %d's length", ps.name, i)
			}
			l := int(x[off])<<8 | int(x[off+1])
			off += 2
			if l == 0 || off+l > len(x) {
				return fmt.Sprintf("avcC %s %d is %d bytes, only %d left", ps.name, i, l, len(x)-off)
			}
			if t := x[off] & 0x1f; t != ps.nalType {
				return fmt.Sprintf("avcC %s %d is NAL type %d, want %d", ps.name, i, t, ps.nalType)
			}
			off += l
		}
	}
	return ""
}

// Check reports whether cfg can be decoded by this build, without opening a
// decoder: the codec is known and its extradata well formed. A player uses it to
// leave out levels it could not play. Errors are those of NewVideo and NewAudio.
func Check(cfg smooth.CodecConfig) error {
	_, kind, ok := codecID(cfg.Codec)
	if !ok {
		return fmt.Errorf("decode: %q (fourcc %q): %w", cfg.Codec, cfg.FourCC, ErrUnknownCodec)
	}
	if cfg.Kind != media.KindUnknown {
		kind = cfg.Kind
	}
	if _, err := findDecoder(cfg, kind); err != nil {
		return err
	}
	return checkExtradata(cfg)
}
