package main

import (
	"context"
	"errors"
	"fmt"
	"github.com/smoothie-player/smoothie/drm"
	"io"
	"net"
	"net/netip"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/smoothie-player/smoothie/abr/trace"
	"github.com/smoothie-player/smoothie/origin"
)

// runServe is the `smoothie serve` subcommand: the test origin.
func runServe(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return serve(ctx, args, stdout, stderr)
}

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("serve", "serve [flags] [DIR]\n\nServes every .ism presentation under DIR (default: the bundled demo) the way IIS\nSmooth Streaming does, plus static files and POST /log for playback logs.", stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "listen address; port 0 picks a free port")
	accessLog := fs.String("access-log", "-", "W3C extended access log file (- = stderr, empty = none)")
	playerLog := fs.String("player-log", "", "append players' POST /log bodies to this file as JSON lines (empty: /log answers 404)")
	rateSpec := fs.String("rate", "", "shape what the origin sends to this rate, e.g. 2Mbps (one bucket for all connections)")
	traceFile := fs.String("trace", "", "shape with a throughput trace (\"<seconds> <Mbit/s>\" lines, format in docs/formats.md) replayed over wall time")
	perConn := fs.Bool("rate-per-conn", false, "with --rate: one bucket per connection instead of one for all")
	latency := fs.Duration("latency", 0, "delay every response's first byte, e.g. 80ms")
	live := fs.Bool("live", false, "also serve every VOD NAME.ism as a looping live channel at NAME.isml, anchored to wall-clock time (see --live-epoch)")
	var epoch time.Time
	fs.Func("live-epoch", "when live time 0 is, RFC 3339 (default: the origin's start less twice --dvr, so times\nstay below 2^53 ticks as web players need); a push stamped on the Unix clock is re-based to it", func(s string) error {
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return fmt.Errorf("want an RFC 3339 time such as 2026-01-01T00:00:00Z")
		}
		epoch = t
		return nil
	})
	dvr := fs.Duration("dvr", 60*time.Second, "with --live: the DVR window")
	lookahead := fs.Int("lookahead", 2, "with --live: LookAheadFragmentCount, the tfrf entries per fragment")
	maxConns := fs.Int("max-conns", 4096, "open connections served at a time; one more is answered 503 and closed")
	writeTimeout := fs.Duration("write-timeout", 2*time.Minute, "let go of a client that has not read a whole fragment or manifest in this long")
	ingest := fs.Bool("ingest", false, "accept live pushes from encoders at POST /NAME.isml/Streams(ID)")
	archive := fs.String("archive", "", "with --ingest: archive pushed streams as .ismv + .ism under this directory (default DIR)")
	token := fs.String("ingest-token", "", "with --ingest: every push must carry this token (Authorization: Bearer or ?token=)")
	var allow []netip.Prefix
	fs.Func("ingest-allow", "with --ingest: also accept pushes from this CIDR (loopback always; repeatable)", func(s string) error {
		p, err := netip.ParsePrefix(s)
		if err == nil {
			allow = append(allow, p)
		}
		return err
	})
	keysFile := fs.String("keys", "", "answer W3C ClearKey licence requests at POST /license with the keys in `FILE` (keys.json as pack writes it)")
	licenseToken := fs.String("license-token", "", "with --keys: a licence request must carry \"Authorization: Bearer `TOKEN`\" (else 401)")
	cors := fs.String("cors", "*", "CORS for web players on other origins: * (every page may read manifests, fragments,\nstatic files), off, or ORIGIN[,ORIGIN] (http://host:port; only named origins may\nalso POST /log and push to ingest)")
	debugAddr := fs.String("debug-addr", "", "serve the process's runtime figures (/debug/runtime) and Go profiles (/debug/pprof/) on this address, e.g. 127.0.0.1:6060")
	seed := fs.Uint64("seed", 1, "seed for --fault decisions (same seed, same faults)")
	var faults []origin.Fault
	fs.Func("fault", "inject a fault into fragment responses: KIND:PROB[:DURATION][@STREAM|@BITRATE], KIND one of\nan HTTP status, reset, truncate, stall, corrupt; e.g. 500:5%, stall:1%:10s@video (repeatable)", func(s string) error {
		f, err := origin.ParseFault(s)
		if err == nil {
			faults = append(faults, f)
		}
		return err
	})
	pos, code := parseArgs(fs, args, stdout)
	if code >= 0 {
		return code
	}
	if len(pos) > 1 {
		fmt.Fprintln(stderr, "smoothie serve: at most one DIR (see smoothie serve --help)")
		return exitUsage
	}
	dir := ""
	if len(pos) == 1 {
		dir = pos[0]
	} else {
		d, err := demoDir(ctx, demoSpec{ladder: demoLadder, duration: demoDuration}, stderr)
		if err != nil {
			fmt.Fprintf(stderr, "smoothie serve: %v\n", err)
			return exitFailure
		}
		dir = d
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		fmt.Fprintf(stderr, "smoothie serve: %s is not a directory\n", dir)
		return exitFailure
	}
	if *dvr <= 0 || *lookahead < 1 || *lookahead > 255 {
		fmt.Fprintln(stderr, "smoothie serve: --dvr must be positive and --lookahead 1-255")
		return exitUsage
	}
	cfg := origin.Config{Dir: dir, Latency: *latency, Faults: faults, Seed: *seed, ShapePerConn: *perConn,
		Live: *live, DVRWindow: *dvr, Lookahead: *lookahead, CORS: *cors, LiveEpoch: epoch,
		Ingest: *ingest, Archive: *archive, IngestToken: *token, IngestAllow: allow,
		Warnf: func(f string, a ...any) { fmt.Fprintf(stderr, "smoothie serve: "+f+"\n", a...) }}
	if *keysFile != "" {
		ks, err := drm.ReadKeyFile(*keysFile)
		if err != nil {
			fmt.Fprintf(stderr, "smoothie serve: --keys: %v\n", err)
			return exitUsage
		}
		cfg.Keys, cfg.LicenseToken = ks, *licenseToken
	} else if *licenseToken != "" {
		fmt.Fprintln(stderr, "smoothie serve: --license-token needs --keys")
		return exitUsage
	}
	if err := origin.CheckCORS(*cors); err != nil {
		fmt.Fprintf(stderr, "smoothie serve: --%v\n", err)
		return exitUsage
	}
	if *latency < 0 {
		fmt.Fprintln(stderr, "smoothie serve: --latency must not be negative")
		return exitUsage
	}
	if *rateSpec != "" && *traceFile != "" {
		fmt.Fprintln(stderr, "smoothie serve: --rate and --trace exclude each other")
		return exitUsage
	}
	if *traceFile != "" {
		tr, err := trace.Load(*traceFile)
		if err != nil {
			fmt.Fprintf(stderr, "smoothie serve: --trace: %v\n", err)
			return exitFailure
		}
		cfg.Rate = origin.TraceRate(tr)
	} else if *rateSpec != "" {
		bps, err := origin.ParseRate(*rateSpec)
		if err != nil {
			fmt.Fprintf(stderr, "smoothie serve: --rate: %v\n", err)
			return exitUsage
		}
		cfg.Rate = origin.ConstantRate(bps)
	}
	if *perConn && cfg.Rate == nil {
		fmt.Fprintln(stderr, "smoothie serve: --rate-per-conn needs --rate or --trace")
		return exitUsage
	}
	closeLogs, err := openLogs(&cfg, *accessLog, *playerLog, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "smoothie serve: %v\n", err)
		return exitFailure
	}
	defer closeLogs()
	srv, err := origin.New(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "smoothie serve: %s: %v\n", dir, err)
		return exitFailure
	}
	defer srv.Close()
	if len(srv.Presentations()) == 0 {
		until := "only static files are served"
		if *ingest {
			until = "serving nothing until a push arrives"
		}
		fmt.Fprintf(stderr, "smoothie serve: no presentations (.ism) under %s; %s\n", dir, until)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "smoothie serve: listen %s: %v\n", *addr, err)
		return exitFailure
	}
	var closers []func()
	defer func() {
		for _, c := range closers {
			c()
		}
	}()
	if err := startDebug(*debugAddr, "serve", stderr, func(c func()) { closers = append(closers, c) }); err != nil {
		fmt.Fprintf(stderr, "smoothie serve: %v\n", err)
		return exitFailure
	}
	base := "http://" + ln.Addr().String() + "/"
	fmt.Fprintf(stdout, "listening on %s\n", base)
	for _, p := range srv.Presentations() {
		fmt.Fprintf(stdout, "  %s%s/Manifest\n", base, strings.ReplaceAll(p, "\\", "/"))
	}
	hs, errc := srv.Serve(ln, origin.Limits{MaxConns: *maxConns, WriteTimeout: *writeTimeout})
	select {
	case err := <-errc:
		fmt.Fprintf(stderr, "smoothie serve: %v\n", err)
		return exitFailure
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdown); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		fmt.Fprintf(stderr, "smoothie serve: shutdown: %v\n", err)
	}
	return exitOK
}

// openLogs opens the log destinations named on the command line.
func openLogs(cfg *origin.Config, access, player string, stderr io.Writer) (func(), error) {
	var files []*os.File
	open := func(name string) (*os.File, error) {
		f, err := os.OpenFile(name, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
		return f, nil
	}
	closeAll := func() {
		for _, f := range files {
			f.Close()
		}
	}
	switch access {
	case "":
	case "-":
		cfg.AccessLog = stderr
	default:
		f, err := open(access)
		if err != nil {
			return closeAll, fmt.Errorf("access log: %v", err)
		}
		cfg.AccessLog = f
	}
	if player != "" {
		f, err := open(player)
		if err != nil {
			closeAll()
			return func() {}, fmt.Errorf("player log: %v", err)
		}
		cfg.PlayerLog = f
	}
	return closeAll, nil
}
