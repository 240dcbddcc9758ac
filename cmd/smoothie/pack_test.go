package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRunPackUsage(t *testing.T) {
	o := filepath.Join(t.TempDir(), "o") // never written: every case fails before encoding
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--help"}, exitOK, "--synthetic"},
		{[]string{}, exitUsage, "want INPUT OUTDIR"},
		{[]string{"--synthetic", "2s"}, exitUsage, "only OUTDIR"},
		{[]string{"--bogus", "a", "b"}, exitUsage, "bogus"},
		{[]string{"--ladder", "720p", "a", "b"}, exitUsage, "--ladder"},
		{[]string{"--codec", "vp9", "a", "b"}, exitUsage, "--codec"},
		{[]string{"--audio-bitrate", "x", "a", "b"}, exitUsage, "--audio-bitrate"},
		{[]string{"/nonexistent/in.mp4", filepath.Join(t.TempDir(), "o")}, exitFailure, "cannot open"},
		// QA W8/U3: nonsense is a one-line usage error (exit 2) before any encoding.
		{[]string{"--synthetic", "4s", "--ladder", "320x180@300k,640x360@300k", o}, exitUsage, "bitrate repeats"},
		{[]string{"--synthetic", "4s", "--ladder", "320x181@300k", o}, exitUsage, "must be even"},
		{[]string{"--synthetic", "4s", "--ladder", "8x8@300k", o}, exitUsage, "size out of range"},
		{[]string{"--synthetic", "4s", "--ladder", "", o}, exitUsage, `--ladder "": no levels`},
		{[]string{"--synthetic", "4s", "--ladder", " , ", o}, exitUsage, "no levels"},
		{[]string{"--synthetic", "4s", "--audio-bitrate", "99M", o}, exitUsage, "audio bitrate 99000k: want 8k..512k"},
		{[]string{"--synthetic", "4s", "--audio-bitrate", "4k", o}, exitUsage, "audio bitrate 4k: want 8k..512k"},
		{[]string{"--synthetic", "4s", "--fragment", "0", o}, exitUsage, "--fragment 0s: want a positive duration"},
		{[]string{"--synthetic", "4s", "--fragment", "-1s", o}, exitUsage, "--fragment -1s: want a positive duration"},
		{[]string{"--synthetic", "4s", "--fragment", "100ms", o}, exitUsage, "want 200ms..60s"},
		{[]string{"--synthetic", "1ms", o}, exitUsage, "synthetic duration 1ms: shorter than one fragment (2s)"},
		{[]string{"--synthetic", "3s", "--fragment", "4s", o}, exitUsage, "shorter than one fragment (4s)"},
		{[]string{"--synthetic", "0", o}, exitUsage, "--synthetic 0s: want a positive duration"},
		{[]string{"--synthetic", "-2s", o}, exitUsage, "--synthetic -2s: want a positive duration"},
		{[]string{"--synthetic", "4s", "--preset", "bogus", o}, exitUsage, `preset "bogus": want one of ultrafast`},
		{[]string{"--synthetic", "4s", "--codec", "hevc", "--preset", "Fast", o}, exitUsage, `preset "Fast"`},
	}
	for _, c := range cases {
		var out, errb bytes.Buffer
		code := runPack(c.args, &out, &errb)
		got := out.String() + errb.String()
		if code != c.code || !strings.Contains(got, c.want) {
			t.Errorf("pack %v: exit %d, output %q; want exit %d with %q", c.args, code, got, c.code, c.want)
		}
		if c.code == exitUsage && out.Len() > 0 {
			t.Errorf("pack %v: usage error wrote to stdout: %q", c.args, out.String())
		}
		if c.code != exitOK && strings.Count(strings.TrimSpace(errb.String()), "\n") > 0 {
			t.Errorf("pack %v: error is not one line: %q", c.args, errb.String())
		}
	}
}

func TestRunPackSynthetic(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	var out, errb bytes.Buffer
	code := runPack([]string{"--synthetic", "2s", "--ladder", "320x180@300k,480x270@600k", "--name", "t", dir}, &out, &errb)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !strings.Contains(errb.String(), "pack: 100%") || !strings.Contains(out.String(), "wrote "+dir) {
		t.Errorf("stdout %q stderr %q", out.String(), errb.String())
	}
	for _, f := range []string{"t.ism", "t.ismc", "t_320x180_300k.ismv", "t_480x270_600k.ismv", "t_audio_128k.isma"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	// A second run into the same directory needs --force.
	if code := runPack([]string{"--synthetic", "2s", "--ladder", "320x180@300k", dir}, &out, &errb); code != exitFailure {
		t.Errorf("second run without --force: exit %d", code)
	}
}

func TestParseAudioFile(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a.wav", "b:c.wav"} {
		if err := os.WriteFile(filepath.Join(dir, name), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct{ in, path, lang, err string }{
		{dir + "/a.wav:fr", dir + "/a.wav", "fr", ""},
		{dir + "/a.wav:pt-BR", dir + "/a.wav", "pt-BR", ""},
		{dir + "/a.wav", dir + "/a.wav", "", ""},
		{dir + "/b:c.wav", dir + "/b:c.wav", "", ""}, // ":c.wav" is no language
		{dir + "/nope.wav:en", "", "", "nope.wav: no such file or directory"},
		{":en", "", "", `want FILE[:LANG], got ":en"`},
	} {
		f, err := parseAudioFile(tc.in)
		switch {
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%q: err %v, want %q", tc.in, err, tc.err)
		case tc.err == "" && (err != nil || f.Path != tc.path || f.Language != tc.lang):
			t.Errorf("%q: %+v %v, want %s %s", tc.in, f, err, tc.path, tc.lang)
		}
	}
}
