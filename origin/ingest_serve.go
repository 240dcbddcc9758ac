package origin

import (
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/smooth"
)

// group is the tracks of one stream of a publishing point (same kind and name).
type group struct {
	kind   media.Kind
	name   string
	tracks []*ingestTrack
}

// groups lists the streams, video first; callers hold pp.mu.
func (pp *publishingPoint) groups() []*group {
	var out []*group
	for _, t := range pp.tracks {
		var g *group
		for _, x := range out {
			if x.kind == t.kind && strings.EqualFold(x.name, t.name) {
				g = x
			}
		}
		if g == nil {
			g = &group{kind: t.kind, name: t.name}
			out = append(out, g)
		}
		g.tracks = append(g.tracks, t)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].kind < out[j].kind })
	return out
}

// manifest builds the publishing point's client manifest: live with a sliding window
// (the newest lookahead fragments held back for tfrf), or VOD once every push ended.
func (pp *publishingPoint) manifest(dvrTicks10M uint64, lookahead int) (*smooth.Manifest, error) {
	pp.mu.RLock()
	defer pp.mu.RUnlock()
	m := &smooth.Manifest{MajorVersion: 2, MinorVersion: 2, TimeScale: smooth.DefaultTimeScale, IsLive: !pp.ended}
	if m.IsLive {
		m.LookaheadCount, m.LookaheadAttr, m.DVRWindowLength = lookahead, "LookAheadFragmentCount", dvrTicks10M
	}
	for _, g := range pp.groups() {
		ref := g.tracks[0]
		s := &smooth.StreamIndex{Type: g.kind, Name: g.name, TimeScale: ref.timescale,
			URL: "QualityLevels({bitrate})/Fragments(" + g.name + "={start time})"}
		for i, t := range g.tracks {
			q := &smooth.QualityLevel{Index: i, Bitrate: t.bitrate, FourCC: t.ft.FourCC, CodecPrivateData: t.ft.CodecPrivateData,
				MaxWidth: t.ft.Width, MaxHeight: t.ft.Height, SamplingRate: t.ft.SampleRate, Channels: t.ft.Channels,
				BitsPerSample: t.ft.BitsPerSample, NALUnitLengthField: smooth.DefaultNALUnitLengthField}
			if g.kind == media.KindAudio {
				q.AudioTag, q.PacketSize = smooth.AudioTagAAC, 4
			}
			s.Levels = append(s.Levels, q)
			s.MaxWidth, s.MaxHeight = max(s.MaxWidth, q.MaxWidth), max(s.MaxHeight, q.MaxHeight)
		}
		frags := ref.frags
		if m.IsLive {
			if len(frags) <= lookahead {
				return nil, fmt.Errorf("%s: stream %q has no fragment to announce yet", pp.name, g.name)
			}
			frags = frags[:len(frags)-lookahead]
		}
		var runs []smooth.Run
		for _, f := range frags {
			runs = append(runs, smooth.Run{Start: f.time, Duration: f.dur, Count: 1})
		}
		tl, err := smooth.NewTimeline(runs)
		if err != nil {
			return nil, fmt.Errorf("%s: stream %q: %v", pp.name, g.name, err)
		}
		s.Timeline = tl
		if !m.IsLive {
			s.Chunks = int(tl.Len())
			if d := rescale(tl.End()-tl.Start(), s.TimeScale, m.TimeScale); d > m.Duration {
				m.Duration = d
			}
		}
		m.Streams = append(m.Streams, s)
	}
	if len(m.Streams) == 0 {
		return nil, fmt.Errorf("%s has no tracks yet", pp.name)
	}
	return m, nil
}

// ingestManifest answers /NAME.isml/Manifest for a pushed publishing point.
func (s *Server) ingestManifest(w http.ResponseWriter, r *http.Request, pp *publishingPoint) {
	m, err := pp.manifest(uint64(s.cfg.DVRWindow.Seconds()*smooth.DefaultTimeScale), s.cfg.Lookahead)
	if err != nil {
		httpError(w, http.StatusServiceUnavailable, err.Error())
		return
	}
	respondLiveManifest(w, r, m.Marshal())
}

// ingestFragment answers a fragment of a pushed publishing point: 412 past the newest
// received fragment, 404 before the window, else the fragment with tfxd (normalised
// time) and a tfrf naming the received fragments after it.
func (s *Server) ingestFragment(w http.ResponseWriter, r *http.Request, pp *publishingPoint, req *smooth.Request) {
	pp.mu.RLock()
	var track *ingestTrack
	for _, g := range pp.groups() {
		if !strings.EqualFold(g.name, req.Stream) {
			continue
		}
		for _, t := range g.tracks {
			if t.bitrate == req.Bitrate {
				track = t
			}
		}
	}
	if track == nil {
		pp.mu.RUnlock()
		httpError(w, http.StatusNotFound, fmt.Sprintf("no stream %q at bitrate %d in %s", req.Stream, req.Bitrate, pp.name))
		return
	}
	frags := track.frags
	// Past the newest fragment (by more than the slack the lookup allows): not yet.
	i := sort.Search(len(frags), func(i int) bool { return frags[i].time+startSlack >= req.Time })
	if i == len(frags) {
		ended := track.ended
		pp.mu.RUnlock()
		if ended {
			httpError(w, http.StatusNotFound, "the stream has ended")
			return
		}
		w.Header().Set("Cache-Control", "no-cache")
		w.WriteHeader(http.StatusPreconditionFailed)
		return
	}
	if j, ok := nearStart(req.Time, func(t uint64) (int, bool) {
		j := sort.Search(len(frags), func(j int) bool { return frags[j].time >= t })
		return j, j < len(frags) && frags[j].time == t
	}); ok {
		i = j
	} else {
		pp.mu.RUnlock()
		httpError(w, http.StatusNotFound, fmt.Sprintf("no fragment at t=%d (outside the DVR window, or not a fragment start)", req.Time))
		return
	}
	fr := frags[i]
	var la []smooth.Fragment
	for j := i + 1; j < len(frags) && j <= i+s.cfg.Lookahead; j++ {
		la = append(la, smooth.Fragment{Start: frags[j].time, Duration: frags[j].dur})
	}
	trackID := track.trackID
	pp.mu.RUnlock()
	f, err := smooth.ParseFragment(fr.data, smooth.FragmentOptions{Timescale: track.timescale})
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	f.Time, f.Duration, f.Lookahead = fr.time, fr.dur, la
	respondFragment(w, r, f, trackID, track.kind, req.Kind == smooth.RequestFragmentInfo)
}
