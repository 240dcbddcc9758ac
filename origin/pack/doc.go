// Package pack is the encoder/packager behind `smoothie pack`: it encodes a source
// (an input file or the synthetic test source) into a constant-bitrate video ladder
// and AAC audio through decode/encode, and packages the result as a Smooth
// Streaming VOD presentation: one .ismv per video level and one .isma for audio
// (ftyp + moov, moof with tfxd + mdat per fragment, mfra/tfra/mfro), the client
// manifest (.ismc) and the SMIL server manifest (.ism).
//
// It writes into a temporary directory next to the output and renames it into
// place at the end, so a failed or interrupted run never leaves a half
// presentation. It imports no FFmpeg binding itself; decode does the media work.
package pack
