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
	cc  *astiav.CodecContext
	pkt *astiav.Packet
}

func newAudioEncoder(bitrate int64) (*audioEncoder, error) {
	c := astiav.FindEncoderByName("aac")
	if c == nil {
		return nil, errors.New("audio encoder aac: not in this FFmpeg build")
	}
	e := &audioEncoder{cc: astiav.AllocCodecContext(c), pkt: astiav.AllocPacket()}
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
	for {
		err := e.cc.ReceivePacket(e.pkt)
		if errors.Is(err, astiav.ErrEagain) || errors.Is(err, astiav.ErrEof) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("audio encode: %w", err)
		}
		data := append([]byte(nil), e.pkt.Data()...)
		pts, dur := e.pkt.Pts(), e.pkt.Duration()
		e.pkt.Unref()
		if dur <= 0 {
			dur = aacFrameSize
		}
		if err := emit(data, pts, dur); err != nil {
			return err
		}
	}
}

func (e *audioEncoder) close() {
	if e.cc != nil {
		e.cc.Free()
		e.cc = nil
	}
	if e.pkt != nil {
		e.pkt.Free()
		e.pkt = nil
	}
}
