package inspect

import (
	"context"
	"fmt"
	"net/url"
	"sort"
	"sync"

	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/smooth"
)

// Fetcher gets one URL's body; the checker is independent of how (HTTP in cmd).
type Fetcher func(ctx context.Context, u string) ([]byte, error)

// CheckReport is the result of checking every fragment of every level.
type CheckReport struct {
	Source    string    `json:"source"`
	Levels    int       `json:"levels"`
	Fragments int       `json:"fragments"`
	Checked   int       `json:"checked"`
	Problems  []Problem `json:"problems"`
}

// Problem is one thing that is off, with where.
type Problem struct {
	Stream  string `json:"stream"`
	Bitrate uint64 `json:"bitrate"`
	Time    uint64 `json:"time"`
	URL     string `json:"url,omitempty"`
	Msg     string `json:"msg"`
}

// CheckOptions tunes Check.
type CheckOptions struct {
	// Concurrency is the number of fragments fetched at once (default 4).
	Concurrency int
	// Progress, when set, is called after each fragment with done and total.
	Progress func(done, total int)
}

type job struct {
	s *smooth.StreamIndex
	q *smooth.QualityLevel
	f smooth.Fragment
}

// Check fetches every fragment of every level of m (base is the manifest URL) and
// reports fetch errors, fragments that do not parse, tfxd times and durations that
// disagree with the manifest, video fragments that do not start with a keyframe, and
// in-band parameter sets that differ from CodecPrivateData.
func Check(ctx context.Context, m *smooth.Manifest, base *url.URL, fetch Fetcher, opt CheckOptions) CheckReport {
	if opt.Concurrency <= 0 {
		opt.Concurrency = 4
	}
	r := CheckReport{Source: base.String(), Problems: []Problem{}}
	var jobs []job
	for _, s := range m.Streams {
		if s.Inline() > 0 {
			n, ps := checkInline(s)
			r.Fragments += n
			r.Checked += n
			r.Problems = append(r.Problems, ps...)
			continue
		}
		if s.URL == "" {
			continue
		}
		for _, q := range s.Levels {
			r.Levels++
			if _, err := s.CodecConfig(q); err != nil && s.SparseKind() == "" {
				r.Problems = append(r.Problems, Problem{Stream: s.Name, Bitrate: q.Bitrate, Msg: err.Error()})
				continue
			}
			s.Timeline.Each(func(f smooth.Fragment) bool {
				jobs = append(jobs, job{s, q, f})
				return true
			})
		}
	}
	r.Fragments += len(jobs)
	var mu sync.Mutex
	next := make(chan job)
	var wg sync.WaitGroup
	for w := 0; w < opt.Concurrency; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range next {
				ps := checkOne(ctx, j, base, fetch)
				mu.Lock()
				r.Checked++
				r.Problems = append(r.Problems, ps...)
				if opt.Progress != nil {
					opt.Progress(r.Checked, r.Fragments)
				}
				mu.Unlock()
			}
		}()
	}
	for _, j := range jobs {
		if ctx.Err() != nil {
			break
		}
		next <- j
	}
	close(next)
	wg.Wait()
	sort.SliceStable(r.Problems, func(a, b int) bool {
		pa, pb := r.Problems[a], r.Problems[b]
		if pa.Stream != pb.Stream {
			return pa.Stream < pb.Stream
		}
		if pa.Bitrate != pb.Bitrate {
			return pa.Bitrate < pb.Bitrate
		}
		return pa.Time < pb.Time
	})
	return r
}

func checkOne(ctx context.Context, j job, base *url.URL, fetch Fetcher) []Problem {
	u, err := smooth.ResolveFragmentURL(base, j.s.FragmentURL(j.q, j.f.Start))
	if err != nil {
		return []Problem{{Stream: j.s.Name, Bitrate: j.q.Bitrate, Time: j.f.Start, Msg: err.Error()}}
	}
	p := func(format string, a ...any) Problem {
		return Problem{Stream: j.s.Name, Bitrate: j.q.Bitrate, Time: j.f.Start, URL: u.String(), Msg: fmt.Sprintf(format, a...)}
	}
	b, err := fetch(ctx, u.String())
	if err != nil {
		return []Problem{p("%v", err)}
	}
	frag, err := smooth.ParseFragment(b, smooth.FragmentOptions{Timescale: j.s.TimeScale, Start: j.f.Start, Kind: j.s.Type})
	if err != nil {
		return []Problem{p("fragment does not parse: %v", err)}
	}
	var out []Problem
	if frag.HasTfxd {
		if frag.Time != j.f.Start {
			out = append(out, p("tfxd time %d, manifest says %d", frag.Time, j.f.Start))
		}
		if frag.Duration != j.f.Duration {
			out = append(out, p("tfxd duration %d, manifest says %d", frag.Duration, j.f.Duration))
		}
	}
	if len(frag.Samples) == 0 {
		return append(out, p("no samples"))
	}
	var sum, maxDur uint64
	for _, s := range frag.Samples {
		sum += uint64(s.Duration)
		maxDur = max(maxDur, uint64(s.Duration))
	}
	if diff := absDiff(sum, j.f.Duration); diff > maxDur {
		out = append(out, p("samples last %d, manifest duration %d", sum, j.f.Duration))
	}
	if k := j.s.SparseKind(); k != "" {
		for _, smp := range frag.Samples {
			if msg := checkSparse(k, smp.Data); msg != "" {
				out = append(out, p("sample at %d: %s", smp.Time, msg))
			}
		}
	}
	if j.s.Type == media.KindVideo {
		if !frag.Samples[0].Keyframe {
			out = append(out, p("does not start with a keyframe"))
		}
		if msg := checkParameterSets(j.s, j.q, frag.Samples[0]); msg != "" {
			out = append(out, p("%s", msg))
		}
	}
	return out
}

func absDiff(a, b uint64) uint64 {
	if a > b {
		return a - b
	}
	return b - a
}

// checkParameterSets compares an H.264 sample's in-band SPS/PPS with CodecPrivateData.
func checkParameterSets(s *smooth.StreamIndex, q *smooth.QualityLevel, sample media.Sample) string {
	cfg, err := s.CodecConfig(q)
	if err != nil || sample.Encryption != nil {
		return ""
	}
	if err := smooth.CheckInBandParameterSets(cfg, sample.Data); err != nil {
		return err.Error()
	}
	return ""
}
