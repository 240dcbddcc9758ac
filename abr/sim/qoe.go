package sim

import (
	"math"

	"github.com/smoothie-player/smoothie/abr"
)

// Metrics summarises one session. QoE values are means per chunk over
// chunks 1..N-1 (Pensieve's convention: chunk 0 is fixed and its delay is the
// startup, reported separately).
type Metrics struct {
	QoELin, QoELog, QoEHD float64
	RebufferS             float64 // stall seconds over chunks 1..N-1
	RebufferRatio         float64 // stall / (stall + playback)
	AvgKbps               float64 // mean nominal bitrate over chunks 1..N-1
	PlayS                 float64 // playback seconds (N × chunk)
	SwitchesPerMin        float64
	StartupS              float64 // chunk 0's delay
	DropRatio             float64 // mean dropped-frame fraction
	EnergyJPerMin         float64
}

// hdUtility is QoE_hd's utility table for the Pensieve ladder
// {1, 2, 3, 12, 15, 20}; other ladders interpolate it by rank.
func hdUtility(l abr.Ladder, q int) float64 {
	hdRewards := [...]float64{1, 2, 3, 12, 15, 20}
	if len(l) == len(hdRewards) {
		return hdRewards[q]
	}
	x := float64(q) * float64(len(hdRewards)-1) / math.Max(1, float64(len(l)-1))
	i := min(int(x), len(hdRewards)-2)
	return hdRewards[i] + (x-float64(i))*(hdRewards[i+1]-hdRewards[i])
}

// linReward is QoE_lin of one chunk: R − μ·stall − |ΔR| in Mbit/s with
// μ = the top bitrate (4.3 on Pensieve's ladder). A dropped fraction d of
// the frames turns R into R·(1−d) − d·R_top (the device-aware QoE of the
// device track, docs/sim.md); d = 0 on the network-only track.
func linReward(l abr.Ladder, q, prev int, rebuf, drop float64) float64 {
	r := float64(l[q].Bitrate/1000) / 1000
	top := float64(l[l.Top()].Bitrate/1000) / 1000
	rp := float64(l[prev].Bitrate/1000) / 1000
	return r*(1-drop) - drop*top - top*rebuf - math.Abs(r-rp)
}

// Measure computes a session's metrics.
func Measure(l abr.Ladder, chunkS float64, s Session) Metrics {
	var m Metrics
	n := len(s.Chunks)
	if n == 0 {
		return m
	}
	minR := float64(l[0].Bitrate)
	var kbps, drop, energy, dur float64
	switches := 0
	for k, c := range s.Chunks {
		drop += c.Drop
		energy += c.EnergyJ
		dur += c.Delay + c.Sleep
		if k == 0 {
			m.StartupS = c.Delay
			continue
		}
		p := s.Chunks[k-1].Level
		kbps += float64(l[c.Level].Bitrate) / 1000
		if p != c.Level {
			switches++
		}
		m.RebufferS += c.Rebuffer
		m.QoELin += linReward(l, c.Level, p, c.Rebuffer, c.Drop)
		lr := math.Log(float64(l[c.Level].Bitrate) / minR)
		lp := math.Log(float64(l[p].Bitrate) / minR)
		m.QoELog += lr - 2.66*c.Rebuffer - math.Abs(lr-lp)
		m.QoEHD += hdUtility(l, c.Level) - 8*c.Rebuffer - math.Abs(hdUtility(l, c.Level)-hdUtility(l, p))
	}
	k := float64(n - 1)
	if n > 1 {
		m.QoELin /= k
		m.QoELog /= k
		m.QoEHD /= k
	}
	play := float64(n) * chunkS
	m.RebufferRatio = m.RebufferS / (m.RebufferS + play)
	m.PlayS = play
	m.AvgKbps = kbps / math.Max(1, k)
	m.SwitchesPerMin = float64(switches) / (play / 60)
	m.DropRatio = drop / float64(n)
	if dur > 0 {
		m.EnergyJPerMin = energy / (play / 60)
	}
	return m
}
