// Package scte35 decodes SCTE 35 splice_info_section messages (digital program
// insertion cues): the section header, the splice command (splice_null,
// splice_insert, time_signal, bandwidth_reservation, private_command) and the
// splice descriptors (avail, DTMF, segmentation, time), with the CRC_32 checked.
//
// Smooth Streaming carries these messages in sparse tracks and, with
// ManifestOutput="true", as base64 inside the manifest's <f> elements; DecodeBase64
// reads that form.
//
// It is pure and bounded: bytes in, values out, no I/O; it never panics on any input
// and does not decrypt encrypted sections (their command and descriptors are left
// undecoded). splice_schedule and audio_descriptor are kept as raw bytes.
package scte35
