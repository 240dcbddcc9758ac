// Package decode turns compressed samples into pictures and PCM with FFmpeg, through
// go-astiav v0.16.0 (FFmpeg 5.1). Decoders are set up from a smooth.CodecConfig and fed
// media.Samples directly: there is no FFmpeg demuxer on this path.
//
// Video comes out as I420 (YUV 4:2:0 planar) media.VideoFrames, audio as interleaved
// media.AudioBuffers at the rate, channel count and sample format the caller asks for
// (an FFmpeg aresample/aformat filter graph does the conversion). Both decoders keep
// pools so steady-state decoding does not allocate a buffer per frame, and time every
// frame's decode for the ABR engine's CPU rule.
//
// This package and its subpackages are the only ones that import go-astiav. A decoder
// is not safe for concurrent use, except Release, which a sink may call from any
// goroutine.
package decode
