package player

import (
	"context"
	"errors"
	"time"

	"github.com/smoothie-player/smoothie/abr"
	"github.com/smoothie-player/smoothie/media"
)

// Source produces a presentation: its tracks, their timing and their media. The
// Smooth Streaming source (NewSmoothSource: manifest, refresh, tfrf, fragments, the
// live edge) is one; a source needs no manifest and no fragments (an RTSP session
// reading packets, an in-memory test source): it hands out its media in chunks,
// each a run of samples, at the level the session asks for.
//
// Positions are relative to the presentation start (Presentation.Base on the
// samples' own clock). The session calls Open once, then Select, then Run beside
// playback; Timing, Stats and the tracks' methods are safe from any goroutine.
type Source interface {
	// Open loads the presentation (a manifest fetch, a DESCRIBE): every track it
	// has, the session picks which to play.
	Open(ctx context.Context, host SourceHost) (*Presentation, error)
	// Select says which tracks are played (video first, then audio), before Run and
	// again on an audio track switch; live timing follows the selected tracks. The
	// first Select returns the media time of position 0 for them (the latest first
	// sample time); samples' times minus it are positions.
	Select(tracks []SourceTrack) (base time.Duration)
	// Run keeps a live presentation up to date (manifest refresh) until ctx is done
	// or the presentation has ended; it returns at once when there is nothing to do.
	Run(ctx context.Context)
	// Timing describes the presentation now.
	Timing() Timing
	// Stats are the source's own counters.
	Stats() SourceStats
}

// SourceHost is what a Source reports to its session. Its methods never block and
// may be called from any goroutine.
type SourceHost interface {
	// Clock is the session's clock: a source waits on it (retry pacing, refresh).
	Clock() Clock
	// Logf is a diagnostic line; Errorf a non-fatal error event.
	Logf(format string, args ...any)
	Errorf(format string, args ...any)
	// Ended says a live presentation has ended: it is VOD from now on.
	Ended(duration time.Duration)
}

// Presentation is what a Source opened.
type Presentation struct {
	Tracks []SourceTrack
	// Live: the presentation grows while it plays (its Timing says how).
	Live bool
	// Duration of a VOD presentation (0 unknown).
	Duration time.Duration
}

// TrackInfo describes one track of a presentation.
type TrackInfo struct {
	Kind     media.Kind
	Name     string
	Language string
	// Subtype says what a text track carries (Smooth: SUBT, CAPT, DESC for
	// subtitles, captions and descriptions; SCMD, CHAP, DATA for sparse data).
	Subtype string
	// Scheme names what a sparse track's samples are (Smooth: the QualityLevel's
	// CustomAttribute Scheme, such as urn:scte:scte35:2013:bin); Inline says its
	// samples come with the manifest (ManifestOutput), not over a Url.
	Scheme string
	Inline bool
	// Marks are a sparse track's marks the source knows without reading its
	// fragments (Smooth: the StreamIndex's Content markers, smooth_markers.go).
	Marks []SourceMark
	// Levels are the usable levels sorted by bitrate, lowest first, with their
	// decoder configurations (Configs[i] is Levels[i]'s); Skipped says why other
	// levels were left out. A track without levels is not playable (Err says why).
	Levels  []Level
	Configs []DecoderConfig
	Skipped []string
	Err     error
}

// SourceMark is a mark a source knows from its manifest: its media time (on the
// source's timeline, before Select's base) when Timed, else its time as written
// (a placeholder: the mark is listed, never placed), and its text.
type SourceMark struct {
	At       time.Duration
	Timed    bool
	TimeText string
	Text     string
}

// Chunk is one unit a track's media is loaded in (a fragment): where it lies and,
// in Ref, the source's own reference to it.
type Chunk struct {
	Start, Duration time.Duration
	// Left counts the chunks from this one to the end (-1: live or unknown).
	Left int
	// Ref is the source's own reference (Smooth: the fragment's start and end in
	// ticks of its stream).
	Ref [2]uint64
}

// End is where the chunk ends.
func (c Chunk) End() time.Duration { return c.Start + c.Duration }

