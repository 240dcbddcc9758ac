package player

import (
	"time"

	"github.com/smoothie-player/smoothie/abr"
)

// upcomingChunks is how many fragments ahead the policy is told sizes of: the
// look-ahead policies plan five, and Pensieve's MPC reads one further.
const upcomingChunks = 7

// upcomingSizes fills abr.Input.Upcoming for a ladder whose fragments last d,
// with left fragments to go (negative: unknown or live). Smooth manifests carry
// no fragment sizes, so each is its level's bitrate × d: what every policy the
// simulator offers then plans with the same way in play (RobustMPC in Pensieve's
// form reads sizes only from here, and with none it took every fragment for free).
func upcomingSizes(l abr.Ladder, d time.Duration, left int) [][]int64 {
	n := upcomingChunks
	if left >= 0 && left < n {
		n = left
	}
	if n <= 0 || len(l) == 0 || d <= 0 {
		return nil
	}
	row := make([]int64, len(l))
	for q, v := range l {
		row[q] = int64(float64(v.Bitrate) / 8 * d.Seconds())
	}
	out := make([][]int64, n)
	for i := range out {
		out[i] = row
	}
	return out
}
