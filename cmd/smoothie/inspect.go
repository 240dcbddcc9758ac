package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/smoothie-player/smoothie/internal/bounded"
	"github.com/smoothie-player/smoothie/internal/inspect"
	"github.com/smoothie-player/smoothie/smooth"
)

// runInspect is the `smoothie inspect` subcommand: a manifest or fragment, from a file
// or over HTTP, reported as a table or as the JSON object of docs/formats.md.
func runInspect(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("inspect", "inspect [--json] URL|FILE\n\nInspects a client manifest (.ismc, /Manifest), a server manifest (.ism, whose\nclient manifest is read), a fragment response, or an .ismv/.isma file.", stderr)
	asJSON := fs.Bool("json", false, "print one JSON object (format in docs/formats.md) instead of a table")
	timescale := fs.Uint64("timescale", smooth.DefaultTimeScale, "timescale of a bare fragment (fragments do not say their own)")
	timeout := fs.Duration("timeout", 30*time.Second, "HTTP timeout for a URL")
	check := fs.Bool("check", false, "fetch every fragment of every level of a manifest URL and report what is off (exit 1 if anything)")
	concurrency := fs.Int("concurrency", 4, "with --check: fragments fetched at once")
	pos, code := parseArgs(fs, args, stdout)
	if code >= 0 {
		return code
	}
	if len(pos) != 1 {
		fmt.Fprintln(stderr, "smoothie inspect: want exactly one URL or FILE (see smoothie inspect --help)")
		return exitUsage
	}
	if *timescale == 0 {
		fmt.Fprintln(stderr, "smoothie inspect: --timescale must be positive")
		return exitUsage
	}
	in := inspector{timescale: *timescale, timeout: *timeout}
	if *check {
		return in.check(pos[0], *asJSON, *concurrency, stdout, stderr)
	}
	report, err := in.inspect(pos[0])
	if err != nil {
		fmt.Fprintf(stderr, "smoothie inspect: %v\n", err)
		return exitFailure
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		err = enc.Encode(report)
	} else {
		switch r := report.(type) {
		case inspect.Manifest:
			err = inspect.WriteManifest(stdout, r)
		case inspect.Media:
			err = inspect.WriteMedia(stdout, r)
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "smoothie inspect: write: %v\n", err)
		return exitFailure
	}
	return exitOK
}

type inspector struct {
	timescale uint64
	timeout   time.Duration
}

// maxInput caps what inspect reads: manifests are capped lower by the parser itself.
const maxInput = smooth.MaxFragmentSize

func (in inspector) inspect(arg string) (any, error) {
	var base *url.URL
	if u, err := url.Parse(arg); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
		base = u
	}
	r, size, final, err := in.open(arg, base)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	if base != nil {
		base = final
	}
	br := bufio.NewReaderSize(r, 4096)
	head, _ := br.Peek(4096)
	if kind, _ := smooth.Sniff(head); kind == smooth.DocXML && !bytes.Contains(head, []byte("<smil")) {
		// A client manifest: parsed as it is read.
		m, err := smooth.ParseManifest(br, arg)
		if err != nil {
			return nil, err
		}
		return inspect.FromManifest(m, arg, base), nil
	}
	b, err := readInput(br, size)
	if err != nil {
		return nil, in.readErr(arg, base, err)
	}
	switch kind, _ := smooth.Sniff(b); kind {
	case smooth.DocEmpty:
		if base != nil {
			return nil, fmt.Errorf("GET %s: empty response body", base)
		}
		return nil, fmt.Errorf("%s: empty file", arg)
	case smooth.DocXML, smooth.DocJSON, smooth.DocText:
		if bytes.Contains(b[:min(len(b), 4096)], []byte("<smil")) {
			return in.serverManifest(arg, b, base)
		}
		m, err := smooth.ParseManifestBytes(b, arg)
		if err != nil {
			return nil, err
		}
		return inspect.FromManifest(m, arg, base), nil
	}
	boxes, err := smooth.SplitBoxes(b)
	if err != nil {
		return nil, wrapSource(arg, err)
	}
	moofs := 0
	for _, bx := range boxes {
		switch bx.Type {
		case "moov", "mfra", "ftyp":
			moofs += 2
		case "moof":
			moofs++
		}
	}
	if moofs > 1 {
		mf, err := smooth.ParseMediaFile(b)
		if err != nil {
			return nil, wrapSource(arg, err)
		}
		return inspect.FromFile(mf, b, arg), nil
	}
	f, err := smooth.ParseFragment(b, smooth.FragmentOptions{Timescale: in.timescale, Boxes: true})
	if err != nil {
		return nil, wrapSource(arg, err)
	}
	return inspect.FromFragment(f, arg, in.timescale), nil
}

