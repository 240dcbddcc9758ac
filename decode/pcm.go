package decode

import (
	"unsafe"

	"github.com/smoothie-player/smoothie/media"
)

// pcmPool recycles AudioBuffers and their sample slices.
type pcmPool struct {
	free spares[media.AudioBuffer]
}

// get returns a buffer with room for n interleaved samples of format.
func (p *pcmPool) get(format media.SampleFormat, n int) *media.AudioBuffer {
	b := p.free.take()
	if b == nil {
		b = new(media.AudioBuffer)
	}
	f32, s16 := b.F32, b.S16
	*b = media.AudioBuffer{Format: format}
	if format == media.SampleS16 {
		if cap(s16) < n {
			s16 = make([]int16, n)
		}
		b.S16 = s16[:n]
		b.F32 = f32[:0] // keep the other slice for a later format switch
	} else {
		if cap(f32) < n {
			f32 = make([]float32, n)
		}
		b.F32 = f32[:n]
		b.S16 = s16[:0]
	}
	return b
}

// put hands b back for reuse; buffers beyond the pool's size are left to the GC.
func (p *pcmPool) put(b *media.AudioBuffer) {
	if b == nil {
		return
	}
	p.free.keep(b)
}

// sampleBytes views b's samples as bytes, to copy FFmpeg's packed PCM into.
func sampleBytes(b *media.AudioBuffer) []byte {
	if b.Format == media.SampleS16 {
		if len(b.S16) == 0 {
			return nil
		}
		return unsafe.Slice((*byte)(unsafe.Pointer(&b.S16[0])), 2*len(b.S16))
	}
	if len(b.F32) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&b.F32[0])), 4*len(b.F32))
}
