// Package encode turns raw frames into the compressed samples a Smooth Streaming
// presentation carries: H.264 (libx264) or HEVC (libx265) video at constant
// bitrate with a keyframe exactly at every fragment boundary, and AAC-LC stereo
// 48 kHz audio. It also opens any input file FFmpeg can read as a Source.
//
// It owns the FFmpeg side of the packager; it writes no files and knows no boxes:
// samples leave it as media.Sample values with length-prefixed NAL units, and the
// codec set-up as parameter sets and an AudioSpecificConfig.
package encode
