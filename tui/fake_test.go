package tui

import (
	"fmt"
	"sync"
	"time"

	"github.com/smoothie-player/smoothie/abr"
	"github.com/smoothie-player/smoothie/player"
	"github.com/smoothie-player/smoothie/render/term"
)

// fakeController is a Controller that returns a set snapshot and records calls.
type fakeController struct {
	mu    sync.Mutex
	st    player.Stats
	calls []string
	audio []string
	polls int // Stats calls
}

func (f *fakeController) Stats() player.Stats {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.polls++
	return f.st
}

// polled reports how many times Stats was called.
func (f *fakeController) polled() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.polls
}

func (f *fakeController) record(format string, a ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, fmt.Sprintf(format, a...))
}

func (f *fakeController) Calls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.calls...)
}

func (f *fakeController) TogglePause()                { f.record("TogglePause") }
func (f *fakeController) SeekBy(d time.Duration)      { f.record("SeekBy %v", d) }
func (f *fakeController) SetQuality(q player.Quality) { f.record("SetQuality %v", q) }
func (f *fakeController) SetVolume(v float64)         { f.record("SetVolume %.1f", v) }
func (f *fakeController) SetMuted(m bool)             { f.record("SetMuted %v", m) }
func (f *fakeController) AudioTracks() []string       { return f.audio }
func (f *fakeController) SelectAudio(i int)           { f.record("SelectAudio %d", i) }
func (f *fakeController) CycleText()                  { f.record("CycleText") }
func (f *fakeController) NextChapter()                { f.record("NextChapter") }
func (f *fakeController) PrevChapter()                { f.record("PrevChapter") }

// demoLadder is a five-level ladder like the bundled demo's.
var demoLadder = []player.Level{
	{Bitrate: 300_000, Width: 320, Height: 180, Codec: "h264"},
	{Bitrate: 600_000, Width: 480, Height: 270, Codec: "h264"},
	{Bitrate: 1_200_000, Width: 640, Height: 360, Codec: "h264"},
	{Bitrate: 2_500_000, Width: 1280, Height: 720, Codec: "h264"},
	{Bitrate: 4_500_000, Width: 1920, Height: 1080, Codec: "h264"},
}

// playingStats is a VOD session 60 s in, playing level 4 and downloading level 5.
func playingStats() player.Stats {
	return player.Stats{
		SessionID: "s1",
		State:     player.StatePlaying,
		Position:  58500 * time.Millisecond, Duration: 5 * time.Minute,
		Video: player.TrackStats{Active: true, Buffer: 21 * time.Second, Level: 4, DownloadLevel: 5,
			Bitrate: 2_500_000, DownloadBitrate: 4_500_000, Levels: demoLadder,
			DecodeTime: 3200 * time.Microsecond, FrameDuration: 40 * time.Millisecond},
		Audio:         player.TrackStats{Active: true, Name: "audio", Lang: "en", Buffer: 22 * time.Second, Level: 1, DownloadLevel: 1, Bitrate: 128_000, Levels: []player.Level{{Bitrate: 128_000, Codec: "aac"}}},
		Volume:        0.8,
		Throughput:    6_400_000,
		FramesDecoded: 1462, FramesShown: 1460, FramesDropped: 2,
		Stalls: 1, StallTime: 1200 * time.Millisecond,
		Fragments: 60, Switches: 4, AvgBitrate: 2_100_000,
		Elapsed: 60 * time.Second,
		CPULoad: 0.35, Power: abr.Power{Known: true, Charging: true, Level: 0.8},
	}
}

// history is a minute of snapshots leading to last: throughput and buffers ramp up.
func history(last player.Stats) []player.Stats {
	var out []player.Stats
	for i := 0; i < 60; i++ {
		st := last
		st.Elapsed = time.Duration(i) * time.Second
		st.Throughput = int64(1_000_000 + (i%7)*400_000 + i*60_000)
		st.Video.Buffer = time.Duration(min(i, 21)) * time.Second
		st.Audio.Buffer = time.Duration(min(i+1, 22)) * time.Second
		st.Video.DownloadBitrate = 300_000 // then it follows the switches
		for _, e := range switches() {
			if sw := e.(player.SwitchEvent); sw.When() <= st.Elapsed {
				st.Video.DownloadBitrate = sw.To
			}
		}
		out = append(out, st)
	}
	return append(out, last)
}

// switches are the ABR decisions of that minute.
func switches() []player.Event {
	return []player.Event{
		player.SwitchEvent{At: player.At(2 * time.Second), Kind: 1, From: 300_000, To: 600_000, Reason: "throughput"},
		player.SwitchEvent{At: player.At(6 * time.Second), Kind: 1, From: 600_000, To: 1_200_000, Reason: "throughput"},
		player.SwitchEvent{At: player.At(20 * time.Second), Kind: 1, From: 1_200_000, To: 600_000, Reason: "buffer low"},
		player.SwitchEvent{At: player.At(31 * time.Second), Kind: 1, From: 600_000, To: 2_500_000, Reason: "throughput"},
		player.SwitchEvent{At: player.At(57 * time.Second), Kind: 1, From: 2_500_000, To: 4_500_000, Reason: "throughput"},
	}
}

// fakeVideo is a VideoArea that records the regions it is given and the repaints.
type fakeVideo struct {
	mu       sync.Mutex
	regions  []term.Rect
	repaints int
}

func (f *fakeVideo) SetRegion(r term.Rect) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.regions = append(f.regions, r)
}

func (f *fakeVideo) Repaint() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.repaints++
}

func (f *fakeVideo) state() ([]term.Rect, int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]term.Rect(nil), f.regions...), f.repaints
}
