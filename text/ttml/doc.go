// Package ttml reads and writes TTML documents (TTML1 and the older DFXP
// namespace) as timed cues: text in lines of styled spans (italic, bold,
// underline, colours), a region for placement, and absolute begin and end times.
//
// Smooth Streaming text tracks carry one TTML document per sample, with times
// relative to the fragment start; Options.Offset and Options.Relative turn those
// into presentation times. Write produces the documents a packager puts in such
// fragments, and Join merges a cue that a packager split across two fragments.
//
// It is pure and bounded: bytes in, cues out, no I/O and no rendering; it refuses
// input over 64 MiB, nesting deeper than 64 and more than 100,000 cues. It does not
// implement TTML2 features (ruby, animation, images), fonts, sizes, or the
// smpte/ttml timeBase variants beyond media time.
package ttml
