package e2e

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/smoothie-player/smoothie/abr"
	"github.com/smoothie-player/smoothie/abr/sim"
)

// statsLine is the part of a `play --stats-json` line (docs/formats.md) that a
// session's QoE needs.
type statsLine struct {
	Type    string  `json:"type"`
	T       float64 `json:"t_s"`
	Kind    string  `json:"kind"`
	Bitrate int     `json:"bitrate"`
	Start   float64 `json:"start_s"`
	Bytes   int64   `json:"bytes"`
	TookMs  float64 `json:"took_ms"`
	Pos     float64 `json:"pos_s"`
	StallS  float64 `json:"stall_s"`
	// Abandoned is the summary's count of downloads given up and fetched again.
	Abandoned int `json:"abandoned"`
}

// playedSession turns a real playback's stats-json into the simulator's
// sim.Session, so that sim.Measure scores it with the simulator's own QoE:
// one chunk per video fragment position (the last fetch of a position is the
// one played: an abandoned or replaced download is fetched again), its level
// by bitrate in ladder, and each stall's seconds charged to the chunk the
// playhead was waiting for (the one starting nearest the stall's position).
// Stalls before the first frame are startup, not rebuffering; chunk 0's delay
// is the time to its arrival. A stall without its resume (the run was cut)
// counts the summary's stall seconds not yet charged.
func playedSession(r io.Reader, l abr.Ladder, chunk float64) (sim.Session, error) {
	s, _, err := playedSessionSummary(r, l, chunk)
	return s, err
}

// playedSessionSummary is playedSession, with the summary line (zero when the
// run was cut before it).
func playedSessionSummary(r io.Reader, l abr.Ladder, chunk float64) (sim.Session, statsLine, error) {
	var sum statsLine
	var frags []statsLine
	var stalls []statsLine
	var open *statsLine
	summaryStall, charged := -1.0, 0.0
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 4<<20)
	for n := 1; sc.Scan(); n++ {
		var s statsLine
		if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
			return sim.Session{}, sum, fmt.Errorf("stats-json line %d: %v", n, err)
		}
		switch s.Type {
		case "fragment":
			if s.Kind == "video" {
				frags = append(frags, s)
			}
		case "stall":
			open = &s
		case "resume":
			if open != nil {
				open.StallS = s.StallS
				stalls = append(stalls, *open)
				charged += s.StallS
				open = nil
			}
		case "summary":
			summaryStall, sum = s.StallS, s
		}
	}
	if err := sc.Err(); err != nil {
		return sim.Session{}, sum, err
	}
	if open != nil && summaryStall > charged {
		open.StallS = summaryStall - charged
		stalls = append(stalls, *open)
	}
	byPos := map[int]statsLine{}
	for _, f := range frags {
		byPos[int(math.Round(f.Start/chunk))] = f
	}
	n := len(byPos)
	if n == 0 {
		return sim.Session{}, sum, fmt.Errorf("no video fragment in the stats")
	}
	s := sim.Session{Chunks: make([]sim.Chunk, n)}
	for k := range n {
		f, ok := byPos[k]
		if !ok {
			return sim.Session{}, sum, fmt.Errorf("no video fragment at position %d (of %d)", k, n)
		}
		q := slices.IndexFunc(l, func(v abr.Level) bool { return v.Bitrate == f.Bitrate })
		if q < 0 {
			return sim.Session{}, sum, fmt.Errorf("video fragment %d at %d bit/s: not in the ladder", k, f.Bitrate)
		}
		s.Chunks[k] = sim.Chunk{Level: q, Bytes: f.Bytes, Delay: f.TookMs / 1000}
	}
	s.Chunks[0].Delay = byPos[0].T
	for _, st := range stalls {
		k := int(math.Round(st.Pos / chunk))
		if k <= 0 || k >= n {
			continue
		}
		s.Chunks[k].Rebuffer += st.StallS
	}
	return s, sum, nil
}

// TestPlayedSession: fragments fetched twice count once (the last), stalls
// land on the chunk they waited for, and sim.Measure scores the result with
// the simulator's QoE_lin.
func TestPlayedSession(t *testing.T) {
	l := abr.Bitrates(300_000, 750_000, 1_200_000)
	stats := strings.Join([]string{
		`{"t_s":0.1,"type":"manifest","live":false}`,
		`{"t_s":0.5,"type":"fragment","kind":"video","bitrate":300000,"start_s":0,"bytes":150000,"took_ms":400}`,
		`{"t_s":0.6,"type":"fragment","kind":"audio","bitrate":32000,"start_s":-0.02,"bytes":16000,"took_ms":50}`,
		`{"t_s":1.5,"type":"fragment","kind":"video","bitrate":1200000,"start_s":4,"bytes":600000,"took_ms":1000}`,
		`{"t_s":2.5,"type":"fragment","kind":"video","bitrate":750000,"start_s":8,"bytes":375000,"took_ms":1000}`,
		`{"t_s":7.9,"type":"stall","pos_s":7.98}`,
		`{"t_s":9.9,"type":"resume","stall_s":2}`,
		`{"t_s":11,"type":"fragment","kind":"video","bitrate":300000,"start_s":8.001,"bytes":150000,"took_ms":900}`,
		`{"t_s":12,"type":"fragment","kind":"video","bitrate":300000,"start_s":12,"bytes":150000,"took_ms":900}`,
		`{"t_s":15.9,"type":"stall","pos_s":16}`,
		`{"type":"summary","stall_s":2.5}`,
	}, "\n")
	s, err := playedSession(strings.NewReader(stats), l, 4)
	if err != nil {
		t.Fatal(err)
	}
	var levels []int
	var rebuf []float64
	for _, c := range s.Chunks {
		levels = append(levels, c.Level)
		rebuf = append(rebuf, c.Rebuffer)
	}
	if !slices.Equal(levels, []int{0, 2, 0, 0}) || !slices.Equal(rebuf, []float64{0, 0, 2, 0}) {
		t.Fatalf("levels %v, rebuffering %v; want [0 2 0 0], [0 0 2 0] (the cut stall at 16 s is past the last chunk)", levels, rebuf)
	}
	m := sim.Measure(l, 4, s)
	// chunks 1..3: (1.2 − 0.9) + (0.3 − 1.2·2 − 0.9) + 0.3, over 3.
	if want := (0.3 + (0.3 - 2.4 - 0.9) + 0.3) / 3; math.Abs(m.QoELin-want) > 1e-9 {
		t.Fatalf("QoE_lin %.4f, want %.4f", m.QoELin, want)
	}
}
