package player

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/smoothie-player/smoothie/abr"
	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/smooth"
)

// smoothTrack is one StreamIndex of a Smooth Streaming presentation: its usable
// levels, its timeline (the source's lock guards it) and what its live fragments
// said about their successors.
type smoothTrack struct {
	src    *smoothSource
	si     *smooth.StreamIndex
	levels []*smooth.QualityLevel
	info   TrackInfo
	// manEnd is the end of the window the latest manifest listed (live).
	manEnd uint64
	// announced: the last fragment loaded named what follows it (tfrf).
	announced bool
	// noTfrf: the track's newest live fragment named no successor although the
	// manifest holds fragments back for tfrf (see smooth_tfrf.go).
	noTfrf bool
	prober edgeProber
}

// newSmoothTrack keeps the levels of si that have a codec configuration and pass
// check, sorted by bitrate.
func newSmoothTrack(src *smoothSource, si *smooth.StreamIndex, check func(DecoderConfig) error) *smoothTrack {
	t := &smoothTrack{src: src, si: si, manEnd: si.Timeline.End(), announced: true,
		info: TrackInfo{Kind: si.Type, Name: si.Name, Language: si.Language, Subtype: si.Subtype}}
	if si.Type == media.KindText {
		check = nil // the player reads text itself: no FFmpeg decoder to ask
		t.info.Scheme, t.info.Inline = si.Scheme(), si.Inline() > 0
		t.info.Marks = contentMarks(si)
	}
	type lv struct {
		q   *smooth.QualityLevel
		cfg DecoderConfig
	}
	var ok []lv
	var firstErr error
	for _, q := range si.Levels {
		cfg, err := si.CodecConfig(q)
		if err != nil && isSparse(t.info) {
			// Sparse data has no codec (AMS writes FourCC=""): the player reads it.
			cfg, err = DecoderConfig{Kind: media.KindText, FourCC: q.FourCC}, nil
		}
		if err == nil && check != nil {
			err = check(cfg)
		}
		if err != nil {
			err = fmt.Errorf("%s stream %q level Index=%d (%d bit/s): %w", si.Type, si.Name, q.Index, q.Bitrate, err)
			if firstErr == nil {
				firstErr = err
			}
			t.info.Skipped = append(t.info.Skipped, err.Error()+"; left out")
			continue
		}
		ok = append(ok, lv{q, cfg})
	}
	switch {
	case len(ok) == 0 && firstErr == nil:
		t.info.Err = fmt.Errorf("%s stream %q: no quality levels", si.Type, si.Name)
	case len(ok) == 0:
		t.info.Err = firstErr
	case si.Timeline.Len() == 0:
		t.info.Err = fmt.Errorf("%s stream %q: no fragments in the manifest", si.Type, si.Name)
	case si.URL == "" && !t.info.Inline:
		t.info.Err = fmt.Errorf("%s stream %q: no Url to fetch its fragments from", si.Type, si.Name)
	}
	slices.SortStableFunc(ok, func(a, b lv) int { return cmp.Compare(a.q.Bitrate, b.q.Bitrate) })
	for _, l := range ok {
		t.levels = append(t.levels, l.q)
		t.info.Configs = append(t.info.Configs, l.cfg)
		t.info.Levels = append(t.info.Levels, Level{Bitrate: int64(l.q.Bitrate), Width: l.cfg.Width, Height: l.cfg.Height, Codec: string(l.cfg.Codec)})
	}
	return t
}

// Info implements SourceTrack.
func (t *smoothTrack) Info() TrackInfo { return t.info }

// ticks converts a position to this stream's timescale, rounding up: the position
// of a fragment's start (rel rounds down) converts back to it. The caller holds the
// source's lock.
func (t *smoothTrack) ticks(pos time.Duration) uint64 {
	abs := pos + t.src.base
	if abs < 0 {
		return 0
	}
	ts, sec := t.si.TimeScale, uint64(time.Second)
	return uint64(abs/time.Second)*ts + (uint64(abs%time.Second)*ts+sec-1)/sec
}

// rel converts this stream's ticks to a position; the caller holds the source's lock.
func (t *smoothTrack) rel(ticks uint64) time.Duration {
	return smooth.Seconds(ticks, t.si.TimeScale) - t.src.base
}

// chunk describes fragment f; the caller holds the source's lock.
func (t *smoothTrack) chunk(f smooth.Fragment) Chunk {
	c := Chunk{Start: t.rel(f.Start), Duration: smooth.Seconds(f.Duration, t.si.TimeScale), Left: -1, Ref: [2]uint64{f.Start, f.End()}}
	if last, ok := t.si.Timeline.Last(); ok && !t.src.live() && last.Index >= f.Index {
		c.Left = int(last.Index - f.Index + 1)
	}
	return c
}

// Locate implements SourceTrack.
func (t *smoothTrack) Locate(pos time.Duration) (Chunk, bool) {
	t.src.mu.Lock()
	defer t.src.mu.Unlock()
	f, ok := t.si.Timeline.Find(t.ticks(pos))
	if !ok {
		return Chunk{}, false
	}
	return t.chunk(f), true
}

