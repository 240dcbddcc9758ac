package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/smoothie-player/smoothie/decode/encode"
	"github.com/smoothie-player/smoothie/origin/pack"
)

// The bundled demo: testdata/demo/README.md holds the command that made it.
const (
	demoLadder   = "320x180@300k,480x270@600k,640x360@1M,960x540@1.6M,1280x720@2.5M"
	demoDuration = 20 * time.Second
)

// demoSpec says how to make a demo when none is bundled (tests make a small one).
type demoSpec struct {
	ladder   string
	duration time.Duration
}

// demoDir finds the bundled demo (testdata/demo from the working directory up), or
// the one generated earlier into the user's cache directory, or generates it there
// with the packager, saying so on stderr with its progress bar.
func demoDir(ctx context.Context, spec demoSpec, stderr io.Writer) (string, error) {
	if d, ok := findDemo(); ok {
		return d, nil
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no bundled demo and no cache directory to make one in: %v", err)
	}
	dir := filepath.Join(cache, "smoothie", "demo")
	if _, err := os.Stat(filepath.Join(dir, "demo.ism")); err == nil {
		return dir, nil
	}
	fmt.Fprintf(stderr, "smoothie: no bundled demo here; generating one into %s (once, about a minute)\n", dir)
	levels, err := pack.ParseLadder(spec.ladder)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return "", err
	}
	encode.QuietLogs()
	bar := newProgressBar(stderr, isTerminal(stderr), time.Now)
	_, err = pack.Pack(ctx, pack.Input{Synthetic: spec.duration}, dir, pack.Config{Name: "demo", Levels: levels}, bar.update)
	bar.finish()
	if err != nil {
		return "", fmt.Errorf("generating the demo: %s", strings.ReplaceAll(err.Error(), "\n", " "))
	}
	return dir, nil
}

// findDemo looks for the bundled demo presentation from the working directory up.
func findDemo() (string, bool) {
	dir, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for {
		d := filepath.Join(dir, "testdata", "demo")
		if _, err := os.Stat(filepath.Join(d, "demo.ism")); err == nil {
			return d, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}
