package sim

import (
	"fmt"
	"math"
	"time"

	"github.com/smoothie-player/smoothie/abr"
)

// Config is the simulated set-up. DefaultConfig is Pensieve's.
type Config struct {
	Video      *Video
	Chunks     int           // chunks per session (48)
	RTT        time.Duration // dead time per request (80 ms)
	Payload    float64       // useful fraction of the link (0.95)
	BufferCap  time.Duration // the player waits above this (60 s)
	DrainStep  time.Duration // waits come in these steps (500 ms)
	FirstLevel int           // level of chunk 0, fixed (1 = 750 kbit/s)
	Window     int           // transfers passed to the policy (most recent)
	Device     *Device       // nil: unconstrained (network-only track)
	Power      abr.Power     // power state at the start (battery drains from Level)
	// DecodeBudget is passed to the policy as Input.DecodeBudget (--cpu-budget).
	DecodeBudget float64
	// Abandon gives up a video download that will not arrive in time and
	// fetches the chunk again lower, as `smoothie play` does (abandon.go).
	// Pensieve's set-up has none.
	Abandon bool
}

// DefaultConfig is Pensieve's test set-up (fixed_env.py) on its video.
func DefaultConfig() Config {
	return Config{
		Video: PensieveVideo(), Chunks: 48, RTT: 80 * time.Millisecond, Payload: 0.95,
		BufferCap: 60 * time.Second, DrainStep: 500 * time.Millisecond, FirstLevel: 1, Window: 20,
	}
}

// Chunk is what happened to one chunk of a session.
type Chunk struct {
	Level    int
	Bytes    int64
	Delay    float64 // seconds, download + RTT
	Rebuffer float64 // seconds of stall this chunk caused (chunk 0: startup)
	Sleep    float64 // seconds waited because the buffer was full
	Buffer   float64 // seconds after the chunk arrived (and the wait)
	Drop     float64 // dropped-frame fraction when played
	EnergyJ  float64 // energy spent over this chunk's download and playback share
	Reason   string
}

// Session is one trace played by one policy.
type Session struct {
	Trace  string
	Policy string
	Chunks []Chunk
}

// chooser picks the level for chunk k; the session state is read-only to it.
type chooser interface {
	choose(k int, s *state) (level int, reason string)
}

// state is the running simulation a chooser may look at.
type state struct {
	cfg       *Config
	link      link
	now       float64 // seconds since the session started
	buffer    float64
	level     int
	transfers abr.TransferLog
	decode    []abr.DecodeStats
	power     abr.Power
	stalls    int
}

// policyChooser adapts an abr.Policy.
type policyChooser struct{ p abr.Policy }

func (c policyChooser) choose(k int, s *state) (int, string) {
	cfg := s.cfg
	in := abr.Input{
		Now:           secs(s.now),
		Ladder:        cfg.Video.Ladder,
		Current:       s.level,
		Buffer:        secs(s.buffer),
		MaxBuffer:     cfg.BufferCap,
		ChunkDuration: cfg.Video.Chunk,
		Upcoming:      cfg.Video.Sizes[min(k, len(cfg.Video.Sizes)):],
		ChunksLeft:    cfg.Chunks - k,
		Transfers:     s.transfers.Transfers(),
		Stalls:        s.stalls,
		Decode:        s.decode,
		CPULoad:       -1,
		Power:         s.power,
		MaxLevel:      -1,
		DecodeBudget:  cfg.DecodeBudget,
	}
	d := c.p.Select(in)
	return d.Level, d.Reason
}

func secs(s float64) time.Duration { return time.Duration(math.Round(s * 1e9)) }

// Run plays one session of a policy over a trace.
func Run(cfg Config, tr *Trace, p abr.Policy) Session {
	return run(cfg, tr, p.Name(), policyChooser{p})
}

