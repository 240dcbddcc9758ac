package abr

import (
	"fmt"
	"time"
)

// LiveConfig tunes the live-latency rule, which acts only on live input
// (Input.LiveTarget > 0). Playback runs at 1×: latency a stall added stays, so a
// player that has fallen behind its target must not stall again. While the
// latency exceeds the target by more than Margin, the rule caps the level at
// what Headroom of the low throughput scenario carries: fragments then arrive
// well within their duration, the buffer the planner would spend on quality
// stays small, and the player's catch-up skip is the only way further back.
type LiveConfig struct {
	Margin   time.Duration // latency over the target tolerated; 0 is one fragment
	Headroom float64       // share of the low forecast a level may use while behind
}

// DefaultLiveConfig acts one fragment behind the target, at 70 % of the low
// forecast.
func DefaultLiveConfig() LiveConfig { return LiveConfig{Headroom: 0.7} }

// liveCap returns the highest level the live rule allows, given the low
// throughput scenario in bits/s (0 when unknown: the rule holds the current
// level), and why; the reason is empty when the rule does not act.
func liveCap(cfg LiveConfig, in *Input, low float64) (int, string) {
	top := in.Ladder.Top()
	margin := cfg.Margin
	if margin <= 0 {
		margin = in.ChunkDuration
	}
	if in.LiveTarget <= 0 || in.LiveLatency <= in.LiveTarget+margin {
		return top, ""
	}
	why := fmt.Sprintf("live latency %s s over the %s s target", secs(in.LiveLatency.Seconds()), secs(in.LiveTarget.Seconds()))
	if low <= 0 {
		return max(in.Current, 0), why + ": hold"
	}
	h := cfg.Headroom
	if h <= 0 || h > 1 {
		h = DefaultLiveConfig().Headroom
	}
	lvl := in.Ladder.Fit(h * low)
	if lvl == top {
		return top, ""
	}
	return lvl, fmt.Sprintf("%s: %.0f%% of the low forecast %s", why, 100*h, mbps(low))
}

// liveBuffer is the most buffer a live player can hold: no more than its
// distance to the live edge (fragments beyond it do not exist yet), nor than
// the player's cap; VoD keeps the cap.
func liveBuffer(in *Input) time.Duration {
	if in.LiveTarget <= 0 || in.LiveLatency <= 0 || (in.MaxBuffer > 0 && in.MaxBuffer < in.LiveLatency) {
		return in.MaxBuffer
	}
	return in.LiveLatency
}
