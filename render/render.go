// Package render holds what the sinks share: the checks every sink runs on a decoded
// frame before touching its planes, and the map from PCM sample positions to media
// time that the audio sinks use to answer Played.
//
// The sinks themselves live in subpackages: render/window (ebiten), render/term
// (terminal video), render/audio (oto) and render/null (headless). This package must
// not import ebiten, oto or anything that needs a display or a sound device.
package render
