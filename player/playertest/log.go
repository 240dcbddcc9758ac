package playertest

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/player"
)

// update is -update: Golden rewrites the golden files instead of comparing. A test
// package using playertest gets the flag from here and must not declare its own.
var update = flag.Bool("update", false, "rewrite the testdata/*.golden files playertest.Golden compares with")

// FormatDuration renders d as seconds with millisecond precision ("12.345s",
// "-0.040s"): the form of every time in an event line.
func FormatDuration(d time.Duration) string {
	sign := ""
	if d < 0 {
		sign, d = "-", -d
	}
	ms := d.Round(time.Millisecond) / time.Millisecond
	return fmt.Sprintf("%s%d.%03ds", sign, ms/1000, ms%1000)
}

// Format renders an event as one stable line: its time since the session started,
// then its kind and fields, e.g.
//
//	t=12.345s switch video 300000→800000 tput=1200000 (buffer 12.0 s)
//
// Every event type of player/events.go has its form; a type this version does not
// know is rendered with %T and %+v.
func Format(e player.Event) string {
	var b strings.Builder
	b.WriteString("t=")
	b.WriteString(FormatDuration(e.When()))
	b.WriteByte(' ')
	d := FormatDuration
	switch e := e.(type) {
	case player.SwitchEvent:
		fmt.Fprintf(&b, "switch %s %d→%d", e.Kind, e.From, e.To)
		if e.Pinned {
			b.WriteString(" pinned")
		}
		if e.Throughput > 0 {
			fmt.Fprintf(&b, " tput=%d", e.Throughput)
		}
		if e.Reason != "" {
			fmt.Fprintf(&b, " (%s)", e.Reason)
		}
	case player.FragmentEvent:
		fmt.Fprintf(&b, "fragment %s %d start=%s dur=%s bytes=%d ttfb=%s took=%s",
			e.Kind, e.Bitrate, d(e.Start), d(e.Duration), e.Bytes, d(e.TTFB), d(e.Took))
		if e.Throughput > 0 {
			fmt.Fprintf(&b, " tput=%d", e.Throughput)
		}
	case player.StallEvent:
		fmt.Fprintf(&b, "stall at %s", d(e.Position))
	case player.ResumeEvent:
		fmt.Fprintf(&b, "resume after %s", d(e.Stalled))
	case player.ErrorEvent:
		if e.Fatal {
			b.WriteString("fatal ")
		} else {
			b.WriteString("error ")
		}
		b.WriteString(strconv.Quote(e.Msg))
	case player.SeekEvent:
		fmt.Fprintf(&b, "seek %s→%s", d(e.From), d(e.To))
		if e.Reason != "" {
			fmt.Fprintf(&b, " (%s)", e.Reason)
		}
	case player.LoopEvent:
		fmt.Fprintf(&b, "loop %d", e.Loops)
	case player.ReplaceEvent:
		fmt.Fprintf(&b, "replace %s from %s at %d", e.Kind, d(e.From), e.Level)
	case player.ManifestEvent:
		if e.Live {
			b.WriteString("manifest live")
		} else {
			b.WriteString("manifest vod")
		}
	case player.StateEvent:
		fmt.Fprintf(&b, "state %s", e.State)
	case player.CueEvent:
		fmt.Fprintf(&b, "cue %s %s→%s at %s %s", e.Kind, d(e.Start), d(e.End), d(e.Pos), strconv.Quote(e.Text))
		if e.Dropped > 0 {
			fmt.Fprintf(&b, " after %d dropped", e.Dropped)
		}
	default:
		fmt.Fprintf(&b, "%T %+v", e, e)
	}
	return b.String()
}

// EventLog collects events as lines (Format). It is safe for concurrent use.
type EventLog struct {
	mu    sync.Mutex
	lines []string
	done  chan struct{}
}

// Record collects every event from events until it is closed, in a goroutine of its
// own; Wait waits for the close.
func Record(events <-chan player.Event) *EventLog {
	l := &EventLog{done: make(chan struct{})}
	go func() {
		defer close(l.done)
		for e := range events {
			l.Add(e)
		}
	}()
	return l
}

// Subscribe records s's events (Session.Subscribe with a queue of n, at least 4096 so
// that the recorder, which runs alongside the session, never loses one); stop
// unsubscribes. Events already queued when stop is called are still recorded once
// the bubble is quiet (synctest.Wait).
func Subscribe(s *player.Session, n int) (l *EventLog, stop func()) {
	ch, cancel := s.Subscribe(max(n, 4096))
	l = &EventLog{}
	stopped := make(chan struct{})
	l.done = make(chan struct{})
	go func() {
		defer close(l.done)
		for {
			select {
			case e := <-ch:
				l.Add(e)
			case <-stopped:
				for {
					select {
					case e := <-ch:
						l.Add(e)
					default:
						return
					}
				}
			}
		}
	}()
	var once sync.Once
	return l, func() {
		once.Do(func() {
			cancel()
			close(stopped)
			<-l.done
		})
	}
}

// Add appends e's line.
func (l *EventLog) Add(e player.Event) { l.AddLine(Format(e)) }

// AddLine appends a line of the test's own (a note between events).
func (l *EventLog) AddLine(s string) {
	l.mu.Lock()
	l.lines = append(l.lines, s)
	l.mu.Unlock()
}

// Wait waits until Record's channel is closed and every event from it recorded.
func (l *EventLog) Wait() {
	if l.done != nil {
		<-l.done
	}
}

// Lines returns the lines so far.
func (l *EventLog) Lines() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.lines...)
}

// String returns the lines so far, each ended by a newline.
func (l *EventLog) String() string {
	lines := l.Lines()
	if len(lines) == 0 {
		return ""
	}
	return strings.Join(lines, "\n") + "\n"
}

// Golden compares got with testdata/name.golden (relative to the test's package)
// and fails t with the first differing line; with -update it writes got there
// instead.
func Golden(t testing.TB, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run the test with -update to create it)", err)
	}
	if diff := FirstDiff(string(want), got); diff != "" {
		t.Errorf("%s differs from the golden file (-update rewrites it):\n%s", path, diff)
	}
}

// FirstDiff describes the first line where got differs from want ("" when equal).
// Event lines of one virtual instant (the same "t=…" prefix, one after another)
// are compared as a set: the session's goroutines that are runnable at one
// instant (the fetch loop deciding a switch, a decoder reporting an error) run
// in whichever order the scheduler picks, so their order is not part of a log's
// meaning. Lines without a time prefix compare in order.
func FirstDiff(want, got string) string {
	if want == got {
		return ""
	}
	w, g := instantOrder(strings.Split(want, "\n")), instantOrder(strings.Split(got, "\n"))
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl || i >= len(w) || i >= len(g) {
			return fmt.Sprintf("line %d:\n  want %q\n  got  %q", i+1, wl, gl)
		}
	}
	return ""
}

// instantOrder sorts each run of lines sharing a time prefix (a copy).
func instantOrder(lines []string) []string {
	out := append([]string(nil), lines...)
	for i := 0; i < len(out); {
		at := instant(out[i])
		j := i + 1
		for at != "" && j < len(out) && instant(out[j]) == at {
			j++
		}
		sort.Strings(out[i:j])
		i = j
	}
	return out
}

// instant is line's "t=…" prefix, "" when it has none.
func instant(line string) string {
	if !strings.HasPrefix(line, "t=") {
		return ""
	}
	if sp := strings.IndexByte(line, ' '); sp > 0 {
		return line[:sp]
	}
	return line
}
