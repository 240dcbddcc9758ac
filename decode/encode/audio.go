package encode

import (
	"errors"
	"fmt"

	"github.com/asticode/go-astiav"
)

// Audio output format: AAC-LC, stereo, 48 kHz, 1024 samples per packet.
const (
	AudioSampleRate = 48000
	AudioChannels   = 2
	aacFrameSize    = 1024
)

// audioEncoder is FFmpeg's native AAC-LC encoder.
type audioEncoder struct {
	encoder
}

func newAudioEncoder(bitrate int64) (*audioEncoder, error) {
	c := astiav.FindEncoderByName("aac")
	if c == nil {
		return nil, errors.New("audio encoder aac: not in this FFmpeg build")
	}
	e := &audioEncoder{newEncoder(c)}
	cc := e.cc
	cc.SetSampleFormat(astiav.SampleFormatFltp)
	cc.SetSampleRate(AudioSampleRate)
	cc.SetChannelLayout(astiav.ChannelLayoutStereo)
	cc.SetBitRate(bitrate)
	cc.SetTimeBase(astiav.NewRational(1, AudioSampleRate))
	cc.SetFlags(cc.Flags().Add(astiav.CodecContextFlagGlobalHeader))
	d := astiav.NewDictionary()
	defer d.Free()
	if err := d.Set("profile", "aac_low", astiav.NewDictionaryFlags()); err != nil {
		e.close()
		return nil, err
	}
	if err := cc.Open(c, d); err != nil {
		e.close()
		return nil, fmt.Errorf("audio encoder aac: open: %w", err)
	}
	if len(cc.ExtraData()) < 2 {
		e.close()
		return nil, errors.New("audio encoder aac: no AudioSpecificConfig")
	}
	return e, nil
}

// asc is the AudioSpecificConfig of the stream.
func (e *audioEncoder) asc() []byte { return append([]byte(nil), e.cc.ExtraData()...) }

// send encodes f, whose pts counts samples; nil flushes.
func (e *audioEncoder) send(f *astiav.Frame) error {
	if err := e.cc.SendFrame(f); err != nil {
		return fmt.Errorf("audio encode: %w", err)
	}
	return nil
}

// receive emits each ready packet with its pts and duration in samples.
func (e *audioEncoder) receive(emit func(data []byte, pts, dur int64) error) error {
	return e.drain("audio", func(pkt *astiav.Packet) error {
		dur := pkt.Duration()
		if dur <= 0 {
			dur = aacFrameSize
		}
		return emit(append([]byte(nil), pkt.Data()...), pkt.Pts(), dur)
	})
}