// Next implements SourceTrack: the first fragment starting at or after c's end (a
// time-based cursor survives live windows sliding and timelines being rebuilt). On
// live, while none is announced, it asks for a manifest refresh (when the last
// fragment named no successor), probes the edge, and waits.
func (t *smoothTrack) Next(ctx context.Context, c Chunk, ahead func() time.Duration) (Chunk, error) {
	for {
		t.src.mu.Lock()
		tl := &t.si.Timeline
		f, ok := tl.Find(c.Ref[1])
		if ok && f.Start < c.Ref[1] {
			f, ok = tl.At(f.Index + 1)
		}
		live, announced := t.src.live(), t.announced
		var next Chunk
		if ok {
			next = t.chunk(f)
		}
		t.src.mu.Unlock()
		switch {
		case ok:
			return next, nil
		case !live:
			return Chunk{}, ErrEndOfStream
		}
		if !announced {
			t.src.askRefresh()
		}
		// A sparse stream names no successors (tfrf is for the others): it
		// follows the refreshes, with neither probes nor extra refreshes.
		if t.si.SparseKind() == "" && t.prober.probe(ctx, t, ahead()) {
			continue
		}
		if !Sleep(ctx, t.src.host.Clock(), 200*time.Millisecond) {
			return Chunk{}, ctx.Err()
		}
	}
}

// Load implements SourceTrack: one GET of the fragment at the level, parsed; the
// tfrf it carries grows the timeline, and its Sparse Stream Pointer the sparse
// streams' (smooth_pointer.go). A 404 for the last fragment of a VOD
// presentation is the end of the stream; a 412, or a 404 among the newest live
// fragments (an origin that serves files), is ErrNotYet.
func (t *smoothTrack) Load(ctx context.Context, req LoadRequest) (LoadResult, error) {
	q := t.levels[req.Level]
	start := req.Chunk.Ref[0]
	u, err := smooth.ResolveFragmentURL(t.src.manifestURL(), t.si.FragmentURL(q, start))
	if err != nil {
		return LoadResult{}, err
	}
	if t.info.Inline {
		return t.loadInline(req)
	}
	var data []byte
	var tr abr.Transfer
	var hdr http.Header
	if t.src.cfg.DiscardMedia && t.si.Type != media.KindText {
		data, _, tr, hdr, err = t.src.fetch.getHead(ctx, u.String(), t.cmcd(req), maxFragment, req.Progress)
	} else {
		data, tr, hdr, err = t.src.fetch.get(ctx, u.String(), t.cmcd(req), maxFragment, req.Progress)
	}
	if err != nil {
		var se *StatusError
		switch {
		case errors.As(err, &se) && se.Code == http.StatusNotFound && t.atEnd(start):
			return LoadResult{}, ErrEndOfStream
		case errors.As(err, &se) && (se.Code == http.StatusPreconditionFailed || se.Code == http.StatusNotFound && t.atLiveEdge(start)):
			return LoadResult{}, NotYet(err)
		}
		return LoadResult{}, err
	}
	opts := smooth.FragmentOptions{Timescale: t.si.TimeScale, Start: start, Kind: t.si.Type}
	if p := t.src.protection(nil, t.si.Type); p != nil {
		opts.IVSize = p.ivSize
	}
	mf, err := smooth.ParseFragment(data, opts)
	if err != nil {
		return LoadResult{}, Corrupt(fmt.Errorf("%s fragment at t=%d: %w", t.si.Type, start, err))
	}
	if p := t.src.protection(mf, t.si.Type); p != nil && mf.HasData && t.si.Type != media.KindText {
		if err := p.decrypt(t.si.Type, mf.OverrideKID, mf.Samples); err != nil {
			return LoadResult{}, Corrupt(fmt.Errorf("%s fragment at t=%d: %w", t.si.Type, start, err))
		}
	}
	t.addLookahead(mf.Lookahead)
	if t.si.SparseKind() == "" {
		t.noteTfrf(req.Chunk.Ref[1], len(mf.Lookahead) > 0)
		t.src.pointSparse(t, req.Chunk.Ref[1], hdr)
	}
	return LoadResult{Samples: mf.Samples, Transfer: tr}, nil
}

// atEnd reports whether the fragment starting at start is the last of a VOD
// presentation (or beyond its duration).
func (t *smoothTrack) atEnd(start uint64) bool {
	t.src.mu.Lock()
	defer t.src.mu.Unlock()
	if t.src.man == nil || t.src.man.IsLive {
		return false
	}
	last, ok := t.si.Timeline.Last()
	f, found := t.si.Timeline.Find(start)
	return !ok || !found || f.Index >= last.Index || (t.src.duration > 0 && t.rel(start) >= t.src.duration)
}

// cmcd returns the Common Media Client Data headers for a fragment request (nil
// when CMCD is off).
func (t *smoothTrack) cmcd(req LoadRequest) http.Header {
	if !t.src.cfg.CMCD {
		return nil
	}
	ot := "a"
	if t.si.Type == media.KindVideo {
		ot = "v"
	}
	bl := max(req.Buffer, 0)
	h := http.Header{}
	h.Set("CMCD-Object", "br="+strconv.FormatInt(t.info.Levels[req.Level].Bitrate/1000, 10)+",d="+
		strconv.FormatInt(req.Chunk.Duration.Milliseconds(), 10)+",ot="+ot)
	h.Set("CMCD-Request", "bl="+strconv.FormatInt(bl.Milliseconds()/100*100, 10))
	h.Set("CMCD-Session", `sid="`+t.src.cfg.SessionID+`",sf=s,st=v`)
	if tp := req.Throughput; tp > 0 {
		h.Set("CMCD-Request", h.Get("CMCD-Request")+",mtp="+strconv.FormatInt(tp/100_000*100, 10))
	}
	return h
}
