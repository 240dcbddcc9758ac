package origin

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// serveDemo serves the demo presentation on loopback within l.
func serveDemo(t *testing.T, l Limits) string {
	t.Helper()
	return serveDir(t, "../testdata/demo", l)
}

// serveDir serves dir on loopback within l.
func serveDir(t *testing.T, dir string, l Limits) string {
	t.Helper()
	s, err := New(Config{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs, errc := s.Serve(ln, l)
	t.Cleanup(func() {
		hs.Close()
		<-errc
		s.Close()
	})
	return ln.Addr().String()
}

// settle waits for the goroutine count to come back to at most base+slack.
func settle(t *testing.T, base, slack int, within time.Duration) int {
	t.Helper()
	n := runtime.NumGoroutine()
	for deadline := time.Now().Add(within); n > base+slack && time.Now().Before(deadline); n = runtime.NumGoroutine() {
		time.Sleep(50 * time.Millisecond)
	}
	return n
}

func getStatus(t *testing.T, addr, path string) (int, string) {
	t.Helper()
	c := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := c.Get("http://" + addr + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestSurvivesIdleAndSlowHeaderConnections: 1,000 connections that send nothing and
// 1,000 that send half a request do not stop the origin from serving a player, are
// let go after the header timeout, and leave no goroutine behind.
func TestSurvivesIdleAndSlowHeaderConnections(t *testing.T) {
	base := runtime.NumGoroutine()
	addr := serveDemo(t, Limits{ReadHeaderTimeout: time.Second})
	var conns []net.Conn
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for i := range 2000 {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatalf("connection %d: %v", i, err)
		}
		if i%2 == 1 {
			io.WriteString(c, "GET /demo.ism/Manifest HTTP/1.1\r\nHost: x\r\nX-Slow: ")
		}
		conns = append(conns, c)
	}
	if code, body := getStatus(t, addr, "/demo.ism/Manifest"); code != http.StatusOK || !strings.Contains(body, "SmoothStreamingMedia") {
		t.Fatalf("with 2,000 idle and slow clients the manifest got %d", code)
	}
	// Every one of them is closed by the origin after the header timeout.
	closed := 0
	for _, c := range conns {
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		if _, err := c.Read(make([]byte, 512)); err != nil && !isTimeout(err) {
			closed++
		}
	}
	if closed != len(conns) {
		t.Errorf("%d of %d idle and slow connections closed by the origin", closed, len(conns))
	}
	for _, c := range conns {
		c.Close()
	}
	conns = nil
	if n := settle(t, base, 10, 5*time.Second); n > base+10 {
		t.Errorf("%d goroutines after the clients left, %d before", n, base)
	}
}

func isTimeout(err error) bool {
	ne, ok := err.(net.Error)
	return ok && ne.Timeout()
}

// TestConnectionCap: over the cap a connection is answered 503 with the reason,
// and once connections close the origin serves again.
func TestConnectionCap(t *testing.T) {
	addr := serveDemo(t, Limits{MaxConns: 20})
	var conns []net.Conn
	for range 20 {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
	}
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(c, "GET /demo.ism/Manifest HTTP/1.1\r\nHost: x\r\n\r\n")
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("the 21st connection: %v", err)
	}
	b, _ := io.ReadAll(resp.Body)
	c.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(b), "too many connections: this origin serves 20 at a time") {
		t.Errorf("the 21st connection got %d %q", resp.StatusCode, b)
	}
	for _, c := range conns {
		c.Close()
	}
	var code int
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if code, _ = getStatus(t, addr, "/demo.ism/Manifest"); code == http.StatusOK {
			break
		}
	}
	if code != http.StatusOK {
		t.Errorf("after the connections closed: %d", code)
	}
}

// TestSlowReaderIsLetGo: a client that reads a 32 MB file (more than the socket
// buffers hold) at 1 KB/s is let go at the write timeout: the goroutine that served
// it returns while the client is still there (what the kernel had queued still
// reaches it), so slow clients cannot pile goroutines up.
func TestSlowReaderIsLetGo(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "big.bin"), make([]byte, 32<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	addr := serveDir(t, dir, Limits{WriteTimeout: time.Second})
	base := settle(t, 0, 0, 200*time.Millisecond) // the server's own goroutines
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.(*net.TCPConn).SetReadBuffer(4096)
	io.WriteString(c, "GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n")
	stop := make(chan struct{})
	done := make(chan int)
	go func() { // the slow reader: 1 KB a second
		got := 0
		buf := make([]byte, 1024)
		for {
			select {
			case <-stop:
				done <- got
				return
			case <-time.After(time.Second):
			}
			n, err := c.Read(buf)
			got += n
			if err != nil {
				done <- got
				return
			}
		}
	}()
	time.Sleep(500 * time.Millisecond)
	serving := runtime.NumGoroutine() - base - 1 // less the reader
	time.Sleep(3 * time.Second)                  // the write timeout is 1 s
	after := runtime.NumGoroutine() - base - 1
	close(stop)
	got := <-done
	t.Logf("goroutines for the slow client: %d while served, %d after the write timeout (%d bytes read)", serving, after, got)
	if serving < 1 {
		t.Fatalf("no goroutine serves the slow client: the measure measures nothing")
	}
	if after > 0 {
		t.Errorf("%d goroutines still serve a client reading at 1 KB/s, 3 s past the 1 s write timeout", after)
	}
}