// withRenditions gives a ladder without resolutions the Pensieve renditions
// when a device model needs them.
func (cfg Config) withRenditions() Config {
	if cfg.Device != nil && cfg.Video.Ladder[0].Width == 0 {
		vv := *cfg.Video
		vv.Ladder = PensieveRenditions(vv.Ladder)
		cfg.Video = &vv
	}
	return cfg
}

func run(cfg Config, tr *Trace, name string, c chooser) Session {
	cfg = cfg.withRenditions()
	v := cfg.Video
	ladder := v.Ladder
	s := &state{cfg: &cfg, link: newLink(tr, cfg.Payload), level: -1, power: cfg.Power, transfers: abr.TransferLog{Max: cfg.Window},
		decode: make([]abr.DecodeStats, len(ladder))}
	out := Session{Trace: tr.Name, Policy: name, Chunks: make([]Chunk, 0, cfg.Chunks)}
	rtt := cfg.RTT.Seconds()
	chunk := v.Chunk.Seconds()
	capS, step := cfg.BufferCap.Seconds(), cfg.DrainStep.Seconds()
	for k := 0; k < cfg.Chunks; k++ {
		q, reason := cfg.FirstLevel, "first chunk at the default level"
		if k > 0 {
			q, reason = c.choose(k, s)
			q = max(0, min(q, len(ladder)-1))
		}
		bytes := v.Sizes[k%len(v.Sizes)][q]
		var lost float64 // seconds spent on abandoned downloads of this chunk
		for cfg.Abandon && k > 0 {
			at, to, ok := abandonAt(&cfg, s.link, k, q, float64(bytes), s.buffer-lost)
			if !ok {
				break
			}
			s.link.moved(at)
			lost += rtt + at
			reason = fmt.Sprintf("%s; abandoned after %.1f s for %d kbps", reason, at, ladder[to].Bitrate/1000)
			q, bytes = to, v.Sizes[k%len(v.Sizes)][to]
		}
		dl := s.link.download(float64(bytes))
		delay := lost + dl + rtt
		rebuf := math.Max(delay-s.buffer, 0)
		// The chunk starts playing once what was buffered ahead of it has played.
		playAt := s.now + delay + math.Max(s.buffer-delay, 0)
		s.buffer = math.Max(s.buffer-delay, 0) + chunk
		var sleep float64
		if s.buffer > capS {
			sleep = math.Ceil((s.buffer-capS)/step) * step
			s.buffer -= sleep
			s.link.sleep(sleep)
		}
		if k > 0 && rebuf > 0 {
			s.stalls++
		}
		ch := Chunk{Level: q, Bytes: bytes, Delay: delay, Rebuffer: rebuf, Sleep: sleep, Buffer: s.buffer, Reason: reason}
		s.now += delay
		s.transfers.Add(abr.Transfer{Level: q, Bytes: bytes, TTFB: cfg.RTT, Duration: secs(dl + rtt), End: secs(s.now)})
		s.now += sleep
		if d := cfg.Device; d != nil {
			// Decode statistics reach the policy when the chunk arrives, not
			// when it plays: a simplification that gives the CPU rule its
			// signal one buffer earlier than a real player would.
			drop, ms, busy := d.playChunk(ladder[q], playAt)
			ch.Drop = drop
			frames := int(math.Round(chunk * ladder[q].FPS))
			ds := &s.decode[q]
			total := float64(ds.MeanFrame)*float64(ds.Frames) + ms*float64(time.Millisecond)*float64(frames)
			ds.Frames += frames
			ds.Dropped += int(math.Round(drop * float64(frames)))
			ds.MeanFrame = time.Duration(total / float64(ds.Frames))
			ch.EnergyJ = (d.BaseW+d.DecodeW*busy)*chunk + d.RadioW*delay
			if d.BatteryWh > 0 && s.power.Known && !s.power.Charging {
				s.power.Level = math.Max(0, s.power.Level-ch.EnergyJ/3600/d.BatteryWh)
			}
		}
		s.level = q
		out.Chunks = append(out.Chunks, ch)
	}
	return out
}