// serverManifest follows an .ism's clientManifestRelativePath to its client manifest.
func (in inspector) serverManifest(arg string, b []byte, base *url.URL) (any, error) {
	sm, err := smooth.ParseServerManifest(bytes.NewReader(b), arg)
	if err != nil {
		return nil, err
	}
	rel := sm.ClientManifestPath()
	if rel == "" {
		return nil, fmt.Errorf("%s: server manifest names no clientManifestRelativePath", arg)
	}
	target := filepath.Join(filepath.Dir(arg), filepath.FromSlash(rel))
	var tb *url.URL
	if base != nil {
		ref, err := url.Parse(rel)
		if err != nil {
			return nil, fmt.Errorf("%s: clientManifestRelativePath %q: %v", arg, rel, err)
		}
		tb = base.ResolveReference(ref)
		target = tb.String()
	}
	m, _, err := in.parseManifest(target, tb)
	if err != nil {
		return nil, err
	}
	return inspect.FromManifest(m, target, nil), nil
}

// check runs `inspect --check`: every fragment of every level, against the manifest.
func (in inspector) check(arg string, asJSON bool, concurrency int, stdout, stderr io.Writer) int {
	u, err := url.Parse(arg)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		fmt.Fprintf(stderr, "smoothie inspect: --check wants a manifest URL (http or https), not %q\n", arg)
		return exitUsage
	}
	if concurrency < 1 || concurrency > 256 {
		fmt.Fprintln(stderr, "smoothie inspect: --concurrency must be 1-256")
		return exitUsage
	}
	m, final, err := in.parseManifest(arg, u)
	if err != nil {
		var nx *smooth.NotXMLError
		if errors.As(err, &nx) && nx.Kind == smooth.DocBoxes {
			fmt.Fprintf(stderr, "smoothie inspect: %v (it looks like a fragment: use smoothie inspect URL without --check)\n", err)
		} else {
			fmt.Fprintf(stderr, "smoothie inspect: %v\n", err)
		}
		return exitFailure
	}
	opt := inspect.CheckOptions{Concurrency: concurrency}
	if isTerminal(stderr) {
		opt.Progress = func(done, total int) {
			fmt.Fprintf(stderr, "\rchecking fragments %d/%d (%d%%)", done, total, 100*done/max(total, 1))
			if done == total {
				fmt.Fprintln(stderr)
			}
		}
	}
	fetch := func(ctx context.Context, u string) ([]byte, error) {
		pu, err := url.Parse(u)
		if err != nil {
			return nil, err
		}
		b, _, err := in.load(u, pu)
		return b, err
	}
	r := inspect.Check(context.Background(), m, final, fetch, opt)
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.Encode(r)
	} else {
		inspect.WriteCheck(stdout, r)
	}
	if len(r.Problems) > 0 {
		return exitFailure
	}
	return exitOK
}

// open opens a file (u nil) or GETs u, and returns the body with its size when
// known (-1 otherwise) and the final URL after redirects (nil for a file).
func (in inspector) open(arg string, u *url.URL) (io.ReadCloser, int64, *url.URL, error) {
	if u == nil {
		f, err := os.Open(arg)
		if err != nil {
			return nil, 0, nil, err
		}
		var size int64 = -1
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
			size = fi.Size()
		}
		return f, size, nil, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), in.timeout)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		cancel()
		return nil, 0, nil, err
	}
	req.Header.Set("User-Agent", "smoothie/"+version)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		return nil, 0, nil, fmt.Errorf("GET %s: %v", u, err)
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		cancel()
		return nil, 0, nil, fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	return cancelCloser{resp.Body, cancel}, resp.ContentLength, resp.Request.URL, nil
}

// cancelCloser closes a response body and then cancels its request's context.
type cancelCloser struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (c cancelCloser) Close() error {
	err := c.ReadCloser.Close()
	c.cancel()
	return err
}

// load reads a file or a GET of u whole, up to maxInput.
func (in inspector) load(arg string, u *url.URL) ([]byte, *url.URL, error) {
	r, size, final, err := in.open(arg, u)
	if err != nil {
		return nil, nil, err
	}
	defer r.Close()
	b, err := readInput(r, size)
	return b, final, in.readErr(arg, u, err)
}

func readInput(r io.Reader, size int64) ([]byte, error) {
	b, err := bounded.ReadAll(r, maxInput, size, nil)
	if len(b) > maxInput {
		return nil, errTooLarge
	}
	return b, err
}

var errTooLarge = fmt.Errorf("larger than %d MiB", maxInput>>20)

// readErr names what failed to read: the file, or the GET's response.
func (in inspector) readErr(arg string, u *url.URL, err error) error {
	switch {
	case err == nil:
		return nil
	case u == nil:
		return fmt.Errorf("%s: %v", arg, err)
	case errors.Is(err, errTooLarge):
		return fmt.Errorf("GET %s: response %v", u, err)
	}
	return fmt.Errorf("GET %s: reading body: %v", u, err)
}

// parseManifest opens a client manifest (a file or a GET of u) and parses it as it
// is read, never holding the document whole.
func (in inspector) parseManifest(arg string, u *url.URL) (*smooth.Manifest, *url.URL, error) {
	r, _, final, err := in.open(arg, u)
	if err != nil {
		return nil, nil, err
	}
	defer r.Close()
	m, err := smooth.ParseManifest(r, arg)
	return m, final, err
}

func wrapSource(src string, err error) error {
	if pe, ok := err.(*smooth.ParseError); ok && pe.Source == "" {
		c := *pe
		c.Source = src
		return &c
	}
	return err
}
