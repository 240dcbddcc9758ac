package player

import (
	"fmt"
	"time"

	"github.com/smoothie-player/smoothie/abr"
)

// State is where a session is in its life.
type State int

// The states of a session.
const (
	StateLoading   State = iota // fetching the manifest
	StateBuffering              // filling buffers before playing (startup, seek)
	StatePlaying
	StatePaused
	StateStalled // the buffer ran dry; the clock is stopped
	StateEnded
)

func (s State) String() string {
	names := [...]string{"loading", "buffering", "playing", "paused", "stalled", "ended"}
	if s < 0 || int(s) >= len(names) {
		return "unknown"
	}
	return names[s]
}

// TrackStats describes one track (video or audio).
type TrackStats struct {
	Active bool
	Name   string
	Lang   string
	// Buffer is the media downloaded ahead of the playhead.
	Buffer time.Duration
	// Level and DownloadLevel are 1-based (lowest bitrate = 1) with their bitrates:
	// the level being played and the one being downloaded.
	Level, DownloadLevel     int
	Bitrate, DownloadBitrate int64
	Levels                   []Level
	// DecodeTime is the mean decode time per frame (or audio buffer); FrameDuration
	// the duration of the last frame decoded.
	DecodeTime    time.Duration
	FrameDuration time.Duration
	// Caps are the limits the ABR policy put on the ladder at its latest decision
	// (video only; none when nothing is capped).
	Caps []Cap
}

// Cap is one limit on the video ladder: no level above Level (1-based) is chosen
// automatically, because of Reason: CapCPU (decoding would not keep up, or
// --cpu-budget), CapBattery (low battery or power saver) or CapWindow (the
// resolution the output can show). Note says it for people.
type Cap struct {
	Level  int
	Reason string
	Note   string
}

// The reasons of a Cap.
const (
	CapCPU     = "cpu"
	CapBattery = "battery"
	CapWindow  = "window"
)

// CapLevel is the tightest cap (0: none) and its reason.
func (t TrackStats) CapLevel() (int, string) {
	lvl, why := 0, ""
	for _, c := range t.Caps {
		if lvl == 0 || c.Level < lvl {
			lvl, why = c.Level, c.Reason
		}
	}
	return lvl, why
}

// Stats is a snapshot of a session.
type Stats struct {
	SessionID string
	State     State
	// Position is the playhead relative to the presentation start; Duration is the
	// presentation's (0 for live of unknown length).
	Position, Duration time.Duration
	Live               bool
	// LiveLatency is the distance from the playhead to the live edge (the end of
	// the newest fragment known), DVRWindow the manifest's window (0: unbounded or
	// VOD), ManifestRefreshes how many times the live manifest was fetched again.
	LiveLatency       time.Duration
	DVRWindow         time.Duration
	ManifestRefreshes int
	// Protection is how the presentation is protected: "encrypted (cenc, KID …)",
	// "" when clear (the KID only: keys never reach the stats).
	Protection string
	// WaitingForOrigin is how long requests have been open with nothing from the
	// origin, once that is a second or more (0 otherwise): the views say "waiting
	// for the origin (N s)".
	WaitingForOrigin time.Duration
	// LiveTarget is the latency the session keeps (Config.LiveLatency); LiveSkips
	// counts skips to the live edge after long stalls; MediaTime is the playhead on
	// the stream's own clock (Position + the first fragment's time: the encoder's
	// timestamp, time since the channel's epoch on `serve --live`).
	LiveTarget time.Duration
	LiveSkips  int
	MediaTime  time.Duration
	// EdgeProbes counts refetches of the newest live fragment that brought news of
	// the next ones through its tfrf (see live_probe.go).
	EdgeProbes   int
	Video, Audio TrackStats
	// Text lists the presentation's text streams by name; TextTrack is the one
	// shown ("name (language)", "" for none) and Cue the text of the cues the
	// playhead is within (lines joined by "\n", "" for none).
	Text      []string
	TextTrack string
	Cue       string
	// Sparse lists the sparse streams (chapters, SCTE-35, data: sparse.go) and
	// whether each is read; Chapters are the chapter marks read so far, in order.
	Sparse   []SparseTrack
	Chapters []Chapter
	// Pinned is the video pin (auto when zero); Volume 0..1; Muted.
	Pinned Quality
	Volume float64
	Muted  bool
	// Throughput is the estimator's figure in bits/s.
	Throughput int64
	// TTFF is the time from start to the first frame shown (0 until then).
	TTFF time.Duration
	// Played is how much media time has played.
	Played        time.Duration
	FramesDecoded uint64
	FramesShown   uint64
	FramesDropped uint64
	// FramesDamaged counts decoded pictures the decoder flagged as corrupt or
	// concealed errors in (media.VideoFrame.Damaged): a damaged stream, or a
	// protected one decrypted with the wrong key.
	FramesDamaged uint64
	// FramesFlushed were decoded but never due: a seek, a loop, an audio track
	// switch or the end of the session (--for) let them go. Shown + dropped +
	// flushed = decoded.
	FramesFlushed uint64
	// AudioDecoded is the sound the audio decoder gave out (media time), as
	// FramesDecoded counts pictures.
	AudioDecoded time.Duration
	Stalls       int
	StallTime    time.Duration
	Fragments    int
	Gaps         int
	// Abandoned counts downloads given up for being too slow for the buffer and
	// fetched again at a lower level.
	Abandoned int
	// Upgraded counts buffered video fragments fetched again at a level the
	// engine stepped up to and swapped in (fast switching up).
	Upgraded      int
	Bytes         int64
	Switches      int
	Errors        int
	EventsDropped uint64
	Loops         int
	AudioClock    bool // the audio sink is the master clock
	AvgBitrate    int64
	Elapsed       time.Duration
	// CPULoad is the system CPU load (0..1, negative: unknown) and Power the battery
	// state (Known false: unknown), as Config.Sensors last read them.
	CPULoad   float64
	Power     abr.Power
	LastError string
	// Stream is a received stream's counters (RTSP: packets, loss, jitter,
	// bitrate, reconnects, latency); nil for Smooth Streaming.
	Stream *StreamStats
	// VideoUnavailable says why the presentation's video cannot play (no level
	// this build can decode, say), for the whole session; the audio plays on.
	// Empty when the video plays, or there is none to play (audio-only, or no video
	// decoder configured).
	VideoUnavailable string
}

// WaitingLine is what every view says while the origin sends nothing: "waiting for
// the origin (N s)", or "" when it is not so.
func WaitingLine(st Stats) string {
	if st.WaitingForOrigin <= 0 {
		return ""
	}
	return fmt.Sprintf("waiting for the origin (%.0f s)", st.WaitingForOrigin.Seconds())
}
