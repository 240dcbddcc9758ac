package main

import (
	"bytes"
	"strings"
	"testing"
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
	} {
		var out, errb bytes.Buffer
		code := runPlay(append(c.args, "http://127.0.0.1:1/x.ism/Manifest"), &out, &errb)
		msg := strings.TrimSpace(errb.String())
		if code != exitUsage || !strings.Contains(msg, c.want) || strings.Contains(msg, "\n") {
			t.Errorf("%q: exit %d, stderr %q; want exit 2 and one line with %q", c.args, code, msg, c.want)
		}
	}
}
