package pack

import (
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// This file is the packager's private manifest writer. It is isolated behind
// writeManifests so that it can be replaced by the smooth package's client and
// server manifest types once they exist; nothing else in the package builds XML.

// presentation is what the manifests describe.
type presentation struct {
	Name      string
	Timescale uint64
	Duration  uint64
	Streams   []stream
}

// stream is one StreamIndex: its levels share one fragment timeline.
type stream struct {
	Type      string // "video" or "audio"
	Levels    []level
	Fragments []fragmentInfo // the timeline (times and durations)
}

// level is one QualityLevel and the file that holds it.
type level struct {
	File             string
	Bitrate          int64
	FourCC           string
	CodecPrivateData []byte
	Width, Height    int // video
	SampleRate       int // audio
	Channels         int // audio
}

// writeManifests writes NAME.ismc (client manifest) and NAME.ism (SMIL server
// manifest) into dir.
func writeManifests(dir string, p presentation) error {
	ismc, err := clientManifest(p)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, p.Name+".ismc"), ismc, 0o644); err != nil {
		return err
	}
	ism, err := serverManifest(p)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, p.Name+".ism"), ism, 0o644)
}

type xmlSmoothStreamingMedia struct {
	XMLName      xml.Name         `xml:"SmoothStreamingMedia"`
	MajorVersion int              `xml:"MajorVersion,attr"`
	MinorVersion int              `xml:"MinorVersion,attr"`
	TimeScale    uint64           `xml:"TimeScale,attr"`
	Duration     uint64           `xml:"Duration,attr"`
	Streams      []xmlStreamIndex `xml:"StreamIndex"`
}

type xmlStreamIndex struct {
	Type          string            `xml:"Type,attr"`
	Name          string            `xml:"Name,attr"`
	Chunks        int               `xml:"Chunks,attr"`
	QualityLevels int               `xml:"QualityLevels,attr"`
	Url           string            `xml:"Url,attr"`
	MaxWidth      int               `xml:"MaxWidth,attr,omitempty"`
	MaxHeight     int               `xml:"MaxHeight,attr,omitempty"`
	DisplayWidth  int               `xml:"DisplayWidth,attr,omitempty"`
	DisplayHeight int               `xml:"DisplayHeight,attr,omitempty"`
	Language      string            `xml:"Language,attr,omitempty"`
	Levels        []xmlQualityLevel `xml:"QualityLevel"`
	Chunks2       []xmlC            `xml:"c"`
}

type xmlQualityLevel struct {
	Index            int    `xml:"Index,attr"`
	Bitrate          int64  `xml:"Bitrate,attr"`
	FourCC           string `xml:"FourCC,attr"`
	MaxWidth         int    `xml:"MaxWidth,attr,omitempty"`
	MaxHeight        int    `xml:"MaxHeight,attr,omitempty"`
	SamplingRate     int    `xml:"SamplingRate,attr,omitempty"`
	Channels         int    `xml:"Channels,attr,omitempty"`
	BitsPerSample    int    `xml:"BitsPerSample,attr,omitempty"`
	PacketSize       int    `xml:"PacketSize,attr,omitempty"`
	AudioTag         int    `xml:"AudioTag,attr,omitempty"`
	CodecPrivateData string `xml:"CodecPrivateData,attr"`
}

type xmlC struct {
	T *uint64 `xml:"t,attr,omitempty"`
	D uint64  `xml:"d,attr"`
	R int     `xml:"r,attr,omitempty"`
}

