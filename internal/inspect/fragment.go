package inspect

import (
	"github.com/smoothie-player/smoothie/drm"
	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/smooth"
)

// Media is the JSON report of a fragment response or a whole .ismv/.isma file.
type Media struct {
	Source string `json:"source,omitempty"`
	// What is "fragment" (one moof+mdat, or a FragmentInfo moof) or "file".
	What      string       `json:"what"`
	Timescale uint64       `json:"timescale"`
	Tracks    []Track      `json:"tracks,omitempty"`
	Boxes     []Box        `json:"boxes"`
	Fragments []Fragment   `json:"fragments"`
	Index     []IndexEntry `json:"index,omitempty"`
}

// Track is one trak of a file's moov.
type Track struct {
	ID        uint32 `json:"id"`
	Type      string `json:"type"`
	Timescale uint32 `json:"timescale"`
	// Scheme and KID of a protected track (its sinf).
	Scheme string `json:"scheme,omitempty"`
	KID    string `json:"kid,omitempty"`
}

// Box is one box with its place.
type Box struct {
	Type   string `json:"type"`
	Offset uint64 `json:"offset"`
	Size   uint64 `json:"size"`
	Depth  int    `json:"depth"`
}

// Fragment summarises one moof (+mdat).
type Fragment struct {
	Offset     uint64      `json:"offset"`
	Sequence   uint32      `json:"sequence"`
	Time       uint64      `json:"time"`
	TimeS      float64     `json:"time_s"`
	Duration   uint64      `json:"duration"`
	DurationS  float64     `json:"duration_s"`
	Tfxd       bool        `json:"tfxd"`
	Lookahead  []Lookahead `json:"tfrf,omitempty"`
	Samples    int         `json:"samples"`
	Keyframes  int         `json:"keyframes"`
	Bytes      int         `json:"bytes"`
	HasData    bool        `json:"has_data"`
	Encryption string      `json:"encryption,omitempty"`
	// Scheme and KID come from the file's moov (tenc, PIFF box) or a PIFF override;
	// IVSize and Subsamples from the fragment's sample encryption.
	Scheme      string `json:"scheme,omitempty"`
	KID         string `json:"kid,omitempty"`
	IVSize      int    `json:"iv_size,omitempty"`
	Subsamples  int    `json:"subsamples,omitempty"`
	OffsetFixed bool   `json:"offset_fixed,omitempty"`
	Error       string `json:"error,omitempty"`
}

// Lookahead is one tfrf entry.
type Lookahead struct {
	Time     uint64 `json:"t"`
	Duration uint64 `json:"d"`
}

// IndexEntry is one tfra entry.
type IndexEntry struct {
	TrackID    uint32  `json:"track_id"`
	Time       uint64  `json:"time"`
	TimeS      float64 `json:"time_s"`
	MoofOffset uint64  `json:"moof_offset"`
}

// FromFragment reports a single fragment response. timescale is the stream's, or the
// Smooth default when unknown.
func FromFragment(f *smooth.MediaFragment, source string, timescale uint64) Media {
	m := Media{Source: source, What: "fragment", Timescale: timescale, Boxes: []Box{}}
	for _, b := range f.Boxes {
		m.Boxes = append(m.Boxes, Box(b))
	}
	m.Fragments = []Fragment{fromFragment(f, 0, timescale)}
	return m
}

func fromFragment(f *smooth.MediaFragment, off, scale uint64) Fragment {
	r := Fragment{Offset: off, Sequence: f.Sequence, Time: f.Time, Duration: f.Duration, Tfxd: f.HasTfxd,
		Samples: len(f.Samples), HasData: f.HasData, Encryption: f.Encryption, OffsetFixed: f.OffsetFixed,
		IVSize: f.IVSize, Subsamples: f.Subsamples, KID: f.OverrideKID,
		TimeS: seconds(f.Time, scale), DurationS: seconds(f.Duration, scale)}
	for _, la := range f.Lookahead {
		r.Lookahead = append(r.Lookahead, Lookahead{la.Start, la.Duration})
	}
	for _, s := range f.Samples {
		if s.Keyframe {
			r.Keyframes++
		}
		r.Bytes += len(s.Data)
	}
	return r
}

// FromFile reports an .ismv/.isma file: tracks, top-level boxes, each fragment, and the
// mfra index. b is the file's bytes.
func FromFile(mf *smooth.MediaFile, b []byte, source string) Media {
	m := Media{Source: source, What: "file", Timescale: smooth.DefaultTimeScale, Boxes: []Box{}, Fragments: []Fragment{}}
	kind := media.KindUnknown
	var prot *drm.TrackProtection
	for _, t := range mf.Tracks {
		tr := Track{ID: t.ID, Type: t.Kind.String(), Timescale: t.Timescale}
		if t.Protection != nil {
			tr.Scheme, tr.KID = t.Protection.Scheme, t.Protection.Track.KID.String()
			if prot == nil {
				prot = t.Protection
			}
		}
		m.Tracks = append(m.Tracks, tr)
	}
	if len(mf.Tracks) > 0 && mf.Tracks[0].Timescale > 0 {
		m.Timescale = uint64(mf.Tracks[0].Timescale)
		kind = mf.Tracks[0].Kind
	}
	opts := smooth.FragmentOptions{Kind: kind}
	if prot != nil {
		opts.IVSize = prot.Track.IVSize
		if opts.IVSize == 0 {
			opts.IVSize = -1
		}
	}
	for _, bx := range mf.Boxes {
		m.Boxes = append(m.Boxes, Box(bx))
	}
	for _, r := range mf.Fragments {
		opts.Timescale = m.Timescale
		f, err := smooth.ParseFragment(b[r.Offset:r.Offset+r.Size], opts)
		if err != nil {
			m.Fragments = append(m.Fragments, Fragment{Offset: r.Offset, Error: err.Error()})
			continue
		}
		fr := fromFragment(f, r.Offset, m.Timescale)
		if prot != nil {
			fr.Scheme = prot.Scheme
			if fr.KID == "" {
				fr.KID = prot.Track.KID.String()
			}
			if f.Encryption == "" && prot.Scheme == drm.SchemeCBCS {
				fr.Encryption = "constant IV, whole samples (no senc)"
			}
		}
		m.Fragments = append(m.Fragments, fr)
	}
	for _, e := range mf.Index {
		m.Index = append(m.Index, IndexEntry{TrackID: e.TrackID, Time: e.Time, TimeS: seconds(e.Time, m.Timescale), MoofOffset: e.MoofOffset})
	}
	return m
}
