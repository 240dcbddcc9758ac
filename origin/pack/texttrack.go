package pack

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/Eyevinn/mp4ff/mp4"
	"github.com/smoothie-player/smoothie/decode/encode"
	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/smooth"
	"github.com/smoothie-player/smoothie/text/subs"
	"github.com/smoothie-player/smoothie/text/ttml"
)

// SubtitleFile is a subtitles file to pack as a text track (SRT, WebVTT or TTML)
// and its language ("" is "und").
type SubtitleFile struct {
	Path, Language string
}

// DefaultTextFragment is the text tracks' fragment duration when Config leaves it.
const DefaultTextFragment = 10 * time.Second

// readSubtitles reads every subtitles file, before anything is encoded.
func readSubtitles(files []SubtitleFile) ([][]ttml.Cue, error) {
	var out [][]ttml.Cue
	for _, f := range files {
		cues, err := subs.ReadFile(f.Path)
		if err != nil {
			return nil, fmt.Errorf("subtitles %s: %w", f.Path, err)
		}
		out = append(out, cues)
	}
	return out, nil
}

// textStream writes cues (of f) as NAME_text_LANG.ismt into dir: one fragment of
// frag (the last one shorter) over duration (timescale ticks), each one sample, a
// TTML document holding every cue that overlaps it, clipped to it, its times
// relative to the fragment's start (as Smooth Streaming text samples are). It
// returns the stream for the manifests.
func textStream(dir, name string, f SubtitleFile, cues []ttml.Cue, frag time.Duration, duration uint64) (stream, string, error) {
	lang := f.Language
	if lang == "" {
		lang = "und"
	}
	file := fmt.Sprintf("%s_text_%s.ismt", name, lang)
	w, err := newTextWriter(filepath.Join(dir, file))
	if err != nil {
		return stream{}, "", err
	}
	step := uint64(frag) * encode.Timescale / uint64(time.Second)
	var bytes int
	for t := uint64(0); t < duration; t += step {
		d := min(step, duration-t)
		from, to := smooth.Seconds(t, encode.Timescale), smooth.Seconds(t+d, encode.Timescale)
		doc := ttml.Write(cues, ttml.WriteOptions{From: from, To: to, Relative: true, Lang: lang})
		bytes += len(doc)
		s := media.Sample{Time: t, Duration: uint32(d), Timescale: encode.Timescale, Keyframe: true, Data: doc}
		if err := w.add(s, true); err != nil {
			w.abort()
			return stream{}, "", err
		}
	}
	if err := w.finish(); err != nil {
		return stream{}, "", err
	}
	rate := max(int64(1000), int64(float64(bytes)*8/smooth.Seconds(duration, encode.Timescale).Seconds()))
	st := stream{Type: "text", Name: "text_" + lang, Language: lang, Fragments: w.fragments,
		Levels: []level{{File: file, Bitrate: rate, FourCC: "TTML"}}}
	return st, file, nil
}

// newTextWriter creates path with the header of a TTML subtitles track (handler
// subt, sample entry stpp).
func newTextWriter(path string) (*trackWriter, error) {
	init := mp4.CreateEmptyInit()
	trak := init.AddEmptyTrack(encode.Timescale, "subtitle", "und")
	if err := trak.SetStppDescriptor("http://www.w3.org/ns/ttml", "", ""); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	t := &trackWriter{path: path, f: f, w: bufio.NewWriterSize(f, 1<<16)}
	for _, b := range []mp4.Box{mp4.NewFtyp("isml", 1, []string{"piff", "iso2", "isml"}), init.Moov} {
		if err := t.writeBox(b); err != nil {
			t.abort()
			return nil, err
		}
	}
	return t, nil
}

// nameTextStreams names one text stream "text" and several text_LANG; two in the
// same language are refused.
func nameTextStreams(texts []stream) error {
	seen := map[string]bool{}
	for i := range texts {
		lang := texts[i].Language
		if seen[lang] {
			return fmt.Errorf("subtitles: two in language %q (give each --subtitles FILE:LANG its own)", lang)
		}
		seen[lang] = true
	}
	if len(texts) == 1 {
		texts[0].Name = "text"
	}
	return nil
}