// SourceTrack is one track of a Source.
type SourceTrack interface {
	Info() TrackInfo
	// Locate returns the chunk holding pos, or false when the track has none there
	// (beyond its end).
	Locate(pos time.Duration) (Chunk, bool)
	// Next returns the chunk after c, waiting on live until it is known (ahead
	// tells how much the track has buffered, for sources that probe the edge when
	// it runs low); ErrEndOfStream when there is none.
	Next(ctx context.Context, c Chunk, ahead func() time.Duration) (Chunk, error)
	// Load fetches one chunk at one level, once: the loader retries. ErrNotYet is
	// a live chunk not available yet (not a failure); ErrEndOfStream the end.
	Load(ctx context.Context, req LoadRequest) (LoadResult, error)
}

// LoadRequest asks a track for one chunk at one level (an index into its Levels),
// with what the session knows for request hints (CMCD).
type LoadRequest struct {
	Chunk      Chunk
	Level      int
	Buffer     time.Duration
	Throughput int64
	// Progress, when set, is how Load says where the transfer stands: got 0 when
	// the response begins, then the body bytes so far as they come, with the
	// body's announced length (-1 unknown). The session gives up a load that has
	// not begun in time and abandons one that is too slow, by cancelling its ctx:
	// a Load that never calls Progress is given up when its first-byte wait ends.
	Progress func(got, total int64)
}

// LoadResult is one loaded chunk: its samples (times on the media clock) and the
// transfer that brought them (for the bandwidth meter; zero when none).
type LoadResult struct {
	Samples  []media.Sample
	Transfer abr.Transfer
}

// Timing is where a presentation stands. For a live one: the edge (the end of the
// newest media the lead track knows of), the oldest position its window holds, the
// unit of its latency (the longest newest chunk of the selected tracks) and the
// least latency behind the edge the source can follow.
type Timing struct {
	Live       bool
	Duration   time.Duration // VOD (0 while live)
	Edge       time.Duration
	Oldest     time.Duration
	Fragment   time.Duration
	MinLatency time.Duration
	// Last is the newest chunk the lead track knows of (live).
	Last Chunk
	// Window is the live window's length (0: unbounded, or VOD).
	Window time.Duration
	// Lookahead is how many chunks the origin holds back from its manifest (for
	// messages; 0 for sources without one).
	Lookahead int
	// EdgeAt is when the edge last moved (the session gives up on a live stream
	// whose edge stands still while playback waits for it).
	EdgeAt time.Time
	// KeepLatency: the session skips to the live edge whenever playback is
	// further behind it than the target plus the catch-up margin, playing or
	// stalled (a stream with no DVR to keep: RTSP); otherwise only after a stall.
	KeepLatency bool
}

// SourceStats are a source's counters.
type SourceStats struct {
	// ManifestRefreshes counts live manifest fetches after the first; EdgeProbes
	// refetches of the newest fragment that brought news of the next ones.
	ManifestRefreshes int
	EdgeProbes        int
	// Waiting is how long requests have been open with nothing from the origin
	// (no response, no body byte); 0 when none is open.
	Waiting time.Duration
	// Stream: a received stream's counters (an RTSP session's), nil for sources
	// that fetch.
	Stream *StreamStats
	// Protection says how the presentation is protected ("encrypted (cenc, KID …)"),
	// "" when it is clear.
	Protection string
	// VideoKID and AudioKID are the KIDs (hex) video and audio are decrypted with:
	// a presentation's only KID, or with a key per track the one each kind's
	// fragments named last; "" when clear or not known yet.
	VideoKID, AudioKID string
}

// The errors a SourceTrack's Next and Load return for the session to act on; a
// chunk whose data cannot be read is Corrupt (skipped at once, not retried).
var (
	ErrNotYet      = errors.New("not available yet")
	ErrEndOfStream = errors.New("end of stream")
	ErrCorrupt     = errors.New("corrupt chunk")
)

// Corrupt marks err as a chunk that arrived but cannot be read, NotYet as a live
// chunk that is not available yet: errors.Is(err, ErrCorrupt) or errors.Is(err,
// ErrNotYet) holds, and the message stays err's.
func Corrupt(err error) error { return marked{err, ErrCorrupt} }

// NotYet: see Corrupt.
func NotYet(err error) error { return marked{err, ErrNotYet} }

type marked struct {
	error
	mark error
}

func (e marked) Is(target error) bool { return target == e.mark }
func (e marked) Unwrap() error        { return e.error }
