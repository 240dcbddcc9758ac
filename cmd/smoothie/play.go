package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/smoothie-player/smoothie/player"
	"github.com/smoothie-player/smoothie/player/ffdec"
	"github.com/smoothie-player/smoothie/render/term"
	"github.com/smoothie-player/smoothie/render/windowproc"
	"github.com/smoothie-player/smoothie/rtspsrc"
	"github.com/smoothie-player/smoothie/tui/keymap"
)

// runPlay is the `smoothie play` subcommand.
func runPlay(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return play(ctx, args, stdout, stderr)
}

func play(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	f, target, code := parsePlay(args, stdout, stderr)
	if code >= 0 {
		return code
	}
	p := &playback{f: f, stdout: stdout, stderr: stderr}
	defer p.close()
	s, err := p.open(ctx, target)
	if err == nil {
		err = p.run(ctx, s)
	}
	return playExit(err, stderr)
}

// playback is one run of `smoothie play`: what it opened, and closes in reverse.
type playback struct {
	f              playFlags
	stdout, stderr io.Writer
	manifest       string
	logf           func(string, ...any)
	keys           chan string // the window's key presses
	sinks          playSinks
	closers        []func()
}

// onClose has close call fn (the last added first).
func (p *playback) onClose(fn func()) { p.closers = append(p.closers, fn) }

func (p *playback) close() {
	for i := len(p.closers) - 1; i >= 0; i-- {
		p.closers[i]()
	}
}

// open resolves what to play, wires the player's configuration (TLS, the log, ABR,
// decoders, sinks, stats) and makes the session.
func (p *playback) open(ctx context.Context, target string) (*player.Session, error) {
	manifest, closeOrigin, err := resolveTarget(ctx, target, p.stderr)
	if err != nil {
		var bad badContent
		if errors.As(err, &bad) {
			return nil, failure("%v", err)
		}
		return nil, usageError("%v", err)
	}
	p.manifest = manifest
	p.onClose(closeOrigin)
	if err := startDebug(p.f.debugAddr, "play", p.stderr, p.onClose); err != nil {
		return nil, failure("%v", err)
	}
	cfg := p.f.config(manifest)
	if rtspsrc.IsURL(manifest) {
		if err := p.f.wireRTSP(&cfg, manifest); err != nil {
			return nil, usageError("%v", err)
		}
	}
	if cfg.TLS, err = tlsConfig(p.f.ca, p.f.insecure); err != nil {
		return nil, err
	}
	if err := p.openLog(&cfg); err != nil {
		return nil, err
	}
	if err := wireABR(ctx, &p.f, &cfg); err != nil {
		return nil, err
	}
	if p.f.decode == "none" {
		player.NullDecoders(&cfg)
		cfg.DiscardMedia = true
	} else {
		ffdec.Install(&cfg, ffdec.Options{Threads: p.f.threads})
	}
	if err := p.openSinks(&cfg); err != nil {
		return nil, err
	}
	if err := p.openStatsJSON(&cfg); err != nil {
		return nil, err
	}
	s, err := player.New(cfg)
	if err != nil {
		return nil, usageError("%v", err)
	}
	return s, nil
}

// openStatsJSON creates --stats-json.
func (p *playback) openStatsJSON(cfg *player.Config) error {
	if p.f.statsJSON == "" {
		return nil
	}
	sf, err := os.Create(p.f.statsJSON)
	if err != nil {
		return failure("--stats-json: %v", err)
	}
	p.onClose(func() { sf.Close() })
	cfg.StatsJSON = sf
	return nil
}

// run plays s until it ends, the user quits (the panel or the window) or ctx
// ends, answering keys and printing status lines meanwhile.
func (p *playback) run(ctx context.Context, s *player.Session) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	ctl := newKeyControl(s, cancel)
	if w, ok := p.sinks.video.(*windowproc.Sink); ok {
		ctl.overlay = &windowOverlay{set: w.SetOverlay, stats: s.Stats}
	}
	var panel *playPanel
	if panelWanted(p.f.headless, p.stdout) {
		var stats func()
		if ctl.overlay != nil { // s typed on the terminal: the window's overlay, as s in the window
			stats = func() { sendKey(p.keys, keymap.Of(keymap.Stats).Keys[0]) }
		}
		panel = startPanel(ctx, s, p.manifest, p.sinks, stats, p.stdout)
		p.sinks.statusLines = false
	}
	err := p.loop(s, done, ctl, panel, cancel)
	st := s.Stats()
	decoded := "decoded"
	if st.FramesDamaged > 0 {
		decoded = fmt.Sprintf("decoded (%d damaged)", st.FramesDamaged)
	}
	if p.f.decode == "none" {
		decoded = "paced, none decoded (--decode none)"
	}
	fmt.Fprintf(p.stdout, "%s\n", summaryLine(st, decoded))
	if err != nil {
		return failure("%v", err)
	}
	if st.VideoUnavailable != "" {
		return failure("%s (the audio played)", videoUnavailable(st))
	}
	return nil
}

// loop serves the session's events until it ends with the error Run returned.
func (p *playback) loop(s *player.Session, done <-chan error, ctl *keyControl, panel *playPanel, cancel func()) error {
	panelDone := panel.Done()
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case err := <-done:
			panel.Stop()
			return err
		case k := <-p.keys:
			routeKey(k, panel, ctl)
		case <-panelDone:
			panelDone = nil
			if panel.err != nil { // the terminal would not take the panel: status lines
				p.logf("tui: %v", panel.err)
				p.sinks.statusLines = p.sinks.video == nil
				break
			}
			cancel() // the user quit the panel
		case <-p.sinks.closed:
			cancel() // the user closed the window
			p.sinks.closed = nil
		case <-tick.C:
			if ctl.overlay != nil {
				ctl.overlay.refresh()
			}
			if t, ok := p.sinks.video.(*term.Sink); ok {
				if st := s.Stats(); st.VideoUnavailable != "" {
					t.SetNotice(videoUnavailable(st))
				}
			}
			if p.sinks.statusLines {
				fmt.Fprintf(p.stdout, "%s\n", statusLine(s.Stats()))
			}
		}
	}
}
