package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/smoothie-player/smoothie/abr"
	"github.com/smoothie-player/smoothie/abr/sensor"
	"github.com/smoothie-player/smoothie/decode"
	"github.com/smoothie-player/smoothie/origin"
	"github.com/smoothie-player/smoothie/player"
	"github.com/smoothie-player/smoothie/player/ffdec"
	"github.com/smoothie-player/smoothie/render/windowproc"
	"github.com/smoothie-player/smoothie/smooth"
	"github.com/smoothie-player/smoothie/tui/keymap"
)

// runPlay is the `smoothie play` subcommand.
func runPlay(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return play(ctx, args, stdout, stderr)
}

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
	quality            player.Quality
	loop, headless     bool
	statsJSON, logURL  string
	threads            int
	abr                string
	logFile            string
	battery, cpuBudget string
	// Hidden, for measuring A/V sync from outside (e2e TestAVSync): see syncHooks.
	presentLog string
	avOffset   time.Duration
}

func play(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("play", "play [flags] [URL|FILE.ism|FILE.ismc]\n\nPlays a Smooth Streaming presentation: an http(s) manifest URL, a local .ism or .ismc\n(served through an in-process origin on loopback), or with no argument the bundled demo.", stderr)
	var f playFlags
	fs.Func("header", "add a request header K:V to every request (repeatable)", func(s string) error {
		k, _, ok := strings.Cut(s, ":")
		if !ok || strings.TrimSpace(k) == "" {
			return fmt.Errorf("want K:V, got %q", s)
		}
		f.headers = append(f.headers, s)
		return nil
	})
	fs.StringVar(&f.userAgent, "user-agent", "smoothie/"+version, "User-Agent of every request")
	fs.StringVar(&f.ca, "ca", "", "PEM file of extra certificate authorities for https")
	fs.BoolVar(&f.insecure, "insecure", false, "do not verify https certificates")
	fs.BoolVar(&f.cmcd, "cmcd", false, "send Common Media Client Data (CMCD) request headers")
	fs.StringVar(&f.audioLang, "audio-lang", "", "audio language to play (default: the first audio stream)")
	fs.StringVar(&f.video, "video", "auto", "video output: auto (a window with a display, else the terminal), window, term, none")
	fs.StringVar(&f.audio, "audio", "auto", "audio output: auto, none")
	fs.DurationVar(&f.buffer, "buffer", 30*time.Second, "buffer target ahead of the playhead")
	fs.DurationVar(&f.start, "start", 0, "start position, e.g. 1m30s; negative: back from the live edge (live) or the end, e.g. -30s")
	fs.DurationVar(&f.liveLatency, "live-latency", 0, "live: how far behind the live edge to play, e.g. 4s (default 3 fragments)")
	fs.DurationVar(&f.liveCatchUp, "live-catchup", 0, "live: skip to the live edge when a stall leaves playback this much beyond --live-latency (default 3 fragments; negative: never)")
	fs.DurationVar(&f.liveGiveUp, "live-give-up", 0, "live: fail when the live edge has not moved for this long while playback waits for it (default the longer of 60s and 10 fragments; negative: wait for ever)")
	fs.DurationVar(&f.dur, "duration", 0, "stop after this much playback (0: to the end)")
	fs.DurationVar(&f.dur, "for", 0, "same as --duration")
	fs.Func("quality", "video quality: auto, a level (1 = lowest bitrate) or a bitrate like 300k or 2.5M", func(s string) error {
		q, err := player.ParseQuality(s)
		f.quality = q
		return err
	})
	fs.BoolVar(&f.loop, "loop", false, "restart at the end (VOD)")
	fs.BoolVar(&f.headless, "headless", false, "no UI: implies --video none, prints one stats line per second")
	fs.StringVar(&f.statsJSON, "stats-json", "", "write events and the final summary as JSON lines to this file")
	fs.StringVar(&f.logURL, "log-url", "", "post the playback log (NDJSON) to this URL every 10 s and at exit, e.g. http://HOST/log")
	fs.IntVar(&f.threads, "threads", 0, "video decoding threads (0: one per core)")
	fs.StringVar(&f.abr, "abr", "smoothie", "ABR policy: "+strings.Join(abr.Names(), ", "))
	fs.StringVar(&f.battery, "battery", "", "power state for the ABR engine instead of the battery's, e.g. discharging:15%, charging:80%, saver")
	fs.StringVar(&f.cpuBudget, "cpu-budget", "", "share of a frame interval decoding may use, e.g. 60% (default: the engine's)")
	fs.StringVar(&f.logFile, "log", "", "write diagnostics (player and FFmpeg messages) to this file (default: dropped)")
	fs.StringVar(&f.presentLog, "present-log", "", "write one line per presented video frame: PTS and CLOCK_MONOTONIC, in ns")
	fs.DurationVar(&f.avOffset, "av-offset", 0, "present video this much later against the audio clock (negative: earlier)")
	fs.hide("present-log", "av-offset")
	pos, code := parseArgs(fs, args, stdout)
	if code >= 0 {
		return code
	}
	fail := func(code int, format string, a ...any) int {
		fmt.Fprintf(stderr, "smoothie play: "+format+"\n", a...)
		return code
	}
	if len(pos) > 1 {
		return fail(exitUsage, "at most one URL or file (see smoothie play --help)")
	}
	if err := f.check(); err != nil {
		return fail(exitUsage, "%v", err)
	}
	if f.headless {
		f.video = "none"
	}
	target := ""
	if len(pos) == 1 {
		target = pos[0]
	}
	manifest, closeOrigin, err := resolveTarget(ctx, target, stderr)
	if err != nil {
		var bad badContent
		if errors.As(err, &bad) {
			return fail(exitFailure, "%v", err)
		}
		return fail(exitUsage, "%v", err)
	}
	defer closeOrigin()

	cfg := player.Config{URL: manifest, UserAgent: f.userAgent, CMCD: f.cmcd, AudioLang: f.audioLang,
		BufferTarget: f.buffer, Start: f.start, LiveLatency: f.liveLatency, LiveCatchUp: f.liveCatchUp, LiveGiveUp: f.liveGiveUp, PlayFor: f.dur, Loop: f.loop, Quality: f.quality, LogURL: f.logURL,
		Header: http.Header{}}
	for _, h := range f.headers {
		k, v, _ := strings.Cut(h, ":")
		cfg.Header.Add(strings.TrimSpace(k), strings.TrimSpace(v))
	}
	if f.ca != "" || f.insecure {
		tc := &tls.Config{InsecureSkipVerify: f.insecure}
		if f.ca != "" {
			pem, err := os.ReadFile(f.ca)
			if err != nil {
				return fail(exitUsage, "--ca: %v", err)
			}
			pool, err := x509.SystemCertPool()
			if err != nil {
				pool = x509.NewCertPool()
			}
			if !pool.AppendCertsFromPEM(pem) {
				return fail(exitUsage, "--ca %s: no PEM certificate in it", f.ca)
			}
			tc.RootCAs = pool
		}
		cfg.TLS = tc
	}
	logf, closeLog, err := openPlayLog(f.logFile)
	if err != nil {
		return fail(exitFailure, "--log: %v", err)
	}
	defer closeLog()
	cfg.Logf = logf
	// FFmpeg writes to stderr, which belongs to the UI: its warnings go to the log.
	decode.RouteFFmpegLog(decode.LogWarning, func(_ decode.LogSeverity, msg string) { logf("ffmpeg: %s", msg) })
	pol, err := abr.New(f.abr)
	if err != nil {
		return fail(exitUsage, "--abr: %v", err)
	}
	var override *abr.Power
	if f.battery != "" {
		p, err := abr.ParsePower(f.battery)
		if err != nil {
			return fail(exitUsage, "--battery: %v", err)
		}
		override = &p
	}
	var budget float64
	if f.cpuBudget != "" {
		if budget, err = sensor.ParseCPUBudget(f.cpuBudget); err != nil {
			return fail(exitUsage, "--cpu-budget: %v", err)
		}
	}
	sensors := sensor.NewSampler(ctx, 2*time.Second, override)
	cfg.Policy = player.FromABRWithSensors(pol, player.ABRSensors{Latest: sensors.Latest, DecodeBudget: budget})
	cfg.Sensors = sensors.Latest
	ffdec.Install(&cfg, ffdec.Options{Threads: f.threads})
	keys := make(chan string, 16)
	sinks, err := openSinks(f.video, f.audio, stdout, stderr, keys)
	if err != nil {
		return fail(exitUsage, "%v", err)
	}
	defer func() { sinks.close() }() // closes what syncHooks wraps in, too
	if err := sinks.syncHooks(f.presentLog, f.avOffset); err != nil {
		return fail(exitFailure, "--present-log: %v", err)
	}
	logf("outputs: %s", sinks.what)
	if sinks.warning != "" && sinks.statusLines {
		fmt.Fprintf(stderr, "smoothie play: %s\n", sinks.warning) // the TUI shows it among its outputs
	}
	cfg.VideoSink, cfg.AudioSink = sinks.video, sinks.audio
	if w, ok := sinks.video.(*windowproc.Sink); ok {
		cfg.ViewSize = w.Size // levels larger than the window are capped
	}
	if f.statsJSON != "" {
		sf, err := os.Create(f.statsJSON)
		if err != nil {
			return fail(exitFailure, "--stats-json: %v", err)
		}
		defer sf.Close()
		cfg.StatsJSON = sf
	}
	s, err := player.New(cfg)
	if err != nil {
		return fail(exitUsage, "%v", err)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	ctl := newKeyControl(s, cancel)
	if w, ok := sinks.video.(*windowproc.Sink); ok {
		ctl.overlay = &windowOverlay{set: w.SetOverlay, stats: s.Stats}
	}
	var panel *playPanel
	if panelWanted(f.headless, stdout) {
		panel = startPanel(ctx, s, manifest, sinks, stdout)
		sinks.statusLines = false
	}
	panelDone := panel.Done()
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case err := <-done:
			panel.Stop()
			st := s.Stats()
			fmt.Fprintf(stdout, "%s\n", summaryLine(st))
			if err != nil {
				return fail(exitFailure, "%v", err)
			}
			return exitOK
		case k := <-keys:
			// The window's own key (s: its overlay) stays with it; the rest go to
			// the panel when one runs, so both answer the same keys.
			if keymap.Window(k) == keymap.Stats || !panel.key(k) {
				ctl.key(k)
			}
		case <-panelDone:
			panelDone = nil
			if panel.err != nil { // the terminal would not take the panel: status lines
				logf("tui: %v", panel.err)
				sinks.statusLines = sinks.video == nil
				break
			}
			cancel() // the user quit the panel
		case <-sinks.closed:
			cancel() // the user closed the window
			sinks.closed = nil
		case <-tick.C:
			if ctl.overlay != nil {
				ctl.overlay.refresh()
			}
			if sinks.statusLines {
				fmt.Fprintf(stdout, "%s\n", statusLine(s.Stats()))
			}
		}
	}
}

