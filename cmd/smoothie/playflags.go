package main

import (
	"fmt"
	"github.com/smoothie-player/smoothie/drm"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/smoothie-player/smoothie/abr"
	"github.com/smoothie-player/smoothie/player"
)

// playFlags are the parsed `smoothie play` flags.
type playFlags struct {
	headers            []string
	userAgent, ca      string
	insecure, cmcd     bool
	audioLang          string
	video, audio       string
	buffer, start, dur time.Duration
	liveLatency        time.Duration
	liveCatchUp        time.Duration
	liveGiveUp         time.Duration
	firstByte          time.Duration
	manifestTimeout    time.Duration
	quality            player.Quality
	loop, headless     bool
	videoOff           bool // --video none given (not implied by --headless)
	statsJSON, logURL  string
	debugAddr          string
	text               string
	threads            int
	decode             string // --decode: ffmpeg or none
	abr                string
	logFile            string
	battery, cpuBudget string
	keySpecs           []string // --key, parsed by check (the flag package would quote a key)
	keyFile            string
	keys               drm.Keys
	licenseHeaders     []string
	// Hidden, for measuring A/V sync from outside (e2e TestAVSync): see syncHooks.
	presentLog string
	avOffset   time.Duration
	rtsp       rtspFlags
}

// parsePlay parses play's arguments into flags and the URL or file to play ("":
// the demo). It returns an exit code ≥ 0 when play should stop (help or bad usage).
func parsePlay(args []string, stdout, stderr io.Writer) (playFlags, string, int) {
	var f playFlags
	pos, code := parseArgs(f.flagSet(stderr), args, stdout)
	if code >= 0 {
		return f, "", code
	}
	if len(pos) > 1 {
		return f, "", playExit(usageError("at most one URL or file (see smoothie play --help)"), stderr)
	}
	if err := f.check(); err != nil {
		return f, "", playExit(usageError("%v", err), stderr)
	}
	if err := f.readKeys(); err != nil {
		return f, "", playExit(usageError("%v", err), stderr)
	}
	f.videoOff = f.video == "none"
	if f.headless {
		f.video = "none"
	}
	if f.decode == "none" && f.video != "none" {
		return f, "", playExit(usageError("--decode none: decodes no pictures, so it needs --video none or --headless"), stderr)
	}
	if len(pos) == 1 {
		return f, pos[0], -1
	}
	return f, "", -1
}

