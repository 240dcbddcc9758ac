package encode

import (
	"errors"
	"fmt"

	"github.com/asticode/go-astiav"
)

// encoder is an FFmpeg encoder and the packet it receives into, shared by the audio
// and video encoders.
type encoder struct {
	cc  *astiav.CodecContext
	pkt *astiav.Packet
}

func newEncoder(c *astiav.Codec) encoder {
	return encoder{cc: astiav.AllocCodecContext(c), pkt: astiav.AllocPacket()}
}

// drain hands take every packet the encoder has ready, until it needs input or has
// flushed; take must not keep the packet's data past the call (the packet is
// reused). what names the encoder in errors ("audio", "video").
func (e *encoder) drain(what string, take func(pkt *astiav.Packet) error) error {
	for {
		err := e.cc.ReceivePacket(e.pkt)
		if errors.Is(err, astiav.ErrEagain) || errors.Is(err, astiav.ErrEof) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s encode: %w", what, err)
		}
		err = take(e.pkt)
		e.pkt.Unref()
		if err != nil {
			return err
		}
	}
}

func (e *encoder) close() {
	if e.cc != nil {
		e.cc.Free()
		e.cc = nil
	}
	if e.pkt != nil {
		e.pkt.Free()
		e.pkt = nil
	}
}