// clientManifest is the .ismc: MajorVersion 2 MinorVersion 2, an explicit t on the
// first c of each stream, and r runs of equal durations.
func clientManifest(p presentation) ([]byte, error) {
	m := xmlSmoothStreamingMedia{MajorVersion: 2, MinorVersion: 2, TimeScale: p.Timescale, Duration: p.Duration}
	for _, s := range p.Streams {
		if len(s.Fragments) == 0 {
			return nil, fmt.Errorf("%s stream has no fragments", s.Type)
		}
		x := xmlStreamIndex{
			Type: s.Type, Name: s.Type, Chunks: len(s.Fragments), QualityLevels: len(s.Levels),
			Url: "QualityLevels({bitrate})/Fragments(" + s.Type + "={start time})",
		}
		if s.Type == "audio" {
			x.Language = "und"
		}
		for i, l := range s.Levels {
			q := xmlQualityLevel{Index: i, Bitrate: l.Bitrate, FourCC: l.FourCC,
				CodecPrivateData: strings.ToUpper(hex.EncodeToString(l.CodecPrivateData))}
			if s.Type == "video" {
				q.MaxWidth, q.MaxHeight = l.Width, l.Height
				x.MaxWidth, x.MaxHeight = max(x.MaxWidth, l.Width), max(x.MaxHeight, l.Height)
			} else {
				q.SamplingRate, q.Channels, q.BitsPerSample, q.PacketSize, q.AudioTag = l.SampleRate, l.Channels, 16, 4*l.Channels/2, 255
			}
			x.Levels = append(x.Levels, q)
		}
		x.DisplayWidth, x.DisplayHeight = x.MaxWidth, x.MaxHeight
		x.Chunks2 = timelineRuns(s.Fragments)
		m.Streams = append(m.Streams, x)
	}
	out, err := xml.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), append(out, '\n')...), nil
}

// timelineRuns codes a fragment list as c elements: t on the first, then d with r
// (the one-based total count of a run) for each run of equal durations; a gap or
// overlap in the list restarts with an explicit t.
func timelineRuns(frags []fragmentInfo) []xmlC {
	var cs []xmlC
	next := uint64(0)
	for i, f := range frags {
		if i > 0 && f.Time == next {
			last := &cs[len(cs)-1]
			if last.D == f.Duration {
				if last.R == 0 {
					last.R = 1
				}
				last.R++
				next = f.Time + f.Duration
				continue
			}
			cs = append(cs, xmlC{D: f.Duration})
		} else {
			t := f.Time
			cs = append(cs, xmlC{T: &t, D: f.Duration})
		}
		next = f.Time + f.Duration
	}
	return cs
}

type xmlSmil struct {
	XMLName xml.Name     `xml:"smil"`
	Xmlns   string       `xml:"xmlns,attr"`
	Meta    []xmlMeta    `xml:"head>meta"`
	Media   []xmlSmilRef `xml:"body>switch>*"`
}

type xmlMeta struct {
	Name    string `xml:"name,attr"`
	Content string `xml:"content,attr"`
}

type xmlSmilRef struct {
	XMLName       xml.Name
	Src           string         `xml:"src,attr"`
	SystemBitrate int64          `xml:"systemBitrate,attr"`
	Params        []xmlSmilParam `xml:"param"`
}

type xmlSmilParam struct {
	Name      string `xml:"name,attr"`
	Value     string `xml:"value,attr"`
	ValueType string `xml:"valuetype,attr"`
}

// serverManifest is the .ism: a SMIL 2.0 switch with one video or audio element per
// level, naming its file, bitrate, track and stream name.
func serverManifest(p presentation) ([]byte, error) {
	s := xmlSmil{Xmlns: "http://www.w3.org/2001/SMIL20/Language",
		Meta: []xmlMeta{{Name: "clientManifestRelativePath", Content: p.Name + ".ismc"}}}
	for _, st := range p.Streams {
		for _, l := range st.Levels {
			s.Media = append(s.Media, xmlSmilRef{
				XMLName: xml.Name{Local: st.Type}, Src: l.File, SystemBitrate: l.Bitrate,
				Params: []xmlSmilParam{
					{Name: "trackID", Value: fmt.Sprint(trackID), ValueType: "data"},
					{Name: "trackName", Value: st.Type, ValueType: "data"},
					{Name: "timescale", Value: fmt.Sprint(p.Timescale), ValueType: "data"},
					{Name: "FourCC", Value: l.FourCC, ValueType: "data"},
					{Name: "CodecPrivateData", Value: strings.ToUpper(hex.EncodeToString(l.CodecPrivateData)), ValueType: "data"},
				},
			})
		}
	}
	out, err := xml.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), append(out, '\n')...), nil
}
