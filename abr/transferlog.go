package abr

import "time"

// TransferLog keeps the recent transfers a player passes in Input.Transfers
// and fills in ConcurrentBytes: when transfers overlap (video and audio
// fragments fetched in parallel), each is credited with the share of the
// others' bytes that moved during its own lifetime, assuming each transfer
// moved its bytes evenly. The estimator then sees the link's rate rather
// than one track's share of it. Not safe for concurrent use.
type TransferLog struct {
	Max     int // transfers kept (default 20)
	entries []Transfer
}

// Add records a finished transfer. t.End and t.Duration place it in time
// (it started at End − Duration); ConcurrentBytes is computed here.
func (l *TransferLog) Add(t Transfer) {
	t.ConcurrentBytes = 0
	start, end := t.End-t.Duration, t.End
	for i := range l.entries {
		e := &l.entries[i]
		es := e.End - e.Duration
		ov := min(end, e.End) - max(start, es)
		if ov <= 0 {
			continue
		}
		t.ConcurrentBytes += share(e.Bytes, ov, e.Duration)
		e.ConcurrentBytes += share(t.Bytes, ov, t.Duration)
	}
	l.entries = append(l.entries, t)
	keep := l.Max
	if keep <= 0 {
		keep = 20
	}
	if n := len(l.entries); n > keep {
		l.entries = append(l.entries[:0], l.entries[n-keep:]...)
	}
}

// share is the part of bytes moved during ov of a transfer lasting d.
func share(bytes int64, ov, d time.Duration) int64 {
	if d <= 0 {
		return 0
	}
	return int64(float64(bytes) * float64(min(ov, d)) / float64(d))
}

// Transfers returns the kept transfers, oldest first. The slice is the
// log's own: pass it in an Input, do not keep it past the next Add.
func (l *TransferLog) Transfers() []Transfer { return l.entries }
