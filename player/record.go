package player

import (
	"bufio"
	"encoding/json"
	"io"
	"math"
	"sync"
	"time"
)

// recorder turns events into the --stats-json lines of docs/formats.md and, when there is
// a playback log to upload, keeps the lines not yet uploaded (bounded: the oldest go
// first).
type recorder struct {
	mu      sync.Mutex
	w       *bufio.Writer
	upload  bool
	pending [][]byte
	size    int
	lost    int
}

// maxPendingLog bounds the lines kept for upload.
const maxPendingLog = 4 << 20

// newRecorder writes the lines to w (nil: nowhere) and keeps them for take when
// upload is set.
func newRecorder(w io.Writer, upload bool) *recorder {
	r := &recorder{upload: upload}
	if w != nil {
		r.w = bufio.NewWriter(w)
	}
	return r
}

func secs(d time.Duration) float64 { return math.Round(d.Seconds()*1000) / 1000 }
func ms(d time.Duration) float64   { return math.Round(float64(d)/1e4) / 100 }

// The JSON lines, field for field as docs/formats.md lists them.
type (
	switchLine struct {
		T      float64 `json:"t_s"`
		Type   string  `json:"type"`
		Kind   string  `json:"kind"`
		From   int64   `json:"from"`
		To     int64   `json:"to"`
		Reason string  `json:"reason"`
		Pinned bool    `json:"pinned"`
		Tput   int64   `json:"throughput"`
	}
	fragmentLine struct {
		T       float64 `json:"t_s"`
		Type    string  `json:"type"`
		Kind    string  `json:"kind"`
		Bitrate int64   `json:"bitrate"`
		Start   float64 `json:"start_s"`
		Dur     float64 `json:"dur_s"`
		Bytes   int64   `json:"bytes"`
		TTFB    float64 `json:"ttfb_ms"`
		Took    float64 `json:"took_ms"`
		Tput    int64   `json:"throughput"`
	}
	stallLine struct {
		T    float64 `json:"t_s"`
		Type string  `json:"type"`
		Pos  float64 `json:"pos_s"`
	}
	resumeLine struct {
		T     float64 `json:"t_s"`
		Type  string  `json:"type"`
		Stall float64 `json:"stall_s"`
	}
	errorLine struct {
		T     float64 `json:"t_s"`
		Type  string  `json:"type"`
		Msg   string  `json:"msg"`
		Fatal bool    `json:"fatal"`
	}
	seekLine struct {
		T      float64 `json:"t_s"`
		Type   string  `json:"type"`
		From   float64 `json:"from_s"`
		To     float64 `json:"to_s"`
		Reason string  `json:"reason,omitempty"`
	}
	replaceLine struct {
		T       float64 `json:"t_s"`
		Type    string  `json:"type"`
		Kind    string  `json:"kind"`
		From    float64 `json:"from_s"`
		Bitrate int64   `json:"bitrate"`
	}
	cueLine struct {
		T     float64 `json:"t_s"`
		Type  string  `json:"type"`
		Kind  string  `json:"kind"`
		Start float64 `json:"start_s"`
		End   float64 `json:"end_s"`
		Pos   float64 `json:"pos_s"`
		Drop  int     `json:"dropped,omitempty"`
		Text  string  `json:"text"`
	}
	loopLine struct {
		T     float64 `json:"t_s"`
		Type  string  `json:"type"`
		Loops int     `json:"loops"`
	}
	manifestLine struct {
		T    float64 `json:"t_s"`
		Type string  `json:"type"`
		Live bool    `json:"live"`
	}
)

