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
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	var stderr bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- serve(ctx, []string{"--addr", "127.0.0.1:0", "--access-log", "", "../../origin/testdata"}, pw, &stderr)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("no first line: %v (stderr %q)", err, stderr.String())
	}
	go io.Copy(io.Discard, pr)
	base, ok := strings.CutPrefix(strings.TrimSpace(line), "listening on ")
	if !ok || !strings.HasPrefix(base, "http://127.0.0.1:") || !strings.HasSuffix(base, "/") {
		t.Fatalf("first line %q", line)
	}
	resp, err := http.Get(base + "bbb/bbb.ism/Manifest")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET manifest: %v %v", resp, err)
	}
	resp.Body.Close()
	cancel()
	select {
	case code := <-done:
		if code != exitOK {
			t.Errorf("exit %d, stderr %q", code, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop after cancel")
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
