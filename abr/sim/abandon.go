package sim

import "math"

// How `smoothie play` gives up a video download that will not arrive in time
// (player/abandon.go, after dash.js's AbandonRequestsRule), for sessions with
// Config.Abandon: the body's rate is judged every abandonTick once it has run
// abandonGrace; a download above the lowest level that, at that rate, finishes
// after the buffer runs dry and slower than real time is dropped when the chunk
// at a lower level (the highest whose whole download fits the buffer left, else
// the lowest) would arrive sooner than the rest of it.
const (
	abandonGrace = 0.5 // seconds
	abandonTick  = 0.1 // seconds
)

// abandonAt says whether and when (seconds of body) the download of bytes at
// level q of chunk k, starting with buffer seconds buffered, would be abandoned
// over l (which it does not move), and for which level.
func abandonAt(cfg *Config, l link, k, q int, bytes, buffer float64) (at float64, to int, ok bool) {
	if q <= 0 {
		return 0, 0, false
	}
	v := cfg.Video
	row := v.Sizes[k%len(v.Sizes)]
	rtt, chunk := cfg.RTT.Seconds(), v.Chunk.Seconds()
	full := l // the whole download, to know when to stop looking
	total := full.download(bytes)
	var got float64
	for t := abandonGrace; t < total; t += abandonTick {
		step := abandonTick
		if t == abandonGrace {
			step = abandonGrace
		}
		got += l.moved(step)
		rate := got / t
		left := math.Inf(1)
		if rate > 0 {
			left = (bytes - got) / rate
		}
		buf := math.Max(buffer-rtt-t, 0)
		if left <= buf || rtt+t+left <= chunk {
			continue
		}
		fetch := func(j int) float64 {
			if rate <= 0 {
				return math.Inf(1)
			}
			return rtt + float64(row[j])/rate
		}
		to = 0
		for j := q - 1; j > 0; j-- {
			if fetch(j) <= buf {
				to = j
				break
			}
		}
		if rate > 0 && fetch(to) >= left {
			continue
		}
		return t, to, true
	}
	return 0, 0, false
}

// moved lets the trace run for secs while downloading and returns the bytes it
// carried (the payload share).
func (l *link) moved(secs float64) float64 {
	var bytes float64
	for {
		tput := l.tr.Mbps[l.ptr] * 1e6 / 8 * l.payload
		dur := l.tr.Time[l.ptr] - l.last
		if dur > secs {
			l.last += secs
			return bytes + tput*secs
		}
		bytes += tput * dur
		secs -= dur
		l.advance()
	}
}
