package origin

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// FaultKind is what an injected fault does to a fragment response.
type FaultKind string

// The faults the origin injects for robustness tests.
const (
	FaultStatus   FaultKind = "status"   // answer with an HTTP error status
	FaultReset    FaultKind = "reset"    // close the connection before answering
	FaultTruncate FaultKind = "truncate" // send half the body, then drop the connection
	FaultStall    FaultKind = "stall"    // send part of the body, pause, then go on
	FaultCorrupt  FaultKind = "corrupt"  // flip bytes in the sample data
)

// Fault is one --fault rule: with Probability, a matching fragment request gets Kind.
type Fault struct {
	Kind        FaultKind
	Status      int
	Probability float64
	// Stall is how long a stall lasts.
	Stall time.Duration
	// Stream and Bitrate limit the rule to one stream name or bitrate (zero: any).
	Stream  string
	Bitrate uint64
}

// ParseFault reads a fault rule: KIND:PROB[:DURATION][@SCOPE], where KIND is an HTTP
// status (500, 503, 404, …), reset, truncate, stall or corrupt; PROB a percentage
// ("5%") or fraction ("0.05"); DURATION the stall length (stall only, default 10s);
// SCOPE a stream name or a bitrate. Examples: 500:5%, reset:2%, stall:1%:10s,
// corrupt:1%@video, 503:10%@300000.
func ParseFault(spec string) (Fault, error) {
	bad := func(why string) (Fault, error) {
		return Fault{}, fmt.Errorf("fault %q: %s (want KIND:PROB[:DURATION][@STREAM|@BITRATE], e.g. 500:5%%, stall:1%%:10s@video)", spec, why)
	}
	body, scope, scoped := strings.Cut(spec, "@")
	if scoped && strings.TrimSpace(scope) == "" {
		return bad("nothing after @ (name a stream or a bitrate, or drop the @)")
	}
	parts := strings.Split(body, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return bad("wrong number of fields")
	}
	var f Fault
	switch k := strings.ToLower(parts[0]); k {
	case "reset", "truncate", "stall", "corrupt":
		f.Kind = FaultKind(k)
	default:
		code, err := strconv.Atoi(k)
		if err != nil || code < 400 || code > 599 {
			return bad("kind must be reset, truncate, stall, corrupt or an HTTP status 400-599")
		}
		f.Kind, f.Status = FaultStatus, code
	}
	p := strings.TrimSpace(parts[1])
	scale := 1.0
	if strings.HasSuffix(p, "%") {
		p, scale = strings.TrimSuffix(p, "%"), 0.01
	}
	v, err := strconv.ParseFloat(p, 64)
	if err != nil || v < 0 || v*scale > 1 {
		return bad("probability must be 0-100% or 0-1")
	}
	f.Probability = v * scale
	if len(parts) == 3 {
		if f.Kind != FaultStall {
			return bad("only stall takes a duration")
		}
		if f.Stall, err = time.ParseDuration(parts[2]); err != nil || f.Stall <= 0 {
			return bad("stall duration must be positive, like 10s")
		}
	} else if f.Kind == FaultStall {
		f.Stall = 10 * time.Second
	}
	if scope != "" {
		if br, err := strconv.ParseUint(scope, 10, 64); err == nil {
			f.Bitrate = br
		} else {
			f.Stream = scope
		}
	}
	return f, nil
}

// injector decides, deterministically for a seed, which requests get a fault: the n-th
// request of a URL draws from hash(seed, URL, n), so the same sequence of requests gets
// the same faults whatever the interleaving of other requests.
type injector struct {
	faults []Fault
	seed   uint64
	mu     sync.Mutex
	seen   map[string]uint64
}

func newInjector(faults []Fault, seed uint64) *injector {
	if len(faults) == 0 {
		return nil
	}
	return &injector{faults: faults, seed: seed, seen: map[string]uint64{}}
}

// pick returns the fault for this request of a fragment, or nil.
func (in *injector) pick(url, stream string, bitrate uint64) *Fault {
	if in == nil {
		return nil
	}
	in.mu.Lock()
	n := in.seen[url]
	in.seen[url] = n + 1
	in.mu.Unlock()
	for i := range in.faults {
		f := &in.faults[i]
		if (f.Stream != "" && !strings.EqualFold(f.Stream, stream)) || (f.Bitrate != 0 && f.Bitrate != bitrate) {
			continue
		}
		if draw(in.seed, url, n, i) < f.Probability {
			return f
		}
	}
	return nil
}

// draw is a uniform number in [0, 1) from the seed, the URL, the request count and the rule.
func draw(seed uint64, url string, n uint64, rule int) float64 {
	h := fnv.New64a()
	var b [24]byte
	binary.LittleEndian.PutUint64(b[0:], seed)
	binary.LittleEndian.PutUint64(b[8:], n)
	binary.LittleEndian.PutUint64(b[16:], uint64(rule))
	h.Write(b[:])
	h.Write([]byte(url))
	// FNV's high bits mix poorly for short inputs: finish with splitmix64.
	x := h.Sum64()
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return float64(x>>11) / float64(1<<53)
}

// inject answers a fragment request with fault f.
func (s *Server) inject(w http.ResponseWriter, r *http.Request, f *Fault, body *io.SectionReader, ref fragRef) {
	w.Header().Set("X-Smoothie-Fault", string(f.Kind))
	switch f.Kind {
	case FaultStatus:
		httpError(w, f.Status, fmt.Sprintf("injected fault: %d", f.Status))
		return
	case FaultReset:
		if hj, ok := unwrapHijacker(w); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				if tc, ok := conn.(*net.TCPConn); ok {
					tc.SetLinger(0) // RST, not FIN
				}
				conn.Close()
				return
			}
		}
		panic(http.ErrAbortHandler)
	}
	b := make([]byte, body.Size())
	if _, err := body.ReadAt(b, 0); err != nil {
		httpError(w, http.StatusInternalServerError, "reading the fragment: "+err.Error())
		return
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.Header().Del("ETag")
	w.Header().Set("Cache-Control", "no-store")
	switch f.Kind {
	case FaultTruncate:
		w.Write(b[:len(b)/2])
		http.NewResponseController(w).Flush()
		panic(http.ErrAbortHandler)
	case FaultStall:
		half := len(b) / 2
		w.Write(b[:half])
		http.NewResponseController(w).Flush()
		t := time.NewTimer(f.Stall)
		select {
		case <-r.Context().Done():
			t.Stop()
			return
		case <-t.C:
		}
		w.Write(b[half:])
	case FaultCorrupt:
		// Flip bytes in the sample data (after the moof), deterministically.
		start := int(ref.moofSize + ref.mdatHeader)
		for i := start; i < len(b); i += 97 {
			b[i] ^= 0x5A
		}
		w.Write(b)
	}
}

// unwrapHijacker finds the connection's Hijacker under wrapping writers.
func unwrapHijacker(w http.ResponseWriter) (http.Hijacker, bool) {
	for {
		if hj, ok := w.(http.Hijacker); ok {
			return hj, true
		}
		u, ok := w.(interface{ Unwrap() http.ResponseWriter })
		if !ok {
			return nil, false
		}
		w = u.Unwrap()
	}
}
