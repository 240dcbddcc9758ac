package pack

import (
	"bytes"
	"encoding/binary"
	"fmt"

	"github.com/Eyevinn/mp4ff/aac"
	"github.com/Eyevinn/mp4ff/mp4"
	"github.com/smoothie-player/smoothie/decode/encode"
	"github.com/smoothie-player/smoothie/smooth"
)

// How each audio codec is described: in the file's sample description (moov), and
// in the client manifest's QualityLevel as Smooth Streaming content carries it.
//
//   - AAC-LC: FourCC AACL, AudioTag 255, CodecPrivateData the AudioSpecificConfig.
//   - E-AC-3 and AC-3: FourCC EC-3 / AC-3, AudioTag 65534 (WAVE_FORMAT_EXTENSIBLE),
//     CodecPrivateData the 22 bytes a WAVEFORMATEXTENSIBLE adds to a WAVEFORMATEX
//     (samples per block, channel mask, the IEC 61937 sub-format GUID) followed by
//     the dec3 / dac3 payload, as real manifests carry them.
//   - WMA 2: FourCC WMA2, AudioTag 353, CodecPrivateData the whole WAVEFORMATEX
//     with the encoder's flags after it, PacketSize its block size (old
//     Silverlight content).

// Sub-format GUIDs of WAVEFORMATEXTENSIBLE (IEC 61937 Dolby Digital Plus, and
// Dolby AC-3 over S/PDIF), in their byte order in the structure.
var (
	guidEAC3 = [16]byte{0xAF, 0x87, 0xFB, 0xA7, 0x02, 0x2D, 0xFB, 0x42, 0xA4, 0xD4, 0x05, 0xCD, 0x93, 0x84, 0x3B, 0xDD}
	guidAC3  = [16]byte{0x92, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71}
)

// Dolby stream parameters of what the encoders write: 48 kHz (fscod 0), stereo
// (acmod 2, no LFE), bsid 8 for AC-3 and 16 for E-AC-3, 1536 samples per frame.
const (
	dolbyBSIDAC3     = 8
	dolbyBSIDEAC3    = 16
	dolbyACModStereo = 2
	dolbyFrameSize   = 1536
	channelMaskFLFR  = 0x3
)

// dac3 is the AC-3 specific box of a 48 kHz stereo stream at bitrate.
func dac3(bitrate int64) (*mp4.Dac3Box, error) {
	for i, k := range mp4.AC3BitrateCodesKbps {
		if int64(k)*1000 == bitrate {
			return &mp4.Dac3Box{FSCod: 0, BSID: dolbyBSIDAC3, ACMod: dolbyACModStereo, BitRateCode: byte(i)}, nil
		}
	}
	return nil, fmt.Errorf("AC-3 bitrate %d: not one of the standard rates", bitrate)
}

// dec3 is the E-AC-3 specific box of a 48 kHz stereo stream at bitrate.
func dec3(bitrate int64) *mp4.Dec3Box {
	return &mp4.Dec3Box{DataRate: uint16(bitrate / 1000),
		EC3Subs: []mp4.EC3Sub{{FSCod: 0, BSID: dolbyBSIDEAC3, ACMod: dolbyACModStereo}}}
}

// boxPayload is a box's bytes without its 8-byte header.
func boxPayload(b mp4.Box) ([]byte, error) {
	var buf bytes.Buffer
	if err := b.Encode(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes()[8:], nil
}

// setAudioDescriptor writes tr's sample description into trak.
func setAudioDescriptor(trak *mp4.TrakBox, tr encode.Track) error {
	switch encode.AudioCodec(tr.Codec) {
	case encode.AudioAAC, "":
		return trak.SetAACDescriptor(aac.AAClc, tr.SampleRate)
	case encode.AudioAC3:
		b, err := dac3(tr.Bitrate)
		if err != nil {
			return err
		}
		return trak.SetAC3Descriptor(b)
	case encode.AudioEAC3:
		return trak.SetEC3Descriptor(dec3(tr.Bitrate))
	case encode.AudioWMA2:
		// As FFmpeg's ismv muxer writes WMA: a "wma " entry holding the WAVEFORMATEX.
		wfx := waveFormatEx(smooth.AudioTagWMA2, tr, tr.AudioConfig)
		trak.Mdia.Minf.Stbl.Stsd.AddChild(mp4.CreateAudioSampleEntryBox("wma ", uint16(tr.Channels), 16, uint16(tr.SampleRate),
			mp4.CreateUnknownBox("wfex", uint64(8+len(wfx)), wfx)))
		return nil
	}
	return fmt.Errorf("audio codec %q: not supported", tr.Codec)
}

// audioLevel fills l's FourCC, AudioTag, PacketSize and CodecPrivateData for tr.
func audioLevel(l *level, tr encode.Track) error {
	l.SampleRate, l.Channels, l.BitsPerSample = tr.SampleRate, tr.Channels, 16
	l.PacketSize = 4 * tr.Channels / 2
	switch encode.AudioCodec(tr.Codec) {
	case encode.AudioAAC, "":
		l.FourCC, l.AudioTag = "AACL", smooth.AudioTagAAC
		l.CodecPrivateData = tr.AudioConfig
		if len(l.CodecPrivateData) > 2 {
			l.CodecPrivateData = l.CodecPrivateData[:2] // plain AAC-LC: object type, rate, channels
		}
	case encode.AudioAC3:
		b, err := dac3(tr.Bitrate)
		if err != nil {
			return err
		}
		l.FourCC, l.AudioTag = "AC-3", smooth.AudioTagExtensible
		l.CodecPrivateData, err = extensible(guidAC3, b)
		return err
	case encode.AudioEAC3:
		var err error
		l.FourCC, l.AudioTag = "EC-3", smooth.AudioTagExtensible
		l.CodecPrivateData, err = extensible(guidEAC3, dec3(tr.Bitrate))
		return err
	case encode.AudioWMA2:
		l.FourCC, l.AudioTag, l.PacketSize = "WMA2", smooth.AudioTagWMA2, tr.BlockAlign
		l.CodecPrivateData = waveFormatEx(smooth.AudioTagWMA2, tr, tr.AudioConfig)
	default:
		return fmt.Errorf("audio codec %q: not supported", tr.Codec)
	}
	return nil
}

// extensible is the WAVEFORMATEXTENSIBLE tail for a Dolby stream: samples per
// block, channel mask, sub-format, then the specific box's payload.
func extensible(guid [16]byte, box mp4.Box) ([]byte, error) {
	payload, err := boxPayload(box)
	if err != nil {
		return nil, err
	}
	b := binary.LittleEndian.AppendUint16(nil, dolbyFrameSize)
	b = binary.LittleEndian.AppendUint32(b, channelMaskFLFR)
	b = append(b, guid[:]...)
	return append(b, payload...), nil
}

// waveFormatEx is tr's WAVEFORMATEX with extra after it.
func waveFormatEx(tag int, tr encode.Track, extra []byte) []byte {
	b := binary.LittleEndian.AppendUint16(nil, uint16(tag))
	b = binary.LittleEndian.AppendUint16(b, uint16(tr.Channels))
	b = binary.LittleEndian.AppendUint32(b, uint32(tr.SampleRate))
	b = binary.LittleEndian.AppendUint32(b, uint32(tr.Bitrate/8))
	b = binary.LittleEndian.AppendUint16(b, uint16(tr.BlockAlign))
	b = binary.LittleEndian.AppendUint16(b, 16)
	b = binary.LittleEndian.AppendUint16(b, uint16(len(extra)))
	return append(b, extra...)
}
