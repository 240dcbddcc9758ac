package encode

import (
	"fmt"

	"github.com/asticode/go-astiav"
)

// AudioTrack is one audio track to encode besides (or instead of) a Source's own:
// Read fills f with the next 1024 samples of 48 kHz stereo fltp audio, io.EOF after
// the last; Language is its RFC 5646 / ISO 639 tag ("" unknown).
type AudioTrack struct {
	Language string
	Read     func(f *astiav.Frame) error
}

// MultiAudio is a Source with several audio tracks; Run encodes each as its own
// track, in order, instead of the Source's ReadAudio.
type MultiAudio interface {
	AudioTracks() []AudioTrack
}

// audioFile is the first audio stream of a file, resampled as a Source's audio is.
type audioFile struct {
	pipe *decoderPipe
	lang string
}

// openAudioFile opens path's first audio stream from its first sample.
func openAudioFile(path string) (*audioFile, error) {
	p, err := openDecoderPipe(path, astiav.MediaTypeAudio)
	if err != nil {
		return nil, err
	}
	zero := 0.0
	if st := p.stream.StartTime(); st != astiav.NoPtsValue {
		zero = float64(st) * p.stream.TimeBase().Float64()
	}
	if err := p.setGraph(audioFileGraph(zero), p.audioArgs(), 1, true); err != nil {
		p.close()
		return nil, fmt.Errorf("%s: audio: %w", path, err)
	}
	a := &audioFile{pipe: p}
	if md := p.stream.Metadata(); md != nil {
		if e := md.Get("language", nil, astiav.NewDictionaryFlags()); e != nil {
			a.lang = e.Value()
		}
	}
	return a, nil
}

// audioFileGraph puts a file's audio on a clock whose zero is zero (seconds), at
// 48 kHz stereo fltp in 1024-sample frames.
func audioFileGraph(zero float64) string {
	return fmt.Sprintf("asetpts=PTS-(%.6f)/TB,aresample=%d:async=1:first_pts=0,aformat=sample_fmts=fltp:channel_layouts=stereo,asetnsamples=n=%d:p=0[o0]",
		zero, AudioSampleRate, aacFrameSize)
}

// AudioFile is an audio file given for a track of its own (`pack --audio FILE[:LANG]`).
type AudioFile struct {
	Path string
	// Language of the track; "" takes the stream's own language tag, else "und".
	Language string
}

// withAudio is a Source whose audio is a list of files instead of its own.
type withAudio struct {
	Source
	files []*audioFile
}

// WithAudioFiles returns src with files as its audio tracks, in order, in place of
// its own audio. Close closes the files too.
func WithAudioFiles(src Source, files []AudioFile) (Source, error) {
	w := &withAudio{Source: src}
	for _, f := range files {
		a, err := openAudioFile(f.Path)
		if err != nil {
			w.closeFiles()
			return nil, err
		}
		if f.Language != "" {
			a.lang = f.Language
		}
		if a.lang == "" {
			a.lang = "und"
		}
		w.files = append(w.files, a)
	}
	return w, nil
}

func (w *withAudio) HasAudio() bool { return len(w.files) > 0 }

func (w *withAudio) AudioTracks() []AudioTrack {
	tracks := make([]AudioTrack, len(w.files))
	for i, a := range w.files {
		p := a.pipe
		tracks[i] = AudioTrack{Language: a.lang, Read: func(f *astiav.Frame) error { return p.pull(0, f) }}
	}
	return tracks
}

func (w *withAudio) Close() {
	w.closeFiles()
	w.Source.Close()
}

func (w *withAudio) closeFiles() {
	for _, a := range w.files {
		a.pipe.close()
	}
	w.files = nil
}
