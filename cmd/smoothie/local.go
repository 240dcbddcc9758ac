package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/smoothie-player/smoothie/origin"
	"github.com/smoothie-player/smoothie/rtspsrc"
	"github.com/smoothie-player/smoothie/smooth"
)

// resolveTarget turns the argument into a manifest URL: URLs as they are, a local
// .ism/.ismc (or the bundled demo) through an in-process origin on loopback.
func resolveTarget(ctx context.Context, target string, stderr io.Writer) (string, func(), error) {
	nop := func() {}
	if strings.HasPrefix(target, "http://") || strings.HasPrefix(target, "https://") || rtspsrc.IsURL(target) {
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
