package main

import (
	"bytes"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestPlayFlagErrors: a bad flag value is refused before anything starts, with
// one line naming the flag and the value (exit 2).
func TestPlayFlagErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--buffer", "0s"}, "--buffer 0s: must be positive"},
		{[]string{"--for", "-5s"}, "--for/--duration -5s: must not be negative"},
		{[]string{"--threads", "-3"}, "--threads -3: want 0"},
		{[]string{"--threads", "100000"}, "--threads 100000: want 0 (one per core) to 64"},
		{[]string{"--live-latency", "-1s"}, "--live-latency -1s: must not be negative"},
		{[]string{"--header", "X-A: b\r\nX: 1"}, "control character"},
		{[]string{"--header", "X A: b"}, `"X A" is not a header name`},
		{[]string{"--user-agent", "a\nb"}, "--user-agent"},
		{[]string{"--log-url", "ftp://x/log"}, "--log-url \"ftp://x/log\": want an http(s) URL"},
		{[]string{"--log-url", "notaurl"}, "want an http(s) URL"},
		{[]string{"--quality", "NaNM"}, "quality \"NaNM\""},
		{[]string{"--decode", "gpu"}, `--decode "gpu": want ffmpeg or none`},
		{[]string{"--decode", "none", "--video", "term"}, "--decode none: decodes no pictures, so it needs --video none or --headless"},
	} {
		var out, errb bytes.Buffer
		code := runPlay(append(c.args, "http://127.0.0.1:1/x.ism/Manifest"), &out, &errb)
		msg := strings.TrimSpace(errb.String())
		if code != exitUsage || !strings.Contains(msg, c.want) || strings.Contains(msg, "\n") {
			t.Errorf("%q: exit %d, stderr %q; want exit 2 and one line with %q", c.args, code, msg, c.want)
		}
	}
}

// TestPlayConfig: the flags land in the player's configuration; --header values
// are trimmed and repeatable.
func TestPlayConfig(t *testing.T) {
	f, target, code := parsePlay([]string{"--header", "X-A: 1", "--header", " X-A :2 ", "--user-agent", "ua", "--cmcd",
		"--buffer", "6s", "--start", "-30s", "--for", "5s", "--loop", "--quality", "2", "--headless", "http://h/x.ism/Manifest"}, io.Discard, io.Discard)
	if code >= 0 || target != "http://h/x.ism/Manifest" || f.video != "none" {
		t.Fatalf("parsePlay: exit %d, target %q, video %q", code, target, f.video)
	}
	cfg := f.config(target)
	if cfg.URL != target || cfg.UserAgent != "ua" || !cfg.CMCD || cfg.BufferTarget != 6*time.Second || cfg.Start != -30*time.Second ||
		cfg.PlayFor != 5*time.Second || !cfg.Loop || cfg.Quality.Level != 2 || !reflect.DeepEqual(cfg.Header.Values("X-A"), []string{"1", "2"}) {
		t.Errorf("config %+v", cfg)
	}
}

func TestEnvLanguage(t *testing.T) {
	for _, c := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"LANG": "de_DE.UTF-8"}, "de"},
		{map[string]string{"LC_ALL": "fr_CA", "LANG": "de_DE.UTF-8"}, "fr"},
		{map[string]string{"LC_MESSAGES": "pt_BR@latin", "LANG": "C"}, "pt"},
		{map[string]string{"LANG": "C.UTF-8"}, ""},
		{map[string]string{"LANG": "POSIX"}, ""},
		{map[string]string{}, ""},
	} {
		if got := envLanguage(func(k string) string { return c.env[k] }); got != c.want {
			t.Errorf("%v: %q, want %q", c.env, got, c.want)
		}
	}
}
