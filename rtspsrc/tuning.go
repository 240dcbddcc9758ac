package rtspsrc

import "time"

// SessionTuning is how a player session plays an RTSP source: Latency behind its
// edge (the end of the newest whole chunk), and StartBuffer, what each track holds
// before playing starts or resumes.
type SessionTuning struct {
	Latency, StartBuffer time.Duration
}

// Tuning for a jitter buffer of buffer and the default chunk: the session plays a
// chunk and the jitter buffer behind the edge (a chunk to be filling while one
// plays, and the buffer's margin), and starts on one chunk.
func Tuning(buffer time.Duration) SessionTuning {
	c := Config{Buffer: buffer}
	c.defaults()
	return SessionTuning{Latency: c.Chunk + c.Buffer, StartBuffer: c.Chunk}
}
