package debugserver

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestServer(t *testing.T) {
	s, err := Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	before := Read()
	block := make(chan struct{})
	for range 50 {
		go func() { <-block }()
	}
	resp, err := http.Get(s.URL() + "/debug/runtime")
	if err != nil {
		t.Fatal(err)
	}
	var r Runtime
	err = json.NewDecoder(resp.Body).Decode(&r)
	resp.Body.Close()
	close(block)
	if err != nil {
		t.Fatal(err)
	}
	if r.Goroutines < before.Goroutines+50 || r.OpenFiles <= 0 || r.HeapBytes == 0 || r.GoBytes <= r.HeapBytes || r.Threads <= 0 {
		t.Errorf("/debug/runtime %+v with 50 more goroutines than %+v", r, before)
	}
	resp, err = http.Get(s.URL() + "/debug/pprof/goroutine?debug=1")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.HasPrefix(string(b), "goroutine profile: total ") {
		t.Errorf("goroutine profile begins %q", b[:min(len(b), 60)])
	}
}
