package smooth

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/Eyevinn/mp4ff/aac"
	"github.com/Eyevinn/mp4ff/avc"
	"github.com/Eyevinn/mp4ff/hevc"
	"github.com/smoothie-player/smoothie/media"
)

// ErrCodec is wrapped by every codec set-up error: the level cannot be decoded, but
// the rest of the manifest stays usable.
var ErrCodec = errors.New("unusable level")

// Audio format tags (WAVEFORMATEX wFormatTag) Smooth manifests use in AudioTag.
const (
	AudioTagWMA2   = 0x0161
	AudioTagWMAPro = 0x0162
	AudioTagAC3    = 0x2000
	AudioTagAAC    = 0x00FF
	AudioTagAACLC  = 0x1610
	AudioTagEAC3   = 0x2001 // not registered; some packagers write it
	// AudioTagExtensible is WAVE_FORMAT_EXTENSIBLE: the codec is in the FourCC (and
	// the sub-format GUID in CodecPrivateData), as E-AC-3 content carries it.
	AudioTagExtensible = 0xFFFE
)

// fourCCCodecs maps FourCC spellings (upper-cased) to codecs.
var fourCCCodecs = map[string]Codec{
	"H264": CodecH264, "AVC1": CodecH264, "DAVC": CodecH264, "X264": CodecH264, "AVCB": CodecH264,
	"HVC1": CodecHEVC, "HEV1": CodecHEVC, "HEVC": CodecHEVC,
	"WVC1": CodecVC1,
	"AACL": CodecAAC, "AACH": CodecAAC, "AACP": CodecAAC, "AAC": CodecAAC, "MP4A": CodecAAC,
	"WMAP": CodecWMAPro, "WMAPRO": CodecWMAPro, "WMA2": CodecWMA2,
	"EC-3": CodecEAC3, "EC3": CodecEAC3, "DEC3": CodecEAC3,
	"AC-3": CodecAC3, "AC3": CodecAC3, "DAC3": CodecAC3,
	"TTML": CodecTTML, "DFXP": CodecTTML,
}

// audioTagCodecs maps AudioTag values to codecs, for audio levels without FourCC.
var audioTagCodecs = map[int]Codec{
	AudioTagAAC: CodecAAC, AudioTagAACLC: CodecAAC, AudioTagWMA2: CodecWMA2,
	AudioTagWMAPro: CodecWMAPro, AudioTagAC3: CodecAC3, AudioTagEAC3: CodecEAC3,
}

// Codec returns the level's codec and the FourCC it was derived from. A missing FourCC
// falls back to the StreamIndex FourCC, then for audio to AudioTag (255 is AAC) and
// the legacy Subtype spelling.
func (s *StreamIndex) Codec(q *QualityLevel) (Codec, string, error) {
	for _, f := range []string{q.FourCC, s.FourCC} {
		if f == "" {
			continue
		}
		if c, ok := fourCCCodecs[strings.ToUpper(f)]; ok {
			return c, f, nil
		}
		return "", f, fmt.Errorf("%w: unknown FourCC %q", ErrCodec, f)
	}
	if s.Type == media.KindAudio {
		if c, ok := audioTagCodecs[q.AudioTag]; ok {
			return c, "", nil
		}
		if c, ok := fourCCCodecs[strings.ToUpper(s.Subtype)]; ok {
			return c, s.Subtype, nil
		}
		if q.AudioTag == 0 && (q.WaveFormatEx == "" || len(q.WaveFormatEx) < 4) {
			// No FourCC, no AudioTag: AAC is what every such manifest in practice carries.
			return CodecAAC, "", nil
		}
		return "", "", fmt.Errorf("%w: audio level has no FourCC and AudioTag %d is unknown", ErrCodec, q.AudioTag)
	}
	if c, ok := fourCCCodecs[strings.ToUpper(s.Subtype)]; ok && s.Type == media.KindVideo {
		return c, s.Subtype, nil
	}
	return "", "", fmt.Errorf("%w: %s level has no FourCC", ErrCodec, s.Type)
}

