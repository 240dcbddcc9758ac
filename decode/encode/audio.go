package encode

import (
	"errors"
	"fmt"

	"github.com/asticode/go-astiav"
	"github.com/smoothie-player/smoothie/decode/internal/fgraph"
)

// Audio output format: stereo, 48 kHz; the sources give 1024-sample frames (AAC's
// frame size), regrouped for encoders with another one (AC-3: 1536, WMA: 2048).
const (
	AudioSampleRate = 48000
	AudioChannels   = 2
	aacFrameSize    = 1024
)

// audioEncoder is one of FFmpeg's native audio encoders (AudioCodecs).
type audioEncoder struct {
	encoder
	codec     AudioCodec
	frameSize int
	bitrate   int64
	regroup   *fgraph.Graph // nil when the encoder takes the sources' frames as they are
	out       *astiav.Frame // a regrouped frame
}

func newAudioEncoder(codec AudioCodec, bitrate int64) (*audioEncoder, error) {
	name := codec.encoder()
	c := astiav.FindEncoderByName(name)
	if c == nil {
		return nil, fmt.Errorf("audio encoder %s: not in this FFmpeg build", name)
	}
	e := &audioEncoder{encoder: newEncoder(c), codec: codec, bitrate: bitrate}
	cc := e.cc
	cc.SetSampleFormat(astiav.SampleFormatFltp)
	cc.SetSampleRate(AudioSampleRate)
	cc.SetChannelLayout(astiav.ChannelLayoutStereo)
	cc.SetBitRate(bitrate)
	cc.SetTimeBase(astiav.NewRational(1, AudioSampleRate))
	cc.SetFlags(cc.Flags().Add(astiav.CodecContextFlagGlobalHeader))
	d := astiav.NewDictionary()
	defer d.Free()
	if codec == AudioAAC {
		if err := d.Set("profile", "aac_low", astiav.NewDictionaryFlags()); err != nil {
			e.close()
			return nil, err
		}
	}
	if err := cc.Open(c, d); err != nil {
		e.close()
		return nil, fmt.Errorf("audio encoder %s at %d bit/s: open: %w", name, bitrate, err)
	}
	switch {
	case codec == AudioAAC && len(cc.ExtraData()) < 2:
		e.close()
		return nil, errors.New("audio encoder aac: no AudioSpecificConfig")
	case codec == AudioWMA2 && len(cc.ExtraData()) == 0:
		e.close()
		return nil, errors.New("audio encoder wmav2: no codec-specific data")
	}
	e.frameSize = cc.FrameSize()
	if e.frameSize <= 0 {
		e.frameSize = aacFrameSize
	}
	if e.frameSize != aacFrameSize {
		desc := fmt.Sprintf("[in]asetnsamples=n=%d:p=0[out]", e.frameSize)
		if codec == AudioWMA2 {
			// FFmpeg's WMA encoder delays its output by a frame but cannot be drained:
			// a frame of silence after the end brings out the last of the sound.
			desc = fmt.Sprintf("[in]apad=pad_len=%d,asetnsamples=n=%d:p=1[out]", e.frameSize, e.frameSize)
		}
		g, err := fgraph.New(desc,
			[]fgraph.Input{{Name: "in", Filter: "abuffer", Args: astiav.FilterArgs{
				"time_base": fmt.Sprintf("1/%d", AudioSampleRate), "sample_rate": fmt.Sprint(AudioSampleRate),
				"sample_fmt": "fltp", "channel_layout": "stereo"}}},
			[]fgraph.Output{{Name: "out", Audio: true}})
		if err != nil {
			e.close()
			return nil, fmt.Errorf("audio encoder %s: regrouping into %d-sample frames: %w", name, e.frameSize, err)
		}
		e.regroup, e.out = g, astiav.AllocFrame()
	}
	return e, nil
}

// config is the codec-specific data of the stream: AAC's AudioSpecificConfig,
// WMA's flags (the bytes after a WAVEFORMATEX), nothing for AC-3 and E-AC-3.
func (e *audioEncoder) config() []byte { return append([]byte(nil), e.cc.ExtraData()...) }

// blockAlign is the size of every packet of a constant-size codec (WMA: the bitrate's
// share of a frame, as FFmpeg's encoder sizes them), 0 for the others.
func (e *audioEncoder) blockAlign() int {
	if e.codec != AudioWMA2 {
		return 0
	}
	return int(e.bitrate * int64(e.frameSize) / (AudioSampleRate * 8))
}

// send encodes f, whose pts counts samples (nil flushes), and hands emit every
// packet then ready. Frames are regrouped to the encoder's frame size first when it
// is not the sources'.
func (e *audioEncoder) send(f *astiav.Frame, emit func(data []byte, pts, dur int64) error) error {
	if e.regroup == nil {
		return e.encode(f, emit)
	}
	if err := e.regroup.Push(0, f); err != nil {
		return fmt.Errorf("audio regroup: %w", err)
	}
	for {
		err := e.regroup.Pull(0, e.out)
		if errors.Is(err, astiav.ErrEagain) {
			return nil
		}
		if errors.Is(err, astiav.ErrEof) {
			return e.encode(nil, emit)
		}
		if err != nil {
			return fmt.Errorf("audio regroup: %w", err)
		}
		err = e.encode(e.out, emit)
		e.out.Unref()
		if err != nil {
			return err
		}
	}
}

// encode sends one frame (nil: the end) to the encoder and emits what is ready.
func (e *audioEncoder) encode(f *astiav.Frame, emit func(data []byte, pts, dur int64) error) error {
	if err := e.cc.SendFrame(f); err != nil {
		return fmt.Errorf("audio encode (%s): %w", e.codec, err)
	}
	return e.receive(emit)
}

// receive emits each ready packet with its pts and duration in samples.
func (e *audioEncoder) receive(emit func(data []byte, pts, dur int64) error) error {
	return e.drain("audio", func(pkt *astiav.Packet) error {
		dur := pkt.Duration()
		if dur <= 0 {
			dur = int64(e.frameSize)
		}
		if n := e.blockAlign(); n > 0 && pkt.Size() != n {
			return fmt.Errorf("audio encode (%s): a %d-byte packet, want the block size %d", e.codec, pkt.Size(), n)
		}
		return emit(append([]byte(nil), pkt.Data()...), pkt.Pts(), dur)
	})
}

func (e *audioEncoder) close() {
	if e.regroup != nil {
		e.regroup.Close()
		e.regroup = nil
	}
	if e.out != nil {
		e.out.Free()
		e.out = nil
	}
	e.encoder.close()
}
