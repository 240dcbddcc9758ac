package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLocalManifest: which manifest a local file plays, and what a file that cannot
// be played says.
func TestLocalManifest(t *testing.T) {
	dir := t.TempDir()
	demo, err := os.ReadFile("../../testdata/demo/demo.ismc")
	if err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{
		"bad.ismc":    "<SmoothStreamingMedia MajorVersion=\"2\"",
		"orphan.ismc": string(demo),
		"broken.ism":  "",
		"broken.ismc": "<SmoothStreamingMedia/>",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	skipped := map[string]error{"broken.ism": errors.New("broken.ism:1: server manifest: EOF")}
	for _, c := range []struct {
		served  []string
		name    string
		want    string // the manifest path, or text the error must contain
		wantErr bool
	}{
		{[]string{"p.ism"}, "p.ism", "p.ism/Manifest", false},
		{[]string{"p.ism"}, "p.ismc", "p.ism/Manifest", false}, // the fragments are the .ism's
		{[]string{"p.ism"}, "P.ISMC", "P.ism/Manifest", false},
		{[]string{"a.ism", "a.isml"}, "", "a.ism/Manifest", false},
		{[]string{"a.isml"}, "", "no .ism presentation loadable", true},
		{nil, "broken.ism", "broken.ism: broken.ism:1: server manifest: EOF", true},
		{nil, "broken.ismc", "its presentation " + filepath.Join(dir, "broken.ism") + ": broken.ism:1: server manifest: EOF", true},
		{nil, "gone.ism", "gone.ism: not a presentation", true},
		{nil, "bad.ismc", filepath.Join(dir, "bad.ismc") + ":1", true},
		{nil, "orphan.ismc", "orphan.ismc", false}, // no .ism beside it: static, as packagers lay it out
	} {
		got, err := localManifest(c.served, skipped, dir, c.name)
		switch {
		case c.wantErr && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%q served %q: (%q, %v), want an error with %q", c.name, c.served, got, err, c.want)
		case !c.wantErr && (err != nil || got != c.want):
			t.Errorf("%q served %q: (%q, %v), want %q", c.name, c.served, got, err, c.want)
		}
	}
}

// TestPlayLocalISMC: the bundled demo's .ismc plays its presentation (the
// fragments are in the media files of the demo.ism beside it) without an error.
func TestPlayLocalISMC(t *testing.T) {
	var out, errb bytes.Buffer
	if code := runPlay([]string{"--headless", "--audio", "none", "--for", "1s", "../../testdata/demo/demo.ismc"}, &out, &errb); code != exitOK {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out.String(), errb.String())
	}
	if s := out.String(); strings.Contains(s, " 0 frames decoded") || !strings.HasSuffix(strings.TrimSpace(s), ", 0 errors") {
		t.Errorf("stdout:\n%s", s)
	}
}