// CodecConfig derives what a decoder needs for level q of stream s. Errors wrap
// ErrCodec and name the problem (unknown FourCC, CodecPrivateData that is not hex, a
// parameter set that does not parse).
func (s *StreamIndex) CodecConfig(q *QualityLevel) (CodecConfig, error) {
	codec, fourcc, err := s.Codec(q)
	if err != nil {
		return CodecConfig{}, err
	}
	cfg := CodecConfig{
		Kind: s.Type, Codec: codec, FourCC: fourcc, Bitrate: q.Bitrate,
		Width: q.MaxWidth, Height: q.MaxHeight, NALLengthSize: q.NALUnitLengthField,
		SampleRate: q.SamplingRate, Channels: q.Channels, BitsPerSample: q.BitsPerSample, BlockAlign: q.PacketSize,
	}
	if cfg.Width == 0 {
		cfg.Width = s.MaxWidth
	}
	if cfg.Height == 0 {
		cfg.Height = s.MaxHeight
	}
	cpd, err := decodeHex(q.CodecPrivateData)
	if err != nil {
		return CodecConfig{}, fmt.Errorf("%w: CodecPrivateData %s", ErrCodec, err)
	}
	if q.WaveFormatEx != "" {
		wfx, err := decodeHex(q.WaveFormatEx)
		if err != nil {
			return CodecConfig{}, fmt.Errorf("%w: WaveFormatEx %s", ErrCodec, err)
		}
		w, err := parseWaveFormatEx(wfx)
		if err != nil {
			return CodecConfig{}, fmt.Errorf("%w: WaveFormatEx: %v", ErrCodec, err)
		}
		w.fill(&cfg)
		if len(cpd) == 0 {
			cpd = w.extra
		}
	}
	switch codec {
	case CodecH264:
		if cfg.NALLengthSize != 1 && cfg.NALLengthSize != 2 && cfg.NALLengthSize != 4 {
			return CodecConfig{}, fmt.Errorf("%w: NALUnitLengthField %d (want 1, 2 or 4)", ErrCodec, cfg.NALLengthSize)
		}
		cfg.Extradata, err = avcConfig(cpd, cfg.NALLengthSize)
	case CodecHEVC:
		cfg.Extradata, err = hevcConfig(cpd, cfg.NALLengthSize)
	case CodecAAC:
		cfg.Extradata, err = aacConfig(cpd, fourcc, cfg.SampleRate, cfg.Channels)
	case CodecWMAPro, CodecWMA2:
		// Some manifests carry the whole WAVEFORMATEX in CodecPrivateData; the decoder
		// wants only the codec-specific bytes after it.
		if w, werr := parseWaveFormatEx(cpd); werr == nil && len(cpd) >= 18 && audioTagCodecs[w.tag] == codec {
			w.fill(&cfg)
			cpd = w.extra
		}
		cfg.Extradata = cpd
	case CodecVC1, CodecEAC3, CodecAC3:
		cfg.Extradata = cpd
	case CodecTTML:
	}
	if err != nil {
		return CodecConfig{}, fmt.Errorf("%w: %v", ErrCodec, err)
	}
	if cfg.Kind == media.KindAudio && cfg.Codec != CodecAAC && (cfg.SampleRate == 0 || cfg.Channels == 0) {
		return CodecConfig{}, fmt.Errorf("%w: %s audio needs SamplingRate and Channels", ErrCodec, cfg.Codec)
	}
	return cfg, nil
}

// MaxCodecData bounds CodecPrivateData and WaveFormatEx: real ones are a few bytes
// (AAC) to a few hundred (H.264/HEVC parameter sets, WAVEFORMATEX with extra data).
const MaxCodecData = 64 << 10

func decodeHex(s string) ([]byte, error) {
	s = strings.Join(strings.Fields(s), "")
	if len(s) > 2*MaxCodecData {
		return nil, fmt.Errorf("%d bytes of codec data, more than %d KiB: not a decoder configuration", len(s)/2, MaxCodecData>>10)
	}
	b, err := hex.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("%q is not valid hex", abbrev(s))
	}
	return b, nil
}

func abbrev(s string) string {
	if len(s) > 24 {
		return s[:24] + "…"
	}
	return s
}

// avcConfig turns Annex-B SPS/PPS (00 00 00 01 start codes) into an avcC record.
func avcConfig(cpd []byte, nalLen int) ([]byte, error) {
	if len(cpd) == 0 {
		return nil, errors.New("H.264 level has no CodecPrivateData (SPS/PPS)")
	}
	var sps, pps [][]byte
	for _, n := range avc.ExtractNalusFromByteStream(cpd) {
		if len(n) == 0 {
			continue
		}
		switch avc.GetNaluType(n[0]) {
		case avc.NALU_SPS:
			sps = append(sps, n)
		case avc.NALU_PPS:
			pps = append(pps, n)
		}
	}
	if len(sps) == 0 || len(pps) == 0 {
		return nil, fmt.Errorf("H.264 CodecPrivateData has %d SPS and %d PPS (want Annex-B SPS and PPS)", len(sps), len(pps))
	}
	rec, err := avc.CreateAVCDecConfRec(sps, pps, true)
	if err != nil {
		return nil, fmt.Errorf("H.264 SPS: %v", err)
	}
	var buf bytes.Buffer
	if err := rec.Encode(&buf); err != nil {
		return nil, fmt.Errorf("H.264 avcC: %v", err)
	}
	b := buf.Bytes()
	// lengthSizeMinusOne lives in the low two bits of byte 4.
	b[4] = 0xFC | byte(nalLen-1)
	return b, nil
}