// line is the JSON line of an event, or nil for events the format does not list.
func line(e Event) any {
	t := secs(e.When())
	switch e := e.(type) {
	case SwitchEvent:
		return switchLine{t, "switch", e.Kind.String(), e.From, e.To, e.Reason, e.Pinned, e.Throughput}
	case FragmentEvent:
		return fragmentLine{t, "fragment", e.Kind.String(), e.Bitrate, secs(e.Start), secs(e.Duration), e.Bytes, ms(e.TTFB), ms(e.Took), e.Throughput}
	case StallEvent:
		return stallLine{t, "stall", secs(e.Position)}
	case ResumeEvent:
		return resumeLine{t, "resume", secs(e.Stalled)}
	case ErrorEvent:
		return errorLine{t, "error", e.Msg, e.Fatal}
	case SeekEvent:
		return seekLine{t, "seek", secs(e.From), secs(e.To), e.Reason}
	case LoopEvent:
		return loopLine{t, "loop", e.Loops}
	case ReplaceEvent:
		return replaceLine{t, "replace", e.Kind.String(), secs(e.From), e.Level}
	case ManifestEvent:
		return manifestLine{t, "manifest", e.Live}
	case CueEvent:
		return cueLine{t, "cue", e.Kind, secs(e.Start), secs(e.End), secs(e.Pos), e.Dropped, e.Text}
	}
	return nil
}

func (r *recorder) event(e Event) {
	if l := line(e); l != nil {
		r.write(l)
	}
}

// Summary is the stats-json summary line of a session (docs/formats.md), also what
// `smoothie load` reports per viewer.
type Summary struct {
	Type          string  `json:"type"`
	TTFF          float64 `json:"ttff_ms"`
	Played        float64 `json:"played_s"`
	FramesDecoded uint64  `json:"frames_decoded"`
	FramesDropped uint64  `json:"frames_dropped"`
	FramesDamaged uint64  `json:"frames_damaged"`
	FramesFlushed uint64  `json:"frames_flushed"`
	AudioDecoded  float64 `json:"audio_decoded_s"`
	Stalls        int     `json:"stalls"`
	StallS        float64 `json:"stall_s"`
	Fragments     int     `json:"fragments"`
	Gaps          int     `json:"gaps"`
	Abandoned     int     `json:"abandoned"`
	Upgraded      int     `json:"upgraded"`
	Bytes         int64   `json:"bytes"`
	Switches      int     `json:"switches"`
	AvgBitrate    int64   `json:"avg_bitrate"`
	Errors        int     `json:"errors"`
	Throughput    int64   `json:"throughput"`
	// Stream: an RTSP session's counters (docs/formats.md), absent otherwise.
	Stream *StreamSummary `json:"stream,omitempty"`
	// Protection: a protected presentation's "encrypted (cenc, KID …)", absent
	// when clear (KIDs only: a key is never written).
	Protection string `json:"protection,omitempty"`
}

// NewSummary is the summary line of st.
func NewSummary(st Stats) Summary {
	return Summary{"summary", ms(st.TTFF), secs(st.Played), st.FramesDecoded, st.FramesDropped, st.FramesDamaged, st.FramesFlushed, secs(st.AudioDecoded),
		st.Stalls, secs(st.StallTime), st.Fragments, st.Gaps, st.Abandoned, st.Upgraded, st.Bytes, st.Switches, st.AvgBitrate, st.Errors, st.Throughput, NewStreamSummary(st.Stream), st.Protection}
}

func (r *recorder) summary(st Stats) {
	r.write(NewSummary(st))
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.w != nil {
		r.w.Flush()
	}
}

func (r *recorder) write(v any) {
	if r.w == nil && !r.upload {
		return // nobody reads the lines
	}
	b, err := json.Marshal(v)
	if err != nil {
		return
	}
	b = append(b, '\n')
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.w != nil {
		r.w.Write(b)
	}
	if !r.upload {
		return
	}
	r.pending = append(r.pending, b)
	r.size += len(b)
	for r.size > maxPendingLog && len(r.pending) > 0 {
		r.size -= len(r.pending[0])
		r.pending = r.pending[1:]
		r.lost++
	}
}

// flush writes buffered lines to the stats file.
func (r *recorder) flush() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.w != nil {
		r.w.Flush()
	}
}

// take removes and returns the lines waiting for upload.
func (r *recorder) take() [][]byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	p := r.pending
	r.pending, r.size = nil, 0
	return p
}
