package origin

import "math"

// startSlack is how far (in ticks) a fragment request may be from a fragment's start
// and still get it: JavaScript players hold times as doubles, exact only below 2^53,
// so a larger time read from a manifest or a tfrf may come back a tick off.
const startSlack = 1

// nearStart looks t up with find, then the times within startSlack of it, nearest
// first (later before earlier at the same distance).
func nearStart[T any](t uint64, find func(uint64) (T, bool)) (T, bool) {
	if v, ok := find(t); ok {
		return v, true
	}
	for d := uint64(1); d <= startSlack; d++ {
		if t <= math.MaxUint64-d {
			if v, ok := find(t + d); ok {
				return v, true
			}
		}
		if t >= d {
			if v, ok := find(t - d); ok {
				return v, true
			}
		}
	}
	var zero T
	return zero, false
}