// openPlayLog opens the diagnostics log: a file with a timestamp per line, or a
// function that drops everything when name is empty. It is safe for concurrent use.
func openPlayLog(name string) (func(string, ...any), func(), error) {
	if name == "" {
		return func(string, ...any) {}, func() {}, nil
	}
	f, err := os.OpenFile(name, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, nil, err
	}
	var mu sync.Mutex
	logf := func(format string, a ...any) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(f, "%s %s\n", time.Now().Format("15:04:05.000"), fmt.Sprintf(format, a...))
	}
	return logf, func() { mu.Lock(); defer mu.Unlock(); f.Close() }, nil
}

// resolveTarget turns the argument into a manifest URL: URLs as they are, a local
// .ism/.ismc (or the bundled demo) through an in-process origin on loopback.
func resolveTarget(ctx context.Context, target string, stderr io.Writer) (string, func(), error) {
	nop := func() {}
	if strings.HasPrefix(target, "http://") || strings.HasPrefix(target, "https://") {
		return target, nop, nil
	}
	dir, name := "", ""
	if target == "" {
		d, err := demoDir(ctx, demoSpec{ladder: demoLadder, duration: demoDuration}, stderr)
		if err != nil {
			return "", nop, fmt.Errorf("no URL given, and the bundled demo: %v", err)
		}
		dir = d
	} else {
		st, err := os.Stat(target)
		if err != nil {
			return "", nop, fmt.Errorf("%s: not an http(s) URL, and %v", target, err)
		}
		ext := strings.ToLower(filepath.Ext(target))
		if st.IsDir() || (ext != ".ism" && ext != ".ismc") {
			return "", nop, fmt.Errorf("%s: want an http(s) manifest URL, an .ism or an .ismc file", target)
		}
		dir, name = filepath.Dir(target), filepath.Base(target)
	}
	srv, err := origin.New(origin.Config{Dir: dir})
	if err != nil {
		return "", nop, fmt.Errorf("%s: %v", dir, err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		srv.Close()
		return "", nop, fmt.Errorf("in-process origin: %v", err)
	}
	hs := &http.Server{Handler: srv, ConnContext: srv.ConnContext, ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln)
	closeAll := func() { hs.Close(); srv.Close() }
	base := "http://" + ln.Addr().String() + "/"
	u, err := localManifest(srv.Presentations(), srv.Skipped(), dir, name)
	if err != nil {
		closeAll()
		return "", nop, badContent{err}
	}
	return base + u, closeAll, nil
}

// localManifest is the path, on the in-process origin serving dir, of the manifest
// to play for the file name in dir ("" for the first presentation): NAME.ism's
// Manifest; for NAME.ismc, the Manifest of the NAME.ism beside it (the fragments are
// in its media files), else the .ismc itself as a static file, checked first so its
// errors name the file. served are the origin's presentations, skipped the reasons
// it gave for the ones it could not load.
func localManifest(served []string, skipped map[string]error, dir, name string) (string, error) {
	isServed := func(ism string) bool {
		for _, p := range served {
			if strings.EqualFold(p, ism) {
				return true
			}
		}
		return false
	}
	ext := strings.ToLower(filepath.Ext(name))
	switch {
	case name == "":
		for _, p := range served {
			if strings.EqualFold(filepath.Ext(p), ".ism") {
				return filepath.ToSlash(p) + "/Manifest", nil
			}
		}
		return "", fmt.Errorf("%s: no .ism presentation%s", dir, reasons(skipped))
	case ext == ".ism":
		if !isServed(name) {
			return "", fmt.Errorf("%s%s", filepath.Join(dir, name), reason(skipped, name))
		}
		return name + "/Manifest", nil
	}
	ism := strings.TrimSuffix(name, filepath.Ext(name)) + ".ism"
	if isServed(ism) {
		return ism + "/Manifest", nil
	}
	if _, err := os.Stat(filepath.Join(dir, ism)); err == nil {
		return "", fmt.Errorf("%s: its presentation %s%s", filepath.Join(dir, name), filepath.Join(dir, ism), reason(skipped, ism))
	}
	path := filepath.Join(dir, name)
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	if _, err := smooth.ParseManifestBytes(b, path); err != nil {
		return "", err
	}
	return name, nil
}

// badContent is a local presentation that exists but cannot be played: a runtime
// failure (exit 1), not bad usage.
type badContent struct{ error }

func (b badContent) Unwrap() error { return b.error }

// reason is the origin's reason for skipping the presentation name (relative to
// its directory), as a suffix for an error.
func reason(skipped map[string]error, name string) string {
	for p, err := range skipped {
		if strings.EqualFold(p, filepath.ToSlash(name)) {
			return ": " + err.Error()
		}
	}
	return ": not a presentation"
}

// reasons summarises the origin's reasons for skipping presentations, as a suffix.
func reasons(skipped map[string]error) string {
	if len(skipped) == 0 {
		return ""
	}
	var all []string
	for p, err := range skipped {
		all = append(all, p+": "+err.Error())
	}
	slices.Sort(all)
	return " loadable (" + strings.Join(all, "; ") + ")"
}

// statusLine is the once-a-second headless stats line.
func statusLine(st player.Stats) string {
	line := fmt.Sprintf("%5.1fs %-9s pos %6.2f/%.2f video L%d %s buf %4.1fs audio buf %4.1fs tput %s decode %v shown %d dropped %d stalls %d errors %d",
		st.Elapsed.Seconds(), st.State, st.Position.Seconds(), st.Duration.Seconds(), st.Video.Level, player.FormatBitrate(st.Video.Bitrate),
		st.Video.Buffer.Seconds(), st.Audio.Buffer.Seconds(), player.FormatBitrate(st.Throughput), st.Video.DecodeTime.Round(10*time.Microsecond),
		st.FramesShown, st.FramesDropped, st.Stalls, st.Errors)
	if st.Live {
		line += fmt.Sprintf(" live latency %.1fs target %.1fs dvr %.0fs refreshes %d skips %d media %.3fs", st.LiveLatency.Seconds(), st.LiveTarget.Seconds(),
			st.DVRWindow.Seconds(), st.ManifestRefreshes, st.LiveSkips, st.MediaTime.Seconds())
	}
	return line
}

// summaryLine is printed when playback ends.
func summaryLine(st player.Stats) string {
	return fmt.Sprintf("played %.2fs in %.2fs: first frame %v, %d frames decoded, %d dropped, %d stalls (%.2fs), %d fragments, %d bytes, avg %s bit/s, %d switches, %d errors",
		st.Played.Seconds(), st.Elapsed.Seconds(), st.TTFF.Round(time.Millisecond), st.FramesDecoded, st.FramesDropped, st.Stalls,
		st.StallTime.Seconds(), st.Fragments, st.Bytes, player.FormatBitrate(st.AvgBitrate), st.Switches, st.Errors)
}
