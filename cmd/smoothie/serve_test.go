package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestServeCommand: the first stdout line names the URL, the origin answers, and a
// cancelled context (SIGINT/SIGTERM in the binary) shuts it down with exit 0.
func TestServeCommand(t *testing.T) {
	base, stderr, stop := startServe(t, "../../origin/testdata")
	resp, err := http.Get(base + "bbb/bbb.ism/Manifest")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET manifest: %v %v", resp, err)
	}
	resp.Body.Close()
	if got := resp.Header.Get("Access-Control-Allow-Origin"); got != "*" {
		t.Errorf("default --cors: Access-Control-Allow-Origin %q, want *", got)
	}
	if code := stop(); code != exitOK {
		t.Errorf("exit %d, stderr %q", code, stderr.String())
	}
}

// startServe runs `serve --addr 127.0.0.1:0 --access-log "" args…` until the returned
// stop, which cancels it and returns its exit code. stderr holds what it wrote before
// the first stdout line (the listening URL).
func startServe(t *testing.T, args ...string) (string, *bytes.Buffer, func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	var stderr bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- serve(ctx, append([]string{"--addr", "127.0.0.1:0", "--access-log", ""}, args...), pw, &stderr)
		pw.Close()
	}()
	stop := func() int {
		cancel()
		select {
		case code := <-done:
			return code
		case <-time.After(10 * time.Second):
			t.Fatal("serve did not stop after cancel")
			return -1
		}
	}
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		stop()
		t.Fatalf("no first line: %v (stderr %q)", err, stderr.String())
	}
	go io.Copy(io.Discard, pr)
	base, ok := strings.CutPrefix(strings.TrimSpace(line), "listening on ")
	if !ok || !strings.HasPrefix(base, "http://127.0.0.1:") || !strings.HasSuffix(base, "/") {
		stop()
		t.Fatalf("first line %q", line)
	}
	return base, &stderr, stop
}

// TestServeWarnings: a DIR with no presentation, and a fault rule scoped to a stream
// no presentation has, are each one line on stderr.
func TestServeWarnings(t *testing.T) {
	empty := t.TempDir()
	_, stderr, stop := startServe(t, "--ingest", empty)
	stop()
	if want := "no presentations (.ism) under " + empty + "; serving nothing until a push arrives\n"; !strings.HasSuffix(stderr.String(), want) || strings.Count(stderr.String(), "\n") != 1 {
		t.Errorf("empty DIR: stderr %q, want one line %q", stderr.String(), want)
	}
	_, stderr, stop = startServe(t, "--fault", "500:5%@nosuch", "--fault", "503:1%@audio", "../../origin/testdata")
	stop()
	if got := stderr.String(); strings.Count(got, "\n") != 1 || !strings.Contains(got, `"nosuch"`) {
		t.Errorf("fault scope: stderr %q, want one line naming nosuch", got)
	}
}

func TestServeCommandErrors(t *testing.T) {
	ctx := context.Background()
	var out, errb bytes.Buffer
	if code := serve(ctx, []string{"--addr", "127.0.0.1:0", "/definitely/not/here"}, &out, &errb); code != exitFailure || !strings.Contains(errb.String(), "not a directory") {
		t.Errorf("missing dir: %d %q", code, errb.String())
	}
	errb.Reset()
	if code := serve(ctx, []string{"a", "b"}, &out, &errb); code != exitUsage {
		t.Errorf("two dirs: %d", code)
	}
	errb.Reset()
	done, cancel := context.WithCancel(ctx)
	cancel() // accepted by mistake, it stops at once rather than serve on
	if code := serve(done, []string{"--addr", "127.0.0.1:0", "--fault", "500:5%@", "../../origin/testdata"}, &out, &errb); code != exitUsage || !strings.Contains(errb.String(), "nothing after @") {
		t.Errorf("empty fault scope: %d %q", code, errb.String())
	}
	errb.Reset()
	if code := serve(ctx, []string{"--addr", "127.0.0.1:0", "--cors", "player.test", "../../origin/testdata"}, &out, &errb); code != exitUsage || !strings.Contains(errb.String(), `--cors origin "player.test"`) {
		t.Errorf("bad --cors: %d %q", code, errb.String())
	}
	errb.Reset()
	if code := serve(ctx, []string{"--live-epoch", "yesterday", "../../origin/testdata"}, &out, &errb); code != exitUsage || !strings.Contains(errb.String(), "RFC 3339") {
		t.Errorf("bad --live-epoch: %d %q", code, errb.String())
	}
	errb.Reset()
	if code := serve(ctx, []string{"--addr", "256.0.0.1:99999", "../../origin/testdata"}, &out, &errb); code != exitFailure || !strings.Contains(errb.String(), "listen") {
		t.Errorf("bad addr: %d %q", code, errb.String())
	}
}

// TestDemoGeneratedIntoCache: away from the repository, the demo is generated once into
// the user's cache directory with the packager, and found there the next time.
func TestDemoGeneratedIntoCache(t *testing.T) {
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	t.Chdir(t.TempDir())
	var stderr bytes.Buffer
	spec := demoSpec{ladder: "160x90@150k", duration: 2 * time.Second}
	dir, err := demoDir(context.Background(), spec, &stderr)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(dir, cache) || !strings.Contains(stderr.String(), "generating one into") {
		t.Fatalf("dir %s, stderr %q", dir, stderr.String())
	}
	stderr.Reset()
	again, err := demoDir(context.Background(), spec, &stderr)
	if err != nil || again != dir || stderr.Len() != 0 {
		t.Errorf("second call: %s %v %q", again, err, stderr.String())
	}
}
