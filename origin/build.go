package origin

import (
	"fmt"
	"math/bits"
	"strings"

	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/smooth"
)

// buildManifest makes a client manifest from a server manifest and its media files,
// for presentations shipped without an .ismc: one video stream with every video
// level, one audio (or text) stream per trackName or language, codec data from each
// track's sample entry, and timelines from the fragment index.
func buildManifest(sm *smooth.ServerManifest, files []*mediaFile) (*smooth.Manifest, error) {
	m := &smooth.Manifest{MajorVersion: 2, MinorVersion: 2, TimeScale: smooth.DefaultTimeScale}
	byName := map[string]*smooth.StreamIndex{}
	for i, t := range sm.Tracks {
		mf := files[i]
		ft, ok := mf.track(uint32(t.TrackID()))
		if !ok {
			return nil, fmt.Errorf("%s has no track %d", mf.name, t.TrackID())
		}
		name, ok := t.Param("trackName")
		if !ok {
			name = t.Kind.String()
			if t.Kind != media.KindVideo && t.SystemLanguage != "" {
				name += "_" + t.SystemLanguage
			}
		}
		s := byName[name]
		if s == nil {
			s = &smooth.StreamIndex{Type: t.Kind, Name: name, TimeScale: uint64(ft.Timescale), Language: t.SystemLanguage,
				URL: "QualityLevels({bitrate})/Fragments(" + name + "={start time})"}
			if s.Language == "" && ft.Language != "" && ft.Language != "und" {
				s.Language = ft.Language
			}
			tl, err := mf.timeline(ft.ID)
			if err != nil {
				return nil, err
			}
			s.Timeline = tl
			s.Chunks = int(tl.Len())
			byName[name] = s
			m.Streams = append(m.Streams, s)
		}
		q := &smooth.QualityLevel{
			Index: len(s.Levels), Bitrate: t.SystemBitrate, FourCC: ft.FourCC, CodecPrivateData: ft.CodecPrivateData,
			MaxWidth: ft.Width, MaxHeight: ft.Height, SamplingRate: ft.SampleRate, Channels: ft.Channels,
			BitsPerSample: ft.BitsPerSample, NALUnitLengthField: smooth.DefaultNALUnitLengthField,
		}
		if t.Kind == media.KindAudio {
			q.AudioTag = smooth.AudioTagAAC
			q.PacketSize = 4
		}
		if q.Bitrate == 0 {
			return nil, fmt.Errorf("%s track %d: no systemBitrate in the server manifest", mf.name, ft.ID)
		}
		s.Levels = append(s.Levels, q)
		s.QualityLevelCount = len(s.Levels)
		if q.MaxWidth > s.MaxWidth {
			s.MaxWidth, s.DisplayWidth = q.MaxWidth, q.MaxWidth
		}
		if q.MaxHeight > s.MaxHeight {
			s.MaxHeight, s.DisplayHeight = q.MaxHeight, q.MaxHeight
		}
	}
	for _, s := range m.Streams {
		if d := rescale(s.Timeline.End()-s.Timeline.Start(), s.TimeScale, m.TimeScale); d > m.Duration {
			m.Duration = d
		}
	}
	if len(m.Streams) == 0 {
		return nil, fmt.Errorf("no tracks")
	}
	return m, nil
}

func rescale(v, from, to uint64) uint64 {
	if from == to || from == 0 {
		return v
	}
	hi, lo := bits.Mul64(v, to)
	if hi >= from {
		return 0
	}
	q, _ := bits.Div64(hi, lo, from)
	return q
}

// timeline builds a track's fragment timeline from the index: durations run to the
// next fragment; the last one's comes from its tfxd or its samples.
func (mf *mediaFile) timeline(id uint32) (smooth.Timeline, error) {
	refs := mf.frags[id]
	if len(refs) == 0 {
		return smooth.Timeline{}, fmt.Errorf("%s: track %d has no fragments in the index", mf.name, id)
	}
	runs := make([]smooth.Run, 0, len(refs))
	for i, r := range refs {
		var d uint64
		if i+1 < len(refs) {
			d = refs[i+1].time - r.time
		} else {
			b, err := mf.readBox(r.offset, r.size)
			if err != nil {
				return smooth.Timeline{}, err
			}
			f, err := smooth.ParseFragment(b, smooth.FragmentOptions{Start: r.time})
			if err != nil {
				return smooth.Timeline{}, fmt.Errorf("%s: last fragment at offset %d: %v", mf.name, r.offset, err)
			}
			d = f.Duration
		}
		runs = append(runs, smooth.Run{Start: r.time, Duration: d, Count: 1})
	}
	tl, err := smooth.NewTimeline(runs)
	if err != nil {
		return smooth.Timeline{}, fmt.Errorf("%s track %d: %v", mf.name, id, strings.TrimPrefix(err.Error(), "invalid timeline: "))
	}
	return tl, nil
}
