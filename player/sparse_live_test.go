package player

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/smooth"
)

// liveSparse is a live channel on a loopback HTTP origin: 1 s video fragments
// from t0 (each listed once it has ended, a 20 s window, no tfrf), a SCTE-35
// stream inline (ManifestOutput) with a splice_insert every 2 s, and a script
// command stream over its Url with a command every 2 s between them; a sparse
// entry is listed once its time has come, so every cue after the first manifest
// reaches the player only through a refresh.
type liveSparse struct {
	t0    time.Time
	every int // seconds between cues of a stream (2: the description's)
	subs  int // seconds between the fragments of an English SUBT stream (0: none)
	// pointer: the manifest lists the first command only, and each video fragment
	// response points at the newest command (ChildTrack in its Content-Type).
	pointer bool
}

const liveSparseTS = 10_000_000

func (l *liveSparse) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	now := time.Since(l.t0)
	if strings.HasSuffix(r.URL.Path, "/Manifest") {
		w.Write([]byte(l.manifest(now)))
		return
	}
	m := fragmentRequest.FindStringSubmatch(r.URL.Path)
	if m == nil {
		http.NotFound(w, r)
		return
	}
	t, _ := strconv.ParseUint(m[2], 10, 64)
	d, data := uint64(liveSparseTS), []byte{0, 0, 0, 1, 0x65}
	if l.pointer && m[1] == "video" {
		var ptrs []smooth.SparsePointer
		if at := (int(t/liveSparseTS) - l.every/2) / l.every; at >= 0 {
			ptrs = append(ptrs, smooth.SparsePointer{Stream: "commands", Time: uint64(l.every/2+at*l.every) * liveSparseTS})
		}
		w.Header().Set("Content-Type", smooth.SparsePointerHeader("video/mp4", ptrs))
	}
	switch m[1] {
	case "commands":
		data = []byte("command at " + m[2])
	case "subs":
		data = []byte(`<tt xmlns="http://www.w3.org/ns/ttml"><body><div><p begin="0s" end="1s">subtitle at ` + m[2] + `</p></div></body></tt>`)
	}
	if time.Duration(t+d)*100 > now {
		http.Error(w, "not yet", http.StatusPreconditionFailed)
		return
	}
	frag := &smooth.MediaFragment{Sequence: 1, TrackID: 1, Time: t, Duration: d, HasTfxd: true, HasData: true,
		Samples: []media.Sample{{Time: t, Duration: uint32(d), Timescale: liveSparseTS, Keyframe: true, Data: data}}}
	b, err := frag.Marshal(1)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Write(b)
}

// manifest is the channel's manifest at now since t0.
func (l *liveSparse) manifest(now time.Duration) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?>
<SmoothStreamingMedia MajorVersion="2" MinorVersion="2" Duration="0" TimeScale="10000000" IsLive="TRUE" LookaheadCount="0" DVRWindowLength="200000000">
<StreamIndex Type="video" Name="video" QualityLevels="1" Url="QualityLevels({bitrate})/Fragments(video={start time})">
<QualityLevel Index="0" Bitrate="300000" FourCC="H264" MaxWidth="320" MaxHeight="240" CodecPrivateData="0000000167f4000d919b28283f6022000003000200000300641e28532c0000000168ebec448440" />
`)
	n := int(now / time.Second) // fragments ended
	first := max(n-20, 0)
	fmt.Fprintf(&b, "<c t=\"%d\" d=\"%d\" r=\"%d\" />\n</StreamIndex>\n", first*liveSparseTS, liveSparseTS, max(n-first, 1))
	b.WriteString(`<StreamIndex Type="text" Name="scte35" Subtype="DATA" ParentStreamIndex="video" ManifestOutput="true" QualityLevels="1" TimeScale="10000000" Url="QualityLevels({bitrate})/Fragments(scte35={start time})">
<QualityLevel Index="0" Bitrate="0" FourCC=""><CustomAttributes><Attribute Name="Scheme" Value="urn:scte:scte35:2013:bin" /></CustomAttributes></QualityLevel>
`)
	for at := 0; at <= n; at += l.every {
		fmt.Fprintf(&b, "<c t=\"%d\" d=\"%d\"><f>%s</f></c>\n", at*liveSparseTS, liveSparseTS, spliceInsert)
	}
	b.WriteString(`</StreamIndex>
