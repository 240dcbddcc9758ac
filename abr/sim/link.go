package sim

// link replays a trace exactly as Pensieve's fixed_env.py does: the
// throughput at index i holds over (Time[i-1], Time[i]]; at the end the trace
// wraps to index 1 with the clock reset to 0. It is a small value: copying it
// forks the future (the oracle does that).
type link struct {
	tr      *Trace
	ptr     int
	last    float64 // seconds
	payload float64 // useful fraction of the link (0.95)
}

func newLink(tr *Trace, payload float64) link {
	return link{tr: tr, ptr: 1, last: tr.Time[0], payload: payload}
}

func (l *link) advance() {
	l.last = l.tr.Time[l.ptr]
	l.ptr++
	if l.ptr >= len(l.tr.Time) {
		l.ptr, l.last = 1, 0
	}
}

// download moves bytes over the link and returns the time it took in
// seconds (no RTT).
func (l *link) download(bytes float64) float64 {
	var sent, delay float64
	for {
		tput := l.tr.Mbps[l.ptr] * 1e6 / 8
		dur := l.tr.Time[l.ptr] - l.last
		pkt := tput * dur * l.payload
		if sent+pkt > bytes {
			frac := (bytes - sent) / tput / l.payload
			delay += frac
			l.last += frac
			return delay
		}
		sent += pkt
		delay += dur
		l.advance()
	}
}

// sleep lets the trace run for secs without downloading.
func (l *link) sleep(secs float64) {
	for {
		dur := l.tr.Time[l.ptr] - l.last
		if dur > secs {
			l.last += secs
			return
		}
		secs -= dur
		l.advance()
	}
}
