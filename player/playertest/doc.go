// Package playertest is a kit for testing player sessions in virtual time, without
// FFmpeg, a window, a sound card or the network:
//
//   - Clock, a virtual player.Clock whose timers fire only when told to;
//   - Run, which runs a test body in a testing/synctest bubble and drives the clock
//     one timer at a time, so a session of several goroutines plays out the same way
//     on every run;
//   - fake decoders (Install) that make frames and PCM from the samples' timestamps;
//   - recording sinks (VideoSink, AudioSink) that show and play on the clock;
//   - an event log (Format, Record) rendering every player.Event as a stable line,
//     and Golden to compare such logs with testdata/*.golden (-update rewrites them).
//
// The kit is for sessions without network: a goroutine blocked on real I/O (a
// socket, a pipe to a process) or on a mutex held outside the bubble is not durably
// blocked in synctest's sense, so Run would wait for it in real time, and a real
// timer (time.Sleep, time.After) inside the bubble runs on synctest's own clock,
// which Run does not advance: every wait must go through the Clock.
//
// Within the bubble:
//
//   - Make what blocks inside Run's body: a channel made outside the bubble does not
//     block durably, so a goroutine waiting on it keeps the bubble from being quiet.
//     player.New makes channels; call it in the body. The kit's sinks and decoders
//     may be made outside (they make their channels where they wait).
//   - Goroutines woken by one timer, or started together, run in parallel: what
//     they do in the same instant is ordered only by their own synchronisation.
//     clk.Sleep(0) in the body waits for everything else to block first.
//   - Body must wait for the goroutines it starts (Session.Run does), and they must
//     not wait on anything once body has returned.
//
// It imports player and media only: not decode/, render/, FFmpeg or net.
package playertest
