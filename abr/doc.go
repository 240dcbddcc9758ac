// Package abr is Smoothie's adaptive-bitrate engine: throughput estimation,
// buffer, CPU and battery rules, the user pin, and decisions with reasons a
// person can read.
//
// A Policy maps an Input (a snapshot the caller assembles: ladder, buffer,
// recent transfers, decode statistics, power state, pin, time) to a Decision.
// Policies are deterministic: the same sequence of inputs gives the same
// sequence of decisions, so the trace-driven simulator (abr/sim) and the live
// player run the same code. The package reads no clock, does no I/O and
// imports nothing outside the standard library; sensors live in abr/sensor.
//
// Levels are 0-based indices into a Ladder sorted by ascending bitrate; people
// see them 1-based (docs/formats.md), which String methods and reasons take care of.
package abr
