package abr

import (
	"fmt"
	"sort"
	"strings"
)

// Policy chooses the level of the next fragment. Implementations may keep
// state between calls (estimates, hold-downs) but read no clock: time comes
// in Input.Now. A Policy serves one session; make a new one per session.
type Policy interface {
	Name() string
	Select(in Input) Decision
}

// Names lists the policies New knows, ours first.
func Names() []string {
	return []string{"smoothie", "throughput", "bba", "bola", "mpc", "mpc-pensieve", "dynamic", "exo"}
}

// New makes a fresh policy by name with its default configuration.
func New(name string) (Policy, error) {
	switch name {
	case "smoothie":
		return NewSmoothie(DefaultSmoothieConfig()), nil
	case "throughput", "rb":
		return &Throughput{}, nil
	case "bba", "bb":
		return &BBA{Reservoir: 5, Cushion: 10}, nil
	case "bola":
		return &BOLA{}, nil
	case "mpc":
		return &MPC{Horizon: 5}, nil
	case "mpc-pensieve":
		return &MPC{Horizon: 5, PensieveIndex: true}, nil
	case "dynamic":
		return &Dynamic{}, nil
	case "exo":
		return &Exo{}, nil
	}
	known := append([]string(nil), Names()...)
	sort.Strings(known)
	return nil, fmt.Errorf("abr: unknown policy %q (known: %s)", name, strings.Join(known, ", "))
}

// pinned applies the user pin on top of an automatic decision: the pin wins,
// the reason still says what auto would have picked.
func pinned(in *Input, d Decision) Decision {
	d.Auto = d.Level
	if !in.Pinned || len(in.Ladder) == 0 {
		return d
	}
	p := in.Ladder.Clamp(in.Pin)
	d.Proposals = append(d.Proposals, Proposal{Rule: "pin", Level: p, Note: "user pin"})
	d.Reason = fmt.Sprintf("pinned %s kbps (auto would pick %s kbps: %s)", in.Ladder.Kbps(p), in.Ladder.Kbps(d.Auto), d.Reason)
	d.Level = p
	return d
}

// sanitize makes an input safe for the policies: a current level outside
// the ladder becomes "none yet", a missing fragment duration the default,
// a pin outside the ladder is clamped. ok=false for an empty ladder, with
// the decision to return.
func sanitize(in *Input) (Decision, bool) {
	if len(in.Ladder) == 0 {
		return Decision{Reason: "no levels to choose from"}, false
	}
	if in.Current < -1 || in.Current > in.Ladder.Top() {
		in.Current = -1
	}
	if in.ChunkDuration <= 0 {
		in.ChunkDuration = DefaultChunkDuration
	}
	return Decision{}, true
}
