package load

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"time"
)

// Agent plays viewers on behalf of a load engine that spreads its users over
// machines (Locust: contrib/locust): each user asks the agent on its machine for
// one viewer session (POST /viewer) and reports the answer as its metrics. The
// agent keeps the viewers in one process, as `smoothie load` does, so a machine
// holds hundreds of them; the engine gives the distribution, the thresholds and
// the outputs.
type Agent struct {
	base Config
	next atomic.Int64
	// Logf, when set, hears one line per viewer played.
	Logf func(format string, args ...any)
}

// NewAgent makes an agent whose viewers play as base says (policy, buffer,
// quality, links, headers, TLS); each request names its URL and duration.
func NewAgent(base Config) *Agent { return &Agent{base: base} }

// ViewerRequest is the body of POST /viewer.
type ViewerRequest struct {
	URL string `json:"url"`
	// For is how long the viewer plays (a Go duration, e.g. "15s").
	For string `json:"for"`
}

// maxAgentFor bounds one viewer session asked of an agent.
const maxAgentFor = 24 * time.Hour

// ServeHTTP answers POST /viewer: it plays one viewer for the time asked and
// answers its ViewerReport as JSON (400 for a bad request; 502 when the session
// could not open the URL, with the reason).
func (a *Agent) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/viewer" {
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "POST a viewer request", http.StatusMethodNotAllowed)
		return
	}
	var req ViewerRequest
	if err := json.NewDecoder(io.LimitReader(r.Body, 64<<10)).Decode(&req); err != nil {
		http.Error(w, fmt.Sprintf("viewer request: %v", err), http.StatusBadRequest)
		return
	}
	d, err := time.ParseDuration(req.For)
	if err != nil || d <= 0 || d > maxAgentFor {
		http.Error(w, fmt.Sprintf("viewer request: for %q: want a duration above 0 and at most 24h", req.For), http.StatusBadRequest)
		return
	}
	if !strings.HasPrefix(req.URL, "http://") && !strings.HasPrefix(req.URL, "https://") {
		http.Error(w, fmt.Sprintf("viewer request: url %q: want an http(s) manifest URL", req.URL), http.StatusBadRequest)
		return
	}
	rep, err := a.Play(r.Context(), req.URL, d)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(rep)
}

// Play runs one viewer of url for d (or until ctx ends) and reports it. An error
// is a session that could not open the URL at all.
func (a *Agent) Play(ctx context.Context, url string, d time.Duration) (ViewerReport, error) {
	cfg := a.base
	cfg.URL, cfg.Viewers, cfg.For = url, 1, d
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	r := &run{cfg: cfg, start: time.Now()}
	v := r.startViewer(ctx, int(a.next.Add(1)-1))
	if err := v.opened(ctx); err != nil {
		cancel()
		r.wg.Wait()
		return ViewerReport{}, err
	}
	<-ctx.Done()
	r.wg.Wait()
	rep := v.report(time.Now())
	if a.Logf != nil {
		a.Logf("viewer %d: %s for %v: played %.1f s, startup %.0f ms, %d stalls, %d kbit/s, %d requests, errors %s",
			rep.Viewer, url, d, rep.Played, rep.TTFF, rep.Stalls, rep.AvgBitrate/1000, rep.Requests, formatErrors(rep.ErrorsByKind))
	}
	return rep, nil
}
