// Package inspect turns parsed Smooth Streaming manifests and fragments into the
// reports `smoothie inspect` prints: the JSON object docs/formats.md fixes, and a table for
// people. It is pure: values in, values and text out; cmd does the I/O.
package inspect

import (
	"net/url"
	"sort"
	"strconv"
	"time"

	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/smooth"
)

// Manifest is the JSON report of a client manifest. The fields named in docs/formats.md are a
// stable contract; the others are additions.
type Manifest struct {
	Source         string       `json:"source,omitempty"`
	Live           bool         `json:"live"`
	DurationS      float64      `json:"duration_s"`
	Timescale      uint64       `json:"timescale"`
	Version        string       `json:"version"`
	DVRWindowS     float64      `json:"dvr_window_s,omitempty"`
	LookaheadCount int          `json:"lookahead_count,omitempty"`
	Protection     []Protection `json:"protection"`
	Streams        []Stream     `json:"streams"`
	Warnings       []string     `json:"warnings,omitempty"`
}

// Protection is one ProtectionHeader.
type Protection struct {
	SystemID string `json:"system_id"`
	KID      string `json:"kid"`
	LAURL    string `json:"la_url,omitempty"`
	Error    string `json:"error,omitempty"`
}

// Stream is one StreamIndex.
type Stream struct {
	Type      string  `json:"type"`
	Subtype   string  `json:"subtype,omitempty"`
	Name      string  `json:"name"`
	Language  string  `json:"language"`
	FourCC    string  `json:"fourcc"`
	Timescale uint64  `json:"timescale"`
	StartS    float64 `json:"start_s"`
	EndS      float64 `json:"end_s"`
	Fragments uint64  `json:"fragments"`
	Parent    string  `json:"parent,omitempty"`
	// Sparse is what a sparse stream carries (chapter, scte35, data), Scheme the
	// scheme its levels name, Inline how many payloads the manifest carries
	// (ManifestOutput).
	Sparse   string  `json:"sparse,omitempty"`
	Scheme   string  `json:"scheme,omitempty"`
	Inline   int     `json:"inline,omitempty"`
	Levels   []Level `json:"levels"`
	FirstURL string  `json:"first_url"`
}

// Level is one QualityLevel. N is its rank by bitrate within the stream (lowest = 1),
// the number people use; Index is the manifest's attribute.
type Level struct {
	N            int    `json:"n"`
	Index        int    `json:"index"`
	Bitrate      uint64 `json:"bitrate"`
	FourCC       string `json:"fourcc"`
	Codec        string `json:"codec,omitempty"`
	Width        int    `json:"width"`
	Height       int    `json:"height"`
	SamplingRate int    `json:"sampling_rate"`
	Channels     int    `json:"channels"`
	Error        string `json:"error,omitempty"`
}

func seconds(ticks, scale uint64) float64 {
	d := smooth.Seconds(ticks, scale)
	return round3(d)
}

func round3(d time.Duration) float64 {
	return float64(d.Round(time.Microsecond)) / float64(time.Second)
}

// FromManifest builds the report. base is the manifest's URL when it came over HTTP
// (first_url is then absolute), nil for a file (first_url stays relative).
func FromManifest(m *smooth.Manifest, source string, base *url.URL) Manifest {
	r := Manifest{
		Source:         source,
		Live:           m.IsLive,
		DurationS:      round3(m.DurationTime()),
		Timescale:      m.TimeScale,
		Version:        strconv.Itoa(m.MajorVersion) + "." + strconv.Itoa(m.MinorVersion),
		LookaheadCount: m.LookaheadCount,
		Protection:     []Protection{},
		Streams:        []Stream{},
		Warnings:       m.Warnings,
	}
	if m.IsLive || m.DVRWindowLength > 0 {
		r.DVRWindowS = seconds(m.DVRWindowLength, m.TimeScale)
	}
	for _, p := range m.Protection {
		pr := Protection{SystemID: p.SystemID}
		if p.SystemID == smooth.PlayReadySystemID {
			if p.Data == nil {
				pr.Error = "ProtectionHeader is not base64"
			} else if h, err := smooth.ParsePlayReadyObject(p.Data); err != nil {
				pr.Error = err.Error()
			} else {
				if kids := h.KIDHex(); len(kids) > 0 {
					pr.KID = kids[0]
				}
				pr.LAURL = h.LAURL
			}
		}
		r.Protection = append(r.Protection, pr)
	}
	for _, s := range m.Streams {
		r.Streams = append(r.Streams, fromStream(s, base))
	}
	return r
}

func fromStream(s *smooth.StreamIndex, base *url.URL) Stream {
	st := Stream{
		Type: s.Type.String(), Subtype: s.Subtype, Name: s.Name, Language: s.Language,
		Timescale: s.TimeScale, Fragments: s.Timeline.Len(), Parent: s.ParentStreamIndex,
		StartS: seconds(s.Timeline.Start(), s.TimeScale), EndS: seconds(s.Timeline.End(), s.TimeScale),
		Sparse: s.SparseKind(), Scheme: s.Scheme(), Inline: s.Inline(), Levels: []Level{},
	}
	for _, q := range s.Levels {
		l := Level{Index: q.Index, Bitrate: q.Bitrate, FourCC: q.FourCC, Width: q.MaxWidth, Height: q.MaxHeight,
			SamplingRate: q.SamplingRate, Channels: q.Channels}
		if cfg, err := s.CodecConfig(q); err != nil && st.Sparse == "" {
			l.Error = err.Error()
		} else if err == nil {
			l.Codec = string(cfg.Codec)
			if l.FourCC == "" {
				l.FourCC = cfg.FourCC
			}
			if s.Type == media.KindAudio {
				l.SamplingRate, l.Channels = cfg.SampleRate, cfg.Channels
			} else if s.Type == media.KindVideo {
				l.Width, l.Height = cfg.Width, cfg.Height
			}
		}
		st.Levels = append(st.Levels, l)
	}
	rankLevels(st.Levels)
	if len(s.Levels) > 0 {
		st.FourCC = st.Levels[0].FourCC
		if st.FourCC == "" {
			st.FourCC = s.FourCC
		}
		if s.URL != "" && s.Timeline.Len() > 0 {
			rel := s.FragmentURL(s.Levels[0], s.Timeline.Start())
			st.FirstURL = rel
			if base != nil {
				if u, err := smooth.ResolveFragmentURL(base, rel); err == nil {
					st.FirstURL = u.String()
				}
			}
		}
	}
	return st
}

// rankLevels numbers levels by bitrate, lowest = 1 (ties keep manifest order).
func rankLevels(ls []Level) {
	order := make([]int, len(ls))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return ls[order[a]].Bitrate < ls[order[b]].Bitrate })
	for rank, i := range order {
		ls[i].N = rank + 1
	}
}
