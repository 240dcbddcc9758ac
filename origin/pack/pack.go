package pack

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/smoothie-player/smoothie/decode/encode"
	"github.com/smoothie-player/smoothie/decode/synth"
)

// Config is how to pack. Zero fields take the documented defaults.
type Config struct {
	// Name is the presentation name (NAME.ism, NAME.ismc, NAME_*.ismv); default
	// "demo" for the synthetic source, else the input file's base name.
	Name string
	// Levels is the video ladder, default DefaultLadder().
	Levels []encode.Level
	// Codec is the video codec, default H.264.
	Codec encode.Codec
	// Fragment is the fragment duration, default 2 s.
	Fragment time.Duration
	// AudioBitrate in bits/s, default 128000.
	AudioBitrate int64
	// Preset is the x264/x265 preset, default "veryfast".
	Preset string
	// Profile and PixFmt choose the video profile and the pixel format it is
	// encoded in (encode.Config's); "" takes the defaults.
	Profile, PixFmt string
	// AudioCodec is the audio codec, default AAC-LC.
	AudioCodec encode.AudioCodec
	// AudioFiles, when set, are the audio tracks (one per file, each with its
	// language) in place of the input's own audio: a presentation in several
	// languages.
	AudioFiles []encode.AudioFile
	// Subtitles are text tracks to add (Subtype SUBT, FourCC TTML), one per
	// file, in fragments of TextFragment (default DefaultTextFragment).
	Subtitles    []SubtitleFile
	TextFragment time.Duration
	// Force replaces an output directory that exists and is not empty.
	Force bool
	// Encrypt, when set, protects the presentation as it is written (protectDir).
	Encrypt *Encryption
}

// Input is what to encode: a file FFmpeg can open, or Synthetic > 0 for the
// generated test source of that duration.
type Input struct {
	File      string
	Synthetic time.Duration
}

// Progress is reported while encoding.
type Progress struct {
	// Stage is "audio" or "video".
	Stage string
	// Levels is the number of video levels being encoded.
	Levels int
	// Done and Total are media time; Total is 0 when unknown.
	Done, Total time.Duration
	// Fraction of the whole job done, 0..1 (0 when Total is unknown).
	Fraction float64
}

// Result is what Pack wrote.
type Result struct {
	Dir string
	// Manifest and ServerManifest are the .ismc and .ism file names.
	Manifest, ServerManifest string
	// Files are the media files, video levels first, then audio.
	Files []string
	// Fragments is the number of video fragments; Duration the presentation length.
	Fragments int
	Duration  time.Duration
}

