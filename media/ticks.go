package media

import "time"

// Ticks converts t units of 1/timescale s to a Duration, exact for whole seconds and
// without overflowing for large absolute times (live streams count 10 MHz ticks since
// 1970 or so). A zero timescale gives 0.
func Ticks(t int64, timescale uint64) time.Duration {
	if timescale == 0 {
		return 0
	}
	ts := int64(timescale)
	sec, rem := t/ts, t%ts
	return time.Duration(sec)*time.Second + time.Duration(rem*int64(time.Second)/ts)
}
