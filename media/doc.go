// Package media is the vocabulary every stage of Smoothie shares: track kinds,
// compressed samples with their times, and (later) decoded frames and clocks.
// It is a leaf package: it imports only the standard library and does no I/O.
package media
