package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/smoothie-player/smoothie/abr"
	"github.com/smoothie-player/smoothie/abr/trace"
	"github.com/smoothie-player/smoothie/internal/shape"
	"github.com/smoothie-player/smoothie/load"
	"github.com/smoothie-player/smoothie/player"
)

// maxViewers bounds --viewers: one process past this many is its own bottleneck
// long before the origin is (run more processes, or the k6 extension).
const maxViewers = 100_000

func runLoad(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("load", "load [flags] URL\n\nPlays URL with many virtual viewers at once, each a player session that decodes\nnothing, and reports the QoE each one got: startup, stalls, bitrate, switches, errors.", stderr)
	viewers := fs.Int("viewers", 10, "number of virtual viewers")
	dur := fs.Duration("for", time.Minute, "how long the run lasts")
	ramp := fs.Duration("ramp", 0, "start the viewers spread evenly over this (0: all at once)")
	abrName := fs.String("abr", "smoothie", "ABR policy of every viewer: "+strings.Join(abr.Names(), ", "))
	buffer := fs.Duration("buffer", 30*time.Second, "each viewer's buffer target")
	var quality player.Quality
	fs.Func("quality", "video quality of every viewer: auto, a level (1 = lowest bitrate) or a bitrate like 300k", func(s string) error {
		q, err := player.ParseQuality(s)
		quality = q
		return err
	})
	tracePath := fs.String("trace", "", "shape each viewer's link, client-side, with a throughput trace FILE, or one per viewer round-robin from a DIR of them")
	cmcd := fs.Bool("cmcd", false, "send Common Media Client Data (CMCD) request headers")
	var headers []string
	headerFlag(fs, &headers)
	userAgent := fs.String("user-agent", "smoothie-load/"+version, "User-Agent of every request")
	ca := fs.String("ca", "", "PEM file of extra certificate authorities for https")
	insecure := fs.Bool("insecure", false, "do not verify https certificates")
	jsonPath := fs.String("json", "", "write every viewer's summary and the aggregate as JSON to this file")
	quiet := fs.Bool("quiet", false, "no progress line every second, only the report")
	agentAddr := fs.String("agent", "", "serve viewers to a load engine on this address instead (POST /viewer; contrib/locust): no URL, runs until interrupted")
	pos, code := parseArgs(fs, args, stdout)
	if code >= 0 {
		return code
	}
	fail := func(code int, format string, a ...any) int {
		fmt.Fprintf(stderr, "smoothie load: "+format+"\n", a...)
		return code
	}
	switch {
	case *agentAddr != "" && len(pos) != 0:
		return fail(exitUsage, "--agent takes no URL: each viewer request names its own")
	case *agentAddr != "":
	case len(pos) != 1:
		return fail(exitUsage, "want one manifest URL (see smoothie load --help)")
	case !strings.HasPrefix(pos[0], "http://") && !strings.HasPrefix(pos[0], "https://"):
		return fail(exitUsage, "%q: want an http(s) manifest URL", pos[0])
	case *viewers < 1 || *viewers > maxViewers:
		return fail(exitUsage, "--viewers %d: want 1 to %d", *viewers, maxViewers)
	case *dur <= 0:
		return fail(exitUsage, "--for %v: must be positive", *dur)
	case *ramp < 0 || *ramp > *dur:
		return fail(exitUsage, "--ramp %v: want 0 to --for (%v)", *ramp, *dur)
	case *buffer <= 0:
		return fail(exitUsage, "--buffer %v: must be positive", *buffer)
	}
	if err := checkHeaders(headers); err != nil {
		return fail(exitUsage, "%v", err)
	}
	if _, err := abr.New(*abrName); err != nil {
		return fail(exitUsage, "--abr: %v", err)
	}
	tc, err := tlsConfig(*ca, *insecure)
	if err != nil {
		return fail(exitUsage, "%v", err)
	}
	links, err := loadLinks(*tracePath)
	if err != nil {
		return fail(exitUsage, "--trace: %v", err)
	}
	url := ""
	if len(pos) == 1 {
		url = pos[0]
	}
	cfg := load.Config{URL: url, Viewers: *viewers, For: *dur, Ramp: *ramp, Buffer: *buffer, Quality: quality,
		Links: links, CMCD: *cmcd, Header: http.Header{}, UserAgent: *userAgent, TLS: tc,
		NewPolicy: func() abr.Policy { p, _ := abr.New(*abrName); return p }}
	addHeaders(cfg.Header, headers)
	if !*quiet {
		cfg.Progress = func(p load.Progress) { fmt.Fprintln(stdout, p.String()) }
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if *agentAddr != "" {
		return serveAgent(ctx, *agentAddr, cfg, stdout, stderr)
	}
	rep, err := load.Run(ctx, cfg)
	if err != nil {
		return fail(exitFailure, "%v", err)
	}
	fmt.Fprint(stdout, rep.Table())
	if *jsonPath != "" {
		b, _ := json.MarshalIndent(rep, "", "  ")
		if err := os.WriteFile(*jsonPath, append(b, '\n'), 0o644); err != nil {
			return fail(exitFailure, "--json: %v", err)
		}
	}
	if rep.Aggregate.Failed == rep.Aggregate.Viewers {
		return fail(exitFailure, "every viewer failed (first: %s)", rep.Viewers[0].Failed)
	}
	return exitOK
}

// loadLinks reads --trace: one trace file, or every trace in a directory (one per
// viewer, round-robin); none without the flag.
func loadLinks(path string) ([]load.Link, error) {
	if path == "" {
		return nil, nil
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	var trs []*trace.Trace
	if st.IsDir() {
		if trs, err = trace.LoadDir(path); err == nil && len(trs) == 0 {
			err = fmt.Errorf("%s: no trace files in it", path)
		}
	} else {
		var t *trace.Trace
		t, err = trace.Load(path)
		trs = []*trace.Trace{t}
	}
	if err != nil {
		return nil, err
	}
	links := make([]load.Link, len(trs))
	for i, t := range trs {
		links[i] = load.Link{Name: filepath.Base(t.Name), Rate: shape.Trace(t)}
	}
	return links, nil
}

// serveAgent runs `load --agent ADDR` until ctx ends.
func serveAgent(ctx context.Context, addr string, cfg load.Config, stdout, stderr io.Writer) int {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Fprintf(stderr, "smoothie load: --agent: %v\n", err)
		return exitFailure
	}
	agent := load.NewAgent(cfg)
	agent.Logf = func(format string, args ...any) { fmt.Fprintf(stdout, "smoothie load: "+format+"\n", args...) }
	srv := &http.Server{Handler: agent, ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(stdout, "smoothie load: agent on http://%s/viewer\n", ln.Addr())
	go func() { <-ctx.Done(); srv.Close() }()
	if err := srv.Serve(ln); err != nil && err != http.ErrServerClosed {
		fmt.Fprintf(stderr, "smoothie load: --agent: %v\n", err)
		return exitFailure
	}
	return exitOK
}