// Pack encodes in with cfg and writes the presentation into outDir, which must not
// exist or be empty (or cfg.Force is set). A cfg that Validate refuses is refused
// before anything is read. It stops when ctx is done and then leaves
// nothing behind.
func Pack(ctx context.Context, in Input, outDir string, cfg Config, progress func(Progress)) (*Result, error) {
	if cfg.Name == "" {
		cfg.Name = "demo"
		if in.File != "" {
			cfg.Name = strings.TrimSuffix(filepath.Base(in.File), filepath.Ext(in.File))
		}
	}
	if cfg.Name == "" || strings.ContainsAny(cfg.Name, `/\`) || strings.HasPrefix(cfg.Name, ".") {
		return nil, fmt.Errorf("name %q: want a plain file name", cfg.Name)
	}
	if len(cfg.Levels) == 0 {
		cfg.Levels = DefaultLadder()
	}
	if err := Validate(in, cfg); err != nil {
		return nil, err
	}
	ecfg := cfg.encodeConfig()
	if cfg.Encrypt != nil {
		if err := cfg.Encrypt.fill(); err != nil {
			return nil, err
		}
	}
	if err := checkOutDir(outDir, cfg.Force); err != nil {
		return nil, err
	}
	subtitles, err := readSubtitles(cfg.Subtitles)
	if err != nil {
		return nil, err
	}
	if cfg.TextFragment <= 0 {
		cfg.TextFragment = DefaultTextFragment
	}
	src, err := openSource(in, cfg.Levels)
	if err != nil {
		return nil, err
	}
	if len(cfg.AudioFiles) > 0 {
		if src, err = encode.WithAudioFiles(src, cfg.AudioFiles); err != nil {
			return nil, err
		}
	}
	defer src.Close()

	tmp, err := tempDirBeside(outDir)
	if err != nil {
		return nil, err
	}
	done := false
	defer func() {
		if !done {
			_ = os.RemoveAll(tmp)
		}
	}()

	out := &output{dir: tmp, name: cfg.Name}
	report := func(p encode.Progress) {
		if progress == nil {
			return
		}
		pr := Progress{Stage: p.Stage, Levels: len(cfg.Levels), Done: p.Done, Total: p.Total}
		if p.Total > 0 {
			f := min(1, float64(p.Done)/float64(p.Total))
			// Audio is a small share of the work; video is the rest.
			if p.Stage == "audio" {
				pr.Fraction = 0.03 * f
			} else {
				pr.Fraction = 0.03 + 0.97*f
			}
		}
		progress(pr)
	}
	if err := encode.Run(ctx, src, ecfg, out, report); err != nil {
		out.abort()
		return nil, err
	}
	if err := out.finish(); err != nil {
		return nil, err
	}
	p, err := out.presentation()
	if err != nil {
		return nil, err
	}
	var texts []stream
	for i, f := range cfg.Subtitles {
		st, file, err := textStream(tmp, cfg.Name, f, subtitles[i], cfg.TextFragment, p.Duration)
		if err != nil {
			return nil, fmt.Errorf("subtitles %s: %w", f.Path, err)
		}
		texts = append(texts, st)
		out.files = append(out.files, file)
	}
	if err := nameTextStreams(texts); err != nil {
		return nil, err
	}
	p.Streams = append(p.Streams, texts...)
	if err := writeManifests(tmp, p); err != nil {
		return nil, err
	}
	if cfg.Encrypt != nil {
		if err := protectDir(ctx, tmp, cfg.Name+".ism", cfg.Encrypt); err != nil {
			return nil, err
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := replaceDir(tmp, outDir, cfg.Force); err != nil {
		return nil, err
	}
	done = true
	res := &Result{Dir: outDir, Manifest: cfg.Name + ".ismc", ServerManifest: cfg.Name + ".ism", Files: out.files,
		Duration: time.Duration(p.Duration) * time.Second / encode.Timescale}
	if len(p.Streams) > 0 {
		res.Fragments = len(p.Streams[0].Fragments)
	}
	return res, nil
}

// openSource opens the input as an encode.Source producing every level.
func openSource(in Input, levels []encode.Level) (encode.Source, error) {
	switch {
	case in.Synthetic > 0 && in.File != "":
		return nil, errors.New("input: give a file or a synthetic duration, not both")
	case in.Synthetic > 0:
		return synth.New(synth.Config{Duration: in.Synthetic}, levels)
	case in.File != "":
		return encode.OpenFile(in.File, levels)
	}
	return nil, errors.New("input: no file and no synthetic duration")
}

// tempDirBeside makes the directory a run writes into, next to outDir (so it can be
// renamed into place), mode 0755.
func tempDirBeside(outDir string) (string, error) {
	parent := filepath.Dir(filepath.Clean(outDir))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(outDir)+".tmp-")
	if err != nil {
		return "", err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		_ = os.RemoveAll(tmp)
		return "", err
	}
	return tmp, nil
}

// checkOutDir refuses an output directory that exists with content, unless force.
func checkOutDir(dir string, force bool) error {
	fi, err := os.Stat(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return fmt.Errorf("output %s: exists and is not a directory", dir)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	if len(entries) > 0 && !force {
		return fmt.Errorf("output %s: exists and is not empty (--force replaces it)", dir)
	}
	return nil
}

// replaceDir moves tmp to dir. An existing dir is replaced only once tmp is in place,
// and only if it is empty or force is set (it is checked again: it may have appeared
// while encoding).
func replaceDir(tmp, dir string, force bool) error {
	if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		return os.Rename(tmp, dir)
	}
	if err := checkOutDir(dir, force); err != nil {
		return err
	}
	old := tmp + ".old"
	if err := os.Rename(dir, old); err != nil {
		return err
	}
	if err := os.Rename(tmp, dir); err != nil {
		_ = os.Rename(old, dir)
		return err
	}
	return os.RemoveAll(old)
}

// encodeConfig is what encode.Run is asked for.
func (c Config) encodeConfig() encode.Config {
	return encode.Config{Levels: c.Levels, Codec: c.Codec, Fragment: c.Fragment, AudioBitrate: c.AudioBitrate,
		Preset: c.Preset, Profile: c.Profile, PixFmt: c.PixFmt, AudioCodec: c.AudioCodec}
}

// FragmentOrDefault is the fragment duration Pack uses for c.
func (c Config) FragmentOrDefault() time.Duration {
	if c.Fragment > 0 {
		return c.Fragment
	}
	return encode.DefaultFragment
}