<StreamIndex Type="text" Name="commands" Subtype="SCMD" ParentStreamIndex="video" QualityLevels="1" TimeScale="10000000" Url="QualityLevels({bitrate})/Fragments(commands={start time})">
<QualityLevel Index="0" Bitrate="0" FourCC="" />
`)
	for at := l.every / 2; at < n && (!l.pointer || at == l.every/2); at += l.every {
		fmt.Fprintf(&b, "<c t=\"%d\" d=\"%d\" />\n", at*liveSparseTS, liveSparseTS)
	}
	b.WriteString("</StreamIndex>\n")
	if l.subs > 0 {
		b.WriteString(`<StreamIndex Type="text" Name="subs" Subtype="SUBT" Language="en" QualityLevels="1" TimeScale="10000000" Url="QualityLevels({bitrate})/Fragments(subs={start time})">
<QualityLevel Index="0" Bitrate="1000" FourCC="TTML" />
`)
		for at := 0; at < n; at += l.subs {
			fmt.Fprintf(&b, "<c t=\"%d\" d=\"%d\" />\n", at*liveSparseTS, liveSparseTS)
		}
		b.WriteString("</StreamIndex>\n")
	}
	b.WriteString("</SmoothStreamingMedia>\n")
	return b.String()
}

// TestLiveSparseFromRefreshes: on a live channel the cues of both sparse streams
// (inline SCTE-35 and script commands over their Url) listed only by later
// manifests arrive through the refreshes and are cue events as the playhead
// reaches them, on time; the media plays without a stall. (A refresh that updated
// only the selected tracks left the sparse streams at the first manifest.)
func TestLiveSparseFromRefreshes(t *testing.T) {
	l := &liveSparse{t0: time.Now().Add(-5 * time.Second), every: 2}
	hs := httptest.NewServer(l)
	defer hs.Close()
	cfg := Config{URL: hs.URL + "/live.isml/Manifest", PlayFor: 6 * time.Second}
	late := onTime(t)
	var started time.Duration
	s, cues := playSparse(t, cfg, func() { started = time.Since(l.t0) })
	st := s.Stats()
	// The first manifest listed the cues up to started; those after came by refresh.
	firstEnd := smooth.Seconds(uint64(started/time.Second)*liveSparseTS, liveSparseTS)
	got := map[string]int{}
	for _, c := range cues {
		abs := c.Start + s.base
		t.Logf("%s at %v (media %v, playhead %v): %.40s", c.Kind, c.Start, abs, c.Pos, c.Text)
		if d := c.Pos - c.Start; d < 0 || d > late {
			t.Errorf("%s cue at %v shown at playhead %v", c.Kind, c.Start, c.Pos)
		}
		// The first manifest listed SCTE-35 cues at or before its fragments'
		// end, commands before it.
		if abs > firstEnd || c.Kind == markData && abs == firstEnd {
			got[c.Kind]++
		}
	}
	t.Logf("started %v into the channel (first manifest up to %v), %d refreshes, %d stalls; from refreshes: %v; %v",
		started, firstEnd, st.ManifestRefreshes, st.Stalls, got, SparseTracks(st))
	if got[markSCTE35] < 2 || got[markData] < 2 {
		t.Errorf("cues from refreshed manifests: %v, want ≥ 2 scte35 and ≥ 2 data", got)
	}
	if st.Stalls != 0 || st.Played < cfg.PlayFor {
		t.Errorf("played %v with %d stalls", st.Played, st.Stalls)
	}
}

// TestLiveSparseNothingAhead: a live SCTE-35 stream whose last cue is behind the
// playhead when playback starts (cues every 6 s, the last at 6 s, the playhead at
// 7 s) is read on once a refresh lists the next (at 12 s), which is a cue event
// when the playhead gets there.
func TestLiveSparseNothingAhead(t *testing.T) {
	l := &liveSparse{t0: time.Now().Add(-10 * time.Second), every: 6}
	hs := httptest.NewServer(l)
	defer hs.Close()
	s, cues := playSparse(t, Config{URL: hs.URL + "/live.isml/Manifest", PlayFor: 6 * time.Second}, nil)
	var at []time.Duration
	for _, c := range cues {
		if c.Kind == markSCTE35 {
			t.Logf("scte35 at %v (playhead %v)", c.Start+s.base, c.Pos+s.base)
			at = append(at, c.Start+s.base)
		}
	}
	st := s.Stats()
	t.Logf("%d refreshes, played %v, %v", st.ManifestRefreshes, st.Played, SparseTracks(st))
	if len(at) != 1 || at[0] != 12*time.Second {
		t.Errorf("SCTE-35 cues at %v, want the one at 12 s a refresh listed", at)
	}
}

// TestLiveSubtitlesNothingAhead: a live subtitle track whose last fragment is
// behind the playhead when playback starts (a fragment every 6 s, the last listed
// at 6 s, the playhead at 7 s) waits for a refresh as a sparse stream does and
// shows the cue of the fragment at 12 s when the playhead gets there. (It used to
// stop for good at the start: no cue at all.)
func TestLiveSubtitlesNothingAhead(t *testing.T) {
	l := &liveSparse{t0: time.Now().Add(-10 * time.Second), every: 6, subs: 6}
	hs := httptest.NewServer(l)
	defer hs.Close()
	late := onTime(t)
	s, cues := playSparse(t, Config{URL: hs.URL + "/live.isml/Manifest", Text: "en", PlayFor: 6 * time.Second}, nil)
	var at []time.Duration
	for _, c := range cues {
		if c.Kind == "text" {
			t.Logf("text at %v (playhead %v): %s", c.Start+s.base, c.Pos+s.base, c.Text)
			at = append(at, c.Start+s.base)
			if d := c.Pos - c.Start; d < 0 || d > late {
				t.Errorf("cue at %v shown at playhead %v", c.Start, c.Pos)
			}
		}
	}
	st := s.Stats()
	t.Logf("%d refreshes, played %v, text %q", st.ManifestRefreshes, st.Played, st.TextTrack)
	if len(at) != 1 || at[0] != 12*time.Second {
		t.Errorf("subtitle cues at %v, want the one at 12 s a refresh listed", at)
	}
}

// TestLiveSparsePointer: a live script command stream whose manifest never lists
// more than its first command is read on from the Sparse Stream Pointers of the
// video fragments (Content-Type ChildTrack="commands=…"): each later command is a
// cue event on time, as when the manifest lists them; the same when the session
// keeps only the media fragments' moof (DiscardMedia: getHead's header).
func TestLiveSparsePointer(t *testing.T) {
	for _, discard := range []bool{false, true} {
		t.Run(fmt.Sprintf("discard=%v", discard), func(t *testing.T) {
			l := &liveSparse{t0: time.Now().Add(-5 * time.Second), every: 2, pointer: true}
			hs := httptest.NewServer(l)
			defer hs.Close()
			late := onTime(t)
			s, cues := playSparse(t, Config{URL: hs.URL + "/live.isml/Manifest", PlayFor: 6 * time.Second, DiscardMedia: discard}, nil)
			var at []time.Duration
			for _, c := range cues {
				if c.Kind != markData {
					continue
				}
				t.Logf("data at %v (playhead %v): %s", c.Start+s.base, c.Pos+s.base, c.Text)
				if d := c.Pos - c.Start; d < 0 || d > late {
					t.Errorf("data cue at %v shown at playhead %v", c.Start, c.Pos)
				}
				if c.Start+s.base > time.Second {
					at = append(at, c.Start+s.base)
				}
			}
			st := s.Stats()
			t.Logf("%d refreshes, played %v, %d stalls, %v", st.ManifestRefreshes, st.Played, st.Stalls, SparseTracks(st))
			if len(at) < 2 {
				t.Errorf("commands after the first at %v, want ≥ 2 from the pointers", at)
			}
			for i, a := range at {
				if a%(2*time.Second) != time.Second || i > 0 && a-at[i-1] != 2*time.Second {
					t.Errorf("commands at %v, want one every 2 s at odd seconds", at)
					break
				}
			}
		})
	}
}
