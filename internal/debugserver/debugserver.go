// Package debugserver serves a process's runtime figures and Go's profiles on a
// listener of its own (`--debug-addr` of play and serve): /debug/runtime (JSON:
// goroutines, open files, heap, threads) and net/http/pprof under /debug/pprof/.
// It is never on the origin's or the player's own listener: what it shows is for
// whoever runs the process.
package debugserver

import (
	"encoding/json"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"runtime"
	"runtime/metrics"
	"time"
)

// Server is a running debug listener.
type Server struct {
	ln  net.Listener
	srv *http.Server
}

// Start listens on addr (port 0 picks one) and serves until Close.
func Start(addr string) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/runtime", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(Read())
	})
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	s := &Server{ln: ln, srv: &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}}
	go s.srv.Serve(ln)
	return s, nil
}

// URL is where the server answers ("http://127.0.0.1:PORT").
func (s *Server) URL() string { return "http://" + s.ln.Addr().String() }

// Close stops the server.
func (s *Server) Close() error { return s.srv.Close() }

// Runtime is what /debug/runtime answers.
type Runtime struct {
	Goroutines int `json:"goroutines"`
	// OpenFiles counts the process's file descriptors (-1 where /proc/self/fd
	// cannot be read).
	OpenFiles int    `json:"open_files"`
	HeapBytes uint64 `json:"heap_bytes"`
	// Threads are the OS threads the Go runtime made.
	Threads int `json:"threads"`
	// GoBytes is what the Go runtime holds from the OS (mapped, not released).
	GoBytes uint64 `json:"go_bytes"`
	// C heap figures (glibc's malloc, where CHeap is set): in use, held free in
	// its arenas, and in mmapped chunks.
	CInUse  uint64 `json:"c_in_use_bytes"`
	CFree   uint64 `json:"c_free_bytes"`
	CMapped uint64 `json:"c_mapped_bytes"`
}

// CHeap, when set, reads the C heap's figures: bytes in use, held free, mapped.
// The process that links a C allocator sets it (the decoder's glibc malloc).
var CHeap func() (inUse, free, mapped uint64)

// Read takes the figures now.
func Read() Runtime {
	r := Runtime{Goroutines: runtime.NumGoroutine(), OpenFiles: -1}
	if fds, err := os.ReadDir("/proc/self/fd"); err == nil {
		r.OpenFiles = len(fds)
	}
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
	metrics.Read(s)
	var v [3]uint64
	for i := range s {
		if s[i].Value.Kind() == metrics.KindUint64 {
			v[i] = s[i].Value.Uint64()
		}
	}
	r.HeapBytes, r.GoBytes = v[0], v[1]-v[2]
	if CHeap != nil {
		r.CInUse, r.CFree, r.CMapped = CHeap()
	}
	r.Threads, _ = runtime.ThreadCreateProfile(nil)
	return r
}
