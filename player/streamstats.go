package player

import (
	"fmt"
	"strings"
	"time"
)

// StreamStats are the counters of a source that receives a stream rather than
// fetching fragments (an RTSP session's RTP/RTCP): what arrived, what was lost,
// how evenly it came, and how far behind its sender playback is. A source gives
// them in SourceStats.Stream; the session copies them into Stats.Stream with
// Latency filled in.
type StreamStats struct {
	// Transport is how the media comes ("udp", "tcp"); Reconnecting says the source
	// lost its server and is trying again; Reconnects counts the times it got it
	// back.
	Transport    string
	Reconnecting bool
	Reconnects   int
	// Received and Lost count RTP packets over the session (Lost as the receiver
	// library reported them missing); LossRatio is Lost / (Received + Lost).
	Received, Lost int64
	// Streams are the played streams, video first.
	Streams []StreamStat
	// Skipped names the streams that could not be played and why.
	Skipped []string
	// SentZero is when position 0 was sent by the server, on its wall clock (the
	// RTCP sender reports' NTP↔RTP mapping), zero until known.
	SentZero time.Time
	// Latency is from the server's send time of what is presented now to now
	// (server and player sharing a clock); the session fills it in.
	Latency time.Duration
}

// StreamStat is one received stream.
type StreamStat struct {
	Kind  string
	Codec string
	// Packets are the RTP packets received, Frames the frames (access units) they
	// made; Jitter is RFC 3550's interarrival jitter; Bitrate what arrived over the
	// last seconds, in bits/s.
	Packets, Frames int64
	Jitter          time.Duration
	Bitrate         int64
}

// LossRatio is Lost / (Received + Lost), 0 when nothing came.
func (s StreamStats) LossRatio() float64 {
	if n := s.Received + s.Lost; n > 0 {
		return float64(s.Lost) / float64(n)
	}
	return 0
}

// Line is the stream's part of the headless line and the panel: "rtsp udp loss
// 4.9% (37/755) jitter v 2.1ms a 0.8ms bitrate v 310k a 129k latency 0.48s
// reconnects 1".
func (s StreamStats) Line() string {
	var b strings.Builder
	fmt.Fprintf(&b, "rtsp %s loss %.1f%% (%d/%d) jitter", s.Transport, 100*s.LossRatio(), s.Lost, s.Received+s.Lost)
	for _, st := range s.Streams {
		fmt.Fprintf(&b, " %s %.1fms", st.Kind[:1], float64(st.Jitter)/1e6)
	}
	b.WriteString(" bitrate")
	for _, st := range s.Streams {
		fmt.Fprintf(&b, " %s %s", st.Kind[:1], FormatBitrate(st.Bitrate))
	}
	if s.Latency > 0 {
		fmt.Fprintf(&b, " latency %.2fs", s.Latency.Seconds())
	}
	fmt.Fprintf(&b, " reconnects %d", s.Reconnects)
	if s.Reconnecting {
		b.WriteString(" reconnecting")
	}
	return b.String()
}

// streamLatency is the latency of the media at pos (a position) presented at now.
func streamLatency(s *StreamStats, pos time.Duration, now time.Time) time.Duration {
	if s.SentZero.IsZero() {
		return 0
	}
	return now.Sub(s.SentZero.Add(pos))
}

// StreamSummary is the stats-json summary line's "stream" object.
type StreamSummary struct {
	Transport  string              `json:"transport"`
	Received   int64               `json:"packets_received"`
	Lost       int64               `json:"packets_lost"`
	LossRatio  float64             `json:"loss_ratio"`
	Reconnects int                 `json:"reconnects"`
	LatencyMS  float64             `json:"latency_ms"`
	Streams    []StreamStatSummary `json:"streams"`
	Skipped    []string            `json:"skipped,omitempty"`
}

// StreamStatSummary is one stream of a StreamSummary.
type StreamStatSummary struct {
	Kind     string  `json:"kind"`
	Codec    string  `json:"codec"`
	Packets  int64   `json:"packets"`
	Frames   int64   `json:"frames"`
	JitterMS float64 `json:"jitter_ms"`
	Bitrate  int64   `json:"bitrate"`
}

// NewStreamSummary is s as the summary line has it (nil for nil).
func NewStreamSummary(s *StreamStats) *StreamSummary {
	if s == nil {
		return nil
	}
	out := &StreamSummary{Transport: s.Transport, Received: s.Received, Lost: s.Lost, LossRatio: s.LossRatio(),
		Reconnects: s.Reconnects, LatencyMS: ms(s.Latency), Skipped: s.Skipped}
	for _, st := range s.Streams {
		out.Streams = append(out.Streams, StreamStatSummary{st.Kind, st.Codec, st.Packets, st.Frames, ms(st.Jitter), st.Bitrate})
	}
	return out
}
