package pack

import (
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/smooth"
)

// The manifests are written with the smooth package's types, the same code the origin
// and the player read them with, so the three cannot disagree.

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
	Name      string // the StreamIndex Name, in fragment URLs ("video", "audio", "audio_fr")
	Language  string // audio: "" is written "und"
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
	BitsPerSample    int // audio
	PacketSize       int // audio: WAVEFORMATEX nBlockAlign
	AudioTag         int // audio: WAVEFORMATEX wFormatTag
}

// writeManifests writes NAME.ismc (client manifest) and NAME.ism (SMIL server
// manifest) into dir.
func writeManifests(dir string, p presentation) error {
	ismc, err := clientManifest(p)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, p.Name+".ismc"), ismc.Marshal(), 0o644); err != nil {
		return err
	}
	ism, err := serverManifest(p)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, p.Name+".ism"), ism.Marshal(), 0o644)
}

// clientManifest is the .ismc: MajorVersion 2 MinorVersion 2, an explicit t on the
// first c of each stream, and r runs of equal durations.
func clientManifest(p presentation) (*smooth.Manifest, error) {
	m := &smooth.Manifest{MajorVersion: 2, MinorVersion: 2, TimeScale: p.Timescale, Duration: p.Duration}
	for _, s := range p.Streams {
		if len(s.Fragments) == 0 {
			return nil, fmt.Errorf("%s stream has no fragments", s.Type)
		}
		kind, err := media.ParseKind(s.Type)
		if err != nil {
			return nil, err
		}
		name := s.Name
		if name == "" {
			name = s.Type
		}
		x := &smooth.StreamIndex{
			Type: kind, Name: name, TimeScale: p.Timescale, Chunks: len(s.Fragments), QualityLevelCount: len(s.Levels),
			URL: "QualityLevels({bitrate})/Fragments(" + name + "={start time})",
		}
		if kind == media.KindAudio || kind == media.KindText {
			x.Language = s.Language
			if x.Language == "" {
				x.Language = "und"
			}
		}
		if kind == media.KindText {
			x.Subtype = "SUBT"
		}
		for i, l := range s.Levels {
			q := &smooth.QualityLevel{Index: i, Bitrate: uint64(l.Bitrate), FourCC: l.FourCC,
				CodecPrivateData: strings.ToUpper(hex.EncodeToString(l.CodecPrivateData)), NALUnitLengthField: smooth.DefaultNALUnitLengthField}
			switch kind {
			case media.KindText:
			case media.KindVideo:
				q.MaxWidth, q.MaxHeight = l.Width, l.Height
				x.MaxWidth, x.MaxHeight = max(x.MaxWidth, l.Width), max(x.MaxHeight, l.Height)
			default:
				q.SamplingRate, q.Channels, q.BitsPerSample, q.PacketSize, q.AudioTag = l.SampleRate, l.Channels, l.BitsPerSample, l.PacketSize, l.AudioTag
			}
			x.Levels = append(x.Levels, q)
		}
		x.DisplayWidth, x.DisplayHeight = x.MaxWidth, x.MaxHeight
		runs := make([]smooth.Run, len(s.Fragments))
		for i, f := range s.Fragments {
			runs[i] = smooth.Run{Start: f.Time, Duration: f.Duration, Count: 1}
		}
		if x.Timeline, err = smooth.NewTimeline(runs); err != nil {
			return nil, fmt.Errorf("%s stream: %v", s.Type, err)
		}
		m.Streams = append(m.Streams, x)
	}
	return m, nil
}

// serverManifest is the .ism: a SMIL 2.0 switch with one video or audio element per
// level, naming its file, bitrate, track and stream name.
func serverManifest(p presentation) (*smooth.ServerManifest, error) {
	sm := &smooth.ServerManifest{Meta: []smooth.Attribute{{Name: "clientManifestRelativePath", Value: p.Name + ".ismc"}}}
	for _, st := range p.Streams {
		kind, err := media.ParseKind(st.Type)
		if err != nil {
			return nil, err
		}
		name := st.Name
		if name == "" {
			name = st.Type
		}
		for _, l := range st.Levels {
			sm.Tracks = append(sm.Tracks, smooth.ServerTrack{Kind: kind, Src: l.File, SystemBitrate: uint64(l.Bitrate),
				Params: []smooth.Attribute{
					{Name: "trackID", Value: strconv.Itoa(int(trackID))},
					{Name: "trackName", Value: name},
					{Name: "timescale", Value: strconv.FormatUint(p.Timescale, 10)},
					{Name: "FourCC", Value: l.FourCC},
					{Name: "CodecPrivateData", Value: strings.ToUpper(hex.EncodeToString(l.CodecPrivateData))},
				}})
		}
	}
	return sm, nil
}