// flagSet is play's flag set, parsing into f.
func (f *playFlags) flagSet(stderr io.Writer) *cmdFlags {
	fs := newFlagSet("play", "play [flags] [URL|FILE.ism|FILE.ismc]\n\nPlays a Smooth Streaming presentation: an http(s) manifest URL, a local .ism or .ismc\n(served through an in-process origin on loopback), or with no argument the bundled demo.", stderr)
	headerFlag(fs, &f.headers)
	fs.Func("key", "content key `KID:KEY` (32 hex digits each) of a protected presentation; repeatable", func(s string) error {
		f.keySpecs = append(f.keySpecs, s)
		return nil
	})
	fs.Func("license-header", "add a header K:V to the ClearKey licence request sent to the PlayReady header's LA_URL when no key is given (a token: \"Authorization: Bearer T\"); repeatable", func(s string) error {
		k, _, ok := strings.Cut(s, ":")
		if !ok || strings.TrimSpace(k) == "" {
			return fmt.Errorf("want K:V")
		}
		f.licenseHeaders = append(f.licenseHeaders, s)
		return nil
	})
	fs.StringVar(&f.keyFile, "key-file", "", "content keys of a protected presentation from `FILE` (keys.json as pack writes it)")
	fs.StringVar(&f.userAgent, "user-agent", "smoothie/"+version, "User-Agent of every request")
	fs.StringVar(&f.ca, "ca", "", "PEM file of extra certificate authorities for https")
	fs.BoolVar(&f.insecure, "insecure", false, "do not verify https certificates")
	fs.DurationVar(&f.firstByte, "first-byte-timeout", 10*time.Second, "give up a request whose response has not begun within this")
	fs.DurationVar(&f.manifestTimeout, "manifest-timeout", 30*time.Second, "give up a manifest that has not arrived whole within this, however its bytes trickle")
	fs.BoolVar(&f.cmcd, "cmcd", false, "send Common Media Client Data (CMCD) request headers")
	fs.StringVar(&f.audioLang, "audio-lang", "", "audio language to play (default: the first audio stream)")
	fs.StringVar(&f.text, "text", "off", "subtitles: off, auto (a track in the language of LC_ALL/LANG, else the first) or a language, e.g. en")
	fs.StringVar(&f.video, "video", "auto", "video output: auto (a window with a display, else the terminal), window, term, none")
	fs.StringVar(&f.audio, "audio", "auto", "audio output: auto, none")
	f.timeFlags(fs)
	f.rtspFlagSet(fs)
	fs.Func("quality", "video quality: auto, a level (1 = lowest bitrate) or a bitrate like 300k or 2.5M", func(s string) error {
		q, err := player.ParseQuality(s)
		f.quality = q
		return err
	})
	fs.BoolVar(&f.loop, "loop", false, "restart at the end (VOD)")
	fs.BoolVar(&f.headless, "headless", false, "no UI: implies --video none, prints one stats line per second")
	fs.StringVar(&f.statsJSON, "stats-json", "", "write events and the final summary as JSON lines to this file")
	fs.StringVar(&f.debugAddr, "debug-addr", "", "serve the process's runtime figures (/debug/runtime) and Go profiles (/debug/pprof/) on this address, e.g. 127.0.0.1:6060")
	fs.StringVar(&f.logURL, "log-url", "", "post the playback log (NDJSON) to this URL every 10 s and at exit, e.g. http://HOST/log")
	fs.IntVar(&f.threads, "threads", 0, "video decoding threads (0: one per core)")
	fs.StringVar(&f.decode, "decode", "ffmpeg", "decoders: ffmpeg, or none (fetch, parse and pace every fragment but decode nothing, as smoothie load's viewers do; needs --video none or --headless): network and ABR alone")
	fs.StringVar(&f.abr, "abr", "smoothie", "ABR policy: "+strings.Join(abr.Names(), ", "))
	fs.StringVar(&f.battery, "battery", "", "power state for the ABR engine instead of the battery's, e.g. discharging:15%, charging:80%, saver")
	fs.StringVar(&f.cpuBudget, "cpu-budget", "", "share of a frame interval decoding may use, e.g. 60% (default: the engine's)")
	fs.StringVar(&f.logFile, "log", "", "write diagnostics (player and FFmpeg messages) to this file (default: dropped)")
	fs.StringVar(&f.presentLog, "present-log", "", "write one line per presented video frame: PTS and CLOCK_MONOTONIC in ns, and the frame width")
	fs.DurationVar(&f.avOffset, "av-offset", 0, "present video this much later against the audio clock (negative: earlier)")
	fs.hide("present-log", "av-offset")
	return fs
}

// timeFlags are the flags of buffering, position and the live edge.
func (f *playFlags) timeFlags(fs *cmdFlags) {
	fs.DurationVar(&f.buffer, "buffer", 30*time.Second, "buffer target ahead of the playhead")
	fs.DurationVar(&f.start, "start", 0, "start position, e.g. 1m30s; negative: back from the live edge (live) or the end, e.g. -30s")
	fs.DurationVar(&f.liveLatency, "live-latency", 0, "live: how far behind the live edge to play, e.g. 4s (default 3 fragments)")
	fs.DurationVar(&f.liveCatchUp, "live-catchup", 0, "live: skip to the live edge when a stall leaves playback this much beyond --live-latency (default 3 fragments; negative: never)")
	fs.DurationVar(&f.liveGiveUp, "live-give-up", 0, "live: fail when the live edge has not moved for this long while playback waits for it (default the longer of 60s and 10 fragments; negative: wait for ever)")
	fs.DurationVar(&f.dur, "duration", 0, "stop after this much playback (0: to the end)")
	fs.DurationVar(&f.dur, "for", 0, "same as --duration")
}

// config is the player configuration the flags ask for, to play manifest; TLS,
// logging, ABR, decoders and sinks are wired in after.
func (f *playFlags) config(manifest string) player.Config {
	cfg := player.Config{URL: manifest, UserAgent: f.userAgent, CMCD: f.cmcd, AudioLang: f.audioLang,
		BufferTarget: f.buffer, Start: f.start, LiveLatency: f.liveLatency, LiveCatchUp: f.liveCatchUp, LiveGiveUp: f.liveGiveUp, FirstByteTimeout: f.firstByte, ManifestTimeout: f.manifestTimeout, PlayFor: f.dur, Loop: f.loop, Quality: f.quality, LogURL: f.logURL,
		Header: http.Header{}, VideoOptional: f.videoOff, Keys: f.keys}
	switch f.text {
	case "off", "":
	case "auto":
		cfg.Text, cfg.TextAny = envLanguage(os.Getenv), true
	default:
		cfg.Text = f.text
	}
	addHeaders(cfg.Header, f.headers)
	if len(f.licenseHeaders) > 0 {
		cfg.LicenseHeader = http.Header{}
		addHeaders(cfg.LicenseHeader, f.licenseHeaders)
	}
	return cfg
}

