// Package sensor reads the device signals the ABR engine weighs: system and
// process CPU load (gopsutil) and the battery (distatus/battery, on Linux,
// macOS, Windows and the BSDs). Every reading can fail or be unavailable
// (no battery, a container, an unsupported OS): callers get "unknown", which
// the engine treats as "no constraint", never an error that stops playback.
// Command-line overrides (--battery, --cpu-budget) replace readings for
// testing and for people who want them.
package sensor
