package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"regexp"
	"strings"
	"syscall"
	"time"

	"github.com/smoothie-player/smoothie/decode/encode"
	"github.com/smoothie-player/smoothie/drm"
	"github.com/smoothie-player/smoothie/origin/pack"
)

const packSynopsis = `pack [flags] INPUT OUTDIR
       smoothie pack --synthetic DURATION [flags] OUTDIR
       smoothie pack --encrypt [--key KID:KEY] IN.ism OUTDIR

Encodes INPUT (any file FFmpeg can open) or a generated test source into a
constant-bitrate ladder and writes a Smooth Streaming presentation into OUTDIR:
NAME.ism, NAME.ismc, one NAME_WxH_RATE.ismv per video level, NAME_audio_RATE.isma, and
NAME_text_LANG.ismt per --subtitles file; with --encrypt, protected (and with an
.ism as INPUT, an already packed presentation re-packaged without re-encoding).
OUTDIR appears only when everything is written.`

// audioLang is what a --audio FILE:LANG suffix must look like to be a language.
var audioLang = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$`)

// parseAudioFile reads --audio FILE[:LANG]: the part after the last colon is the
// language when it looks like one, else part of the file name.
func parseAudioFile(s string) (encode.AudioFile, error) {
	f := encode.AudioFile{Path: s}
	if i := strings.LastIndex(s, ":"); i >= 0 && audioLang.MatchString(s[i+1:]) {
		f.Path, f.Language = s[:i], s[i+1:]
	}
	if f.Path == "" {
		return f, fmt.Errorf("want FILE[:LANG], got %q", s)
	}
	if _, err := os.Stat(f.Path); err != nil {
		return f, fmt.Errorf("%s: %v", f.Path, errors.Unwrap(err))
	}
	return f, nil
}

// runPack is the `smoothie pack` subcommand: flags and wiring; origin/pack does the work.
func runPack(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("pack", packSynopsis, stderr)
	synthetic := fs.Duration("synthetic", 0, "generate the test source for this `duration` instead of reading INPUT (e.g. 30s)")
	name := fs.String("name", "", "presentation `name` (default demo, or INPUT's base name)")
	ladder := fs.String("ladder", "", "video ladder `WxH@RATE,...`, e.g. \"640x360@1M,1280x720@2500k\" (default 6 levels 320x180@300k .. 1920x1080@4500k)")
	fragment := fs.Duration("fragment", encode.DefaultFragment, "fragment `duration`; every fragment starts with a keyframe on every level")
	codec := fs.String("codec", "h264", "video `codec`: h264 (libx264) or hevc (libx265)")
	audioCodec := fs.String("audio-codec", "aac", "audio `codec`: aac (AAC-LC), eac3 (E-AC-3), ac3 (AC-3), wma2 (WMA 2)")
	audioRate := fs.String("audio-bitrate", "128k", "audio `bitrate`")
	preset := fs.String("preset", encode.DefaultPreset, "x264/x265 `preset`")
	profile := fs.String("profile", "", "video `profile`: h264 baseline, main, high, high10, high422, high444; hevc main, main10, main422-10, main444-8, main444-10 (default: from --pix-fmt)")
	pixFmt := fs.String("pix-fmt", "", "pixel `format` of the video: "+strings.Join(encode.PixFmts, ", ")+" (default: the profile's, else yuv420p)")
	force := fs.Bool("force", false, "replace OUTDIR if it exists and is not empty")
	var audioFiles []encode.AudioFile
	fs.Func("audio", "an audio track from `FILE[:LANG]` (its first audio stream; LANG such as en, fr, pt-BR, default the file's own tag); repeatable, one track each, in place of INPUT's audio", func(s string) error {
		f, err := parseAudioFile(s)
		if err == nil {
			audioFiles = append(audioFiles, f)
		}
		return err
	})
	var subtitles []pack.SubtitleFile
	fs.Func("subtitles", "a subtitles track from `FILE[:LANG]` (SRT, WebVTT or TTML; LANG such as en, fr, pt-BR, default und); repeatable, one text track each", func(s string) error {
		f, err := parseAudioFile(s) // the same FILE[:LANG] shape
		if err == nil {
			subtitles = append(subtitles, pack.SubtitleFile{Path: f.Path, Language: f.Language})
		}
		return err
	})
	textFragment := fs.Duration("text-fragment", pack.DefaultTextFragment, "`duration` of the text tracks' fragments")
	encFlags := addEncryptFlags(fs)

	usageErr := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "smoothie pack: "+format+" (see smoothie pack --help)\n", a...)
		return exitUsage
	}
	pos, code := parseArgs(fs, args, stdout)
	if code >= 0 {
		return code
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	enc, err := encFlags.build(set)
	if err != nil {
		return usageErr("%v", err)
	}
	if enc != nil && *synthetic == 0 && len(pos) == 2 && strings.HasSuffix(pos[0], ".ism") {
		return runRepack(pos[0], pos[1], enc, *force, stdout, stderr)
	}
	var in pack.Input
	var outDir string
	switch {
	case set["synthetic"] && *synthetic <= 0:
		return usageErr("--synthetic %v: want a positive duration", *synthetic)
	case *synthetic > 0 && len(pos) == 1:
		in.Synthetic, outDir = *synthetic, pos[0]
	case *synthetic == 0 && len(pos) == 2:
		in.File, outDir = pos[0], pos[1]
	case *synthetic > 0:
		return usageErr("with --synthetic give only OUTDIR, got %d arguments", len(pos))
	default:
		return usageErr("want INPUT OUTDIR, got %d arguments", len(pos))
	}
	if *fragment <= 0 {
		return usageErr("--fragment %v: want a positive duration (default %v)", *fragment, encode.DefaultFragment)
	}
	if *textFragment <= 0 {
		return usageErr("--text-fragment %v: want a positive duration (default %v)", *textFragment, pack.DefaultTextFragment)
	}
	cfg := pack.Config{Name: *name, Fragment: *fragment, Codec: encode.Codec(*codec), Preset: *preset, Force: *force,
		Profile: *profile, PixFmt: *pixFmt, AudioCodec: encode.AudioCodec(*audioCodec), AudioFiles: audioFiles,
		Subtitles: subtitles, TextFragment: *textFragment, Encrypt: enc}
	if set["ladder"] {
		if strings.TrimSpace(*ladder) == "" {
			return usageErr("--ladder %q: no levels (leave the flag out for the default ladder)", *ladder)
		}
		if cfg.Levels, err = pack.ParseLadder(*ladder); err != nil {
			return usageErr("--ladder: %v", err)
		}
	}
	if cfg.AudioBitrate, err = pack.ParseBitrate(*audioRate); err != nil {
		return usageErr("--audio-bitrate: %v", err)
	}
	if cfg.Codec != encode.CodecH264 && cfg.Codec != encode.CodecHEVC {
		return usageErr("--codec %q: want h264 or hevc", *codec)
	}
	if err := pack.Validate(in, cfg); err != nil {
		return usageErr("%v", err)
	}

	encode.QuietLogs()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	bar := newProgressBar(stderr, isTerminal(stderr), time.Now)
	res, err := pack.Pack(ctx, in, outDir, cfg, bar.update)
	bar.finish()
	if err != nil {
		if errors.Is(err, context.Canceled) {
			err = errors.New("interrupted; nothing written")
		}
		fmt.Fprintf(stderr, "smoothie pack: %s\n", strings.ReplaceAll(err.Error(), "\n", " "))
		return exitFailure
	}
	fmt.Fprintf(stdout, "wrote %s: %s, %s and %d media files (%d fragments of %v, %.1f s)%s\n",
		res.Dir, res.ServerManifest, res.Manifest, len(res.Files), res.Fragments, cfg.FragmentOrDefault(), res.Duration.Seconds(), encryptedNote(enc))
	return exitOK
}

// runRepack is `pack --encrypt IN.ism OUTDIR`: the presentation re-packaged encrypted.
func runRepack(ism, outDir string, enc *pack.Encryption, force bool, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	res, err := pack.Protect(ctx, ism, outDir, enc, force)
	if err != nil {
		fmt.Fprintf(stderr, "smoothie pack: %s\n", strings.ReplaceAll(err.Error(), "\n", " "))
		return exitFailure
	}
	fmt.Fprintf(stdout, "wrote %s: %s, %s and %d media files re-packaged%s\n", res.Dir, res.ServerManifest, res.Manifest, len(res.Files), encryptedNote(enc))
	return exitOK
}

// encryptedNote says how a presentation was protected (the KIDs, never the keys).
func encryptedNote(enc *pack.Encryption) string {
	if enc == nil {
		return ""
	}
	s := fmt.Sprintf(", encrypted (%s", enc.Scheme)
	for _, k := range enc.Keys {
		s += ", KID " + k.ID.String()
	}
	s += ", licence URL " + enc.LAURL + ")"
	if len(enc.Keys) > 0 && enc.Drawn() {
		s += "; the key is in " + drm.KeyFileName + " (mode 0600)"
	}
	return s
}