// readKeys parses --key and reads --key-file into f.keys.
func (f *playFlags) readKeys() error {
	for i, s := range f.keySpecs {
		k, err := drm.ParseKey(s)
		if err != nil {
			return fmt.Errorf("--key #%d: %v", i+1, err)
		}
		f.keys = append(f.keys, k)
	}
	if f.keyFile != "" {
		ks, err := drm.ReadKeyFile(f.keyFile)
		if err != nil {
			return fmt.Errorf("--key-file: %v", err)
		}
		f.keys = append(f.keys, ks...)
	}
	return nil
}

// headerFlag is --header K:V (repeatable), appending to hs.
func headerFlag(fs *cmdFlags, hs *[]string) {
	fs.Func("header", "add a request header K:V to every request (repeatable)", func(s string) error {
		k, _, ok := strings.Cut(s, ":")
		if !ok || strings.TrimSpace(k) == "" {
			return fmt.Errorf("want K:V, got %q", s)
		}
		*hs = append(*hs, s)
		return nil
	})
}

// addHeaders adds each K:V of hs to h.
func addHeaders(h http.Header, hs []string) {
	for _, kv := range hs {
		k, v, _ := strings.Cut(kv, ":")
		h.Add(strings.TrimSpace(k), strings.TrimSpace(v))
	}
}

// checkHeaders returns the first --header that is not a valid header line.
func checkHeaders(hs []string) error {
	for _, h := range hs {
		k, v, _ := strings.Cut(h, ":")
		if !validHeaderName(strings.TrimSpace(k)) {
			return fmt.Errorf("--header %q: %q is not a header name", h, strings.TrimSpace(k))
		}
		if !validHeaderValue(v) {
			return fmt.Errorf("--header %q: the value holds a control character (a line break?)", h)
		}
	}
	return nil
}

// maxThreads bounds --threads: FFmpeg's H.264 and HEVC decoders use at most 16
// frame threads and warn above; a thousand threads only exhaust the process.
const maxThreads = 64

// check returns the first flag value play cannot use, naming the flag.
func (f *playFlags) check() error {
	switch {
	case f.buffer <= 0:
		return fmt.Errorf("--buffer %v: must be positive", f.buffer)
	case f.dur < 0:
		return fmt.Errorf("--for/--duration %v: must not be negative", f.dur)
	case f.threads < 0 || f.threads > maxThreads:
		return fmt.Errorf("--threads %d: want 0 (one per core) to %d", f.threads, maxThreads)
	case f.liveLatency < 0:
		return fmt.Errorf("--live-latency %v: must not be negative", f.liveLatency)
	case f.decode != "ffmpeg" && f.decode != "none":
		return fmt.Errorf("--decode %q: want ffmpeg or none", f.decode)
	}
	if err := checkHeaders(f.headers); err != nil {
		return err
	}
	for _, d := range []struct {
		name string
		v    time.Duration
	}{{"first-byte-timeout", f.firstByte}, {"manifest-timeout", f.manifestTimeout}} {
		if d.v <= 0 {
			return fmt.Errorf("--%s %v: want a positive duration, e.g. 10s", d.name, d.v)
		}
	}
	if !validHeaderValue(f.userAgent) {
		return fmt.Errorf("--user-agent %q: holds a control character (a line break?)", f.userAgent)
	}
	if f.logURL != "" {
		u, err := url.Parse(f.logURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("--log-url %q: want an http(s) URL, e.g. http://127.0.0.1:8080/log", f.logURL)
		}
	}
	return nil
}

// validHeaderName: an HTTP token (RFC 9110 5.1).
func validHeaderName(k string) bool {
	if k == "" {
		return false
	}
	for _, c := range []byte(k) {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
		if !ok {
			return false
		}
	}
	return true
}

// validHeaderValue: no control characters but tab (RFC 9110 5.5).
func validHeaderValue(v string) bool {
	for _, c := range []byte(v) {
		if c < ' ' && c != '\t' || c == 0x7f {
			return false
		}
	}
	return true
}

// envLanguage is the language of the user's locale (LC_ALL, LC_MESSAGES, LANG:
// "de_DE.UTF-8" is "de"), "" for C, POSIX or none.
func envLanguage(getenv func(string) string) string {
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := getenv(k)
		if v == "" {
			continue
		}
		lang, _, _ := strings.Cut(v, ".")
		lang, _, _ = strings.Cut(lang, "_")
		lang, _, _ = strings.Cut(lang, "@")
		if lang == "C" || lang == "POSIX" {
			return ""
		}
		return strings.ToLower(lang)
	}
	return ""
}