// hevcConfig turns Annex-B VPS/SPS/PPS into an hvcC record.
func hevcConfig(cpd []byte, nalLen int) ([]byte, error) {
	if len(cpd) == 0 {
		return nil, errors.New("HEVC level has no CodecPrivateData (VPS/SPS/PPS)")
	}
	var vps, sps, pps [][]byte
	for _, n := range avc.ExtractNalusFromByteStream(cpd) {
		if len(n) < 2 {
			continue
		}
		switch hevc.GetNaluType(n[0]) {
		case hevc.NALU_VPS:
			vps = append(vps, n)
		case hevc.NALU_SPS:
			sps = append(sps, n)
		case hevc.NALU_PPS:
			pps = append(pps, n)
		}
	}
	if len(vps) == 0 || len(sps) == 0 || len(pps) == 0 {
		return nil, fmt.Errorf("HEVC CodecPrivateData has %d VPS, %d SPS, %d PPS (want all three, Annex-B)", len(vps), len(sps), len(pps))
	}
	rec, err := hevc.CreateHEVCDecConfRec(vps, sps, pps, true, true, true, true)
	if err != nil {
		return nil, fmt.Errorf("HEVC SPS: %v", err)
	}
	rec.LengthSizeMinusOne = byte(nalLen - 1)
	var buf bytes.Buffer
	if err := rec.Encode(&buf); err != nil {
		return nil, fmt.Errorf("HEVC hvcC: %v", err)
	}
	return buf.Bytes(), nil
}

// aacConfig returns the AudioSpecificConfig: CodecPrivateData when present (checked),
// else one synthesized from SamplingRate and Channels (AAC-LC, or HE-AAC for AACH).
func aacConfig(cpd []byte, fourcc string, rate, channels int) ([]byte, error) {
	if len(cpd) > 0 {
		if _, err := aac.DecodeAudioSpecificConfig(bytes.NewReader(cpd)); err != nil {
			return nil, fmt.Errorf("AAC AudioSpecificConfig %x: %v", cpd, err)
		}
		return cpd, nil
	}
	if rate <= 0 || channels <= 0 || channels > 7 {
		return nil, fmt.Errorf("AAC level has no CodecPrivateData and SamplingRate %d / Channels %d cannot make one", rate, channels)
	}
	asc := aac.AudioSpecificConfig{ObjectType: aac.AAClc, ChannelConfiguration: byte(channels), SamplingFrequency: rate}
	if strings.EqualFold(fourcc, "AACH") && rate >= 16000 {
		asc.ObjectType = aac.HEAACv1
		asc.SamplingFrequency = rate / 2
		asc.ExtensionFrequency = rate
	}
	var buf bytes.Buffer
	if err := asc.Encode(&buf); err != nil {
		return nil, fmt.Errorf("AAC AudioSpecificConfig: %v", err)
	}
	return buf.Bytes(), nil
}

// waveFormatEx is a parsed WAVEFORMATEX.
type waveFormatEx struct {
	tag, channels, rate, blockAlign, bits int
	extra                                 []byte
}

func parseWaveFormatEx(b []byte) (waveFormatEx, error) {
	if len(b) < 18 {
		return waveFormatEx{}, fmt.Errorf("%d bytes, want at least 18", len(b))
	}
	w := waveFormatEx{
		tag:        int(binary.LittleEndian.Uint16(b[0:])),
		channels:   int(binary.LittleEndian.Uint16(b[2:])),
		rate:       int(binary.LittleEndian.Uint32(b[4:])),
		blockAlign: int(binary.LittleEndian.Uint16(b[12:])),
		bits:       int(binary.LittleEndian.Uint16(b[14:])),
	}
	cb := int(binary.LittleEndian.Uint16(b[16:]))
	if 18+cb != len(b) {
		return waveFormatEx{}, fmt.Errorf("cbSize %d does not match %d bytes after the header", cb, len(b)-18)
	}
	w.extra = b[18:]
	return w, nil
}

func (w waveFormatEx) fill(cfg *CodecConfig) {
	if cfg.SampleRate == 0 {
		cfg.SampleRate = w.rate
	}
	if cfg.Channels == 0 {
		cfg.Channels = w.channels
	}
	if cfg.BitsPerSample == 0 {
		cfg.BitsPerSample = w.bits
	}
	if cfg.BlockAlign == 0 {
		cfg.BlockAlign = w.blockAlign
	}
}
