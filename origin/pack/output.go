package pack

import (
	"fmt"
	"path/filepath"

	"github.com/smoothie-player/smoothie/decode/encode"
	"github.com/smoothie-player/smoothie/media"
)

// output is the encode.Output that writes one file per track into dir.
type output struct {
	dir     string
	name    string
	tracks  []encode.Track
	files   []string
	writers []*trackWriter
}

var _ encode.Output = (*output)(nil)

// Start implements encode.Output.
func (o *output) Start(tracks []encode.Track) error {
	o.tracks = tracks
	audios := 0
	for _, tr := range tracks {
		if tr.Kind == media.KindAudio {
			audios++
		}
	}
	for _, tr := range tracks {
		file := trackFileName(o.name, tr, audios > 1)
		w, err := newTrackWriter(filepath.Join(o.dir, file), tr)
		if err != nil {
			o.abort()
			return err
		}
		o.files = append(o.files, file)
		o.writers = append(o.writers, w)
	}
	return nil
}

// WriteSample implements encode.Output.
func (o *output) WriteSample(track int, s media.Sample, fragmentStart bool) error {
	if track < 0 || track >= len(o.writers) {
		return fmt.Errorf("sample for unknown track %d", track)
	}
	return o.writers[track].add(s, fragmentStart)
}

// finish completes every file.
func (o *output) finish() error {
	for _, w := range o.writers {
		if err := w.finish(); err != nil {
			o.abort()
			return err
		}
	}
	return nil
}

func (o *output) abort() {
	for _, w := range o.writers {
		w.abort()
	}
}

// trackFileName is NAME_WIDTHxHEIGHT_BITRATE.ismv for video, NAME_audio_BITRATE.isma
// for audio (NAME_audio_LANG_BITRATE.isma when there are several audio tracks).
func trackFileName(name string, tr encode.Track, severalAudio bool) string {
	rate := fmt.Sprint(tr.Bitrate)
	if tr.Bitrate%1000 == 0 {
		rate = fmt.Sprintf("%dk", tr.Bitrate/1000)
	}
	if tr.Kind == media.KindAudio && severalAudio {
		return fmt.Sprintf("%s_audio_%s_%s.isma", name, tr.Language, rate)
	}
	if tr.Kind == media.KindAudio {
		return fmt.Sprintf("%s_audio_%s.isma", name, rate)
	}
	return fmt.Sprintf("%s_%dx%d_%s.ismv", name, tr.Level.Width, tr.Level.Height, rate)
}

// presentation describes what was written, for the manifests. It checks that every
// video level has the same fragment timeline.
func (o *output) presentation() (presentation, error) {
	p := presentation{Name: o.name, Timescale: encode.Timescale}
	var video *stream
	var audios []stream
	for i, tr := range o.tracks {
		w := o.writers[i]
		l := level{File: o.files[i], Bitrate: tr.Bitrate}
		switch tr.Kind {
		case media.KindVideo:
			l.Width, l.Height = tr.Level.Width, tr.Level.Height
			l.FourCC, l.CodecPrivateData = "H264", tr.Params.AnnexB()
			if tr.Codec == string(encode.CodecHEVC) {
				l.FourCC = "hev1"
			}
			if video == nil {
				video = &stream{Type: "video", Name: "video", Fragments: w.fragments}
			} else if err := sameTimeline(video.Fragments, w.fragments); err != nil {
				return p, fmt.Errorf("video level %d (%s): %w", len(video.Levels)+1, tr.Level, err)
			}
			video.Levels = append(video.Levels, l)
		case media.KindAudio:
			if err := audioLevel(&l, tr); err != nil {
				return p, err
			}
			audios = append(audios, stream{Type: "audio", Name: "audio", Language: tr.Language, Fragments: w.fragments, Levels: []level{l}})
		}
	}
	if err := nameAudioStreams(audios); err != nil {
		return p, err
	}
	streams := audios
	if video != nil {
		streams = append([]stream{*video}, audios...)
	}
	for _, s := range streams {
		p.Streams = append(p.Streams, s)
		last := s.Fragments[len(s.Fragments)-1]
		p.Duration = max(p.Duration, last.Time+last.Duration)
	}
	return p, nil
}

// nameAudioStreams names several audio streams audio_LANG (one audio stream stays
// "audio"); two in the same language are refused (a player picks by language).
func nameAudioStreams(audios []stream) error {
	if len(audios) < 2 {
		return nil
	}
	seen := map[string]bool{}
	for i := range audios {
		lang := audios[i].Language
		if seen[lang] {
			return fmt.Errorf("audio tracks: two in language %q (give each --audio FILE:LANG its own)", lang)
		}
		seen[lang] = true
		audios[i].Name = "audio_" + lang
	}
	return nil
}

// sameTimeline reports where two fragment lists differ in time or duration.
func sameTimeline(a, b []fragmentInfo) error {
	if len(a) != len(b) {
		return fmt.Errorf("%d fragments, level 1 has %d", len(b), len(a))
	}
	for i := range a {
		if a[i].Time != b[i].Time || a[i].Duration != b[i].Duration {
			return fmt.Errorf("fragment %d at %d+%d, level 1 at %d+%d", i, b[i].Time, b[i].Duration, a[i].Time, a[i].Duration)
		}
	}
	return nil
}
