package player

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/smoothie-player/smoothie/media"
)

// Session plays one presentation. Create it with New, run it with Run; the control
// methods (Pause, Seek, SetQuality, …), Stats and Events are safe from any goroutine.
type Session struct {
	cfg Config
	src Source
	rec *recorder

	mu           sync.Mutex
	events       *fanout
	start        time.Time
	base         time.Duration // the media time of position 0 (Source.Select)
	tracks       []*track      // the played tracks: video first, then audio
	audioStreams []SourceTrack // the presentation's audio tracks, for SelectAudio
	state        State
	paused       bool
	clock        playbackClock
	pin          Quality
	pinGen       uint64 // SetQuality calls so far: the buffer fetched before the latest pin is replaceable
	volume       float64
	muted        bool
	st           Stats // counters
	stallStart   time.Time
	keptAt       time.Time // the last skip to the live edge while playing (Timing.KeepLatency)
	pending      command   // what the controls asked of the session loop
	// The text track shown (nil: none), the presentation's text tracks, the
	// index of the shown one among them (-1: none), and the cues read so far.
	text        *track
	textStreams []SourceTrack
	textPick    int
	cues        []Cue
	cueShown    map[cueKey]bool
	captioned   []cueKey        // the cues the video sink was last told to draw
	droppedPTS  []time.Duration // positions of the frames dropped since the last one shown (CueEvent.Dropped)
	// The sparse tracks read (sparse.go) and their marks, in time order.
	sparse []*track
	marks  []Mark
	kick   chan struct{} // wakes the session loop for a pending command
	fatal  error         // ends Run (see noteFragment, checkLiveStuck)
}

// command is what the controls left for the session loop: a seek, an audio track.
type command struct {
	seek  *time.Duration
	exact bool // the seek lands on seek itself, not the fragment start before it (chapters)
	audio int  // -1: none
	// text is the text track to show (-1: none) when textSet.
	text    int
	textSet bool
}

// New checks cfg and returns a session ready to Run. Without a Config.Source it
// plays the Smooth Streaming manifest at Config.URL.
func New(cfg Config) (*Session, error) {
	cfg.defaults()
	if cfg.SessionID == "" {
		var b [8]byte
		rand.Read(b[:])
		cfg.SessionID = hex.EncodeToString(b[:])
	}
	s := &Session{
		cfg:     cfg,
		events:  newFanout(),
		volume:  1,
		pin:     cfg.Quality,
		pending: command{audio: -1},
		kick:    make(chan struct{}, 1),
	}
	s.src = cfg.Source
	if s.src == nil {
		u, err := url.Parse(cfg.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("manifest URL %q: want an http or https URL", cfg.URL)
		}
		s.src = newSmoothSource(&s.cfg, u)
	}
	s.rec = newRecorder(cfg.StatsJSON, cfg.LogURL != "")
	s.st.SessionID = cfg.SessionID
	return s, nil
}

// Events returns the session's event stream (one shared subscription of 256 events).
// It never blocks the session: when the reader falls behind, events are dropped
// (Stats().EventsDropped counts them).
func (s *Session) Events() <-chan Event { return s.events.main }

// Subscribe opens another event stream buffering n events; cancel ends it (the
// channel is not closed).
func (s *Session) Subscribe(n int) (events <-chan Event, cancel func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, id := s.events.subscribe(n)
	return ch, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.events.unsubscribe(id)
	}
}

// ID is the session id sent in SessionHeader.
func (s *Session) ID() string { return s.cfg.SessionID }

// emit records and publishes an event; the caller holds s.mu.
func (s *Session) emit(e Event) {
	switch e := e.(type) {
	case ErrorEvent:
		s.st.Errors++
		s.st.LastError = e.Msg
	case SwitchEvent:
		s.st.Switches++
	case StallEvent:
		s.st.Stalls++
	}
	s.rec.event(e)
	s.events.send(e)
}

func (s *Session) since(now time.Time) At { return At(now.Sub(s.start)) }

// errorf emits a non-fatal error event.
func (s *Session) errorf(format string, args ...any) {
	now := s.cfg.Clock.Now()
	msg := fmt.Sprintf(format, args...)
	s.cfg.Logf("%s", msg)
	s.mu.Lock()
	s.emit(ErrorEvent{At: s.since(now), Msg: msg})
	s.mu.Unlock()
}

// Run plays the presentation until it ends (nil), ctx is done (nil: a stop is not a
// failure) or a fatal error. The stats JSON summary line is written before it returns.
func (s *Session) Run(ctx context.Context) (err error) {
	s.mu.Lock()
	s.start = s.cfg.Clock.Now()
	s.state = StateLoading
	s.mu.Unlock()
	up := s.startLogUpload(ctx)
	defer func() {
		if err != nil {
			s.mu.Lock()
			s.emit(ErrorEvent{At: s.since(s.cfg.Clock.Now()), Msg: err.Error(), Fatal: true})
			s.mu.Unlock()
		}
		s.rec.summary(s.Stats())
		up.stop()
	}()
	if err := s.load(ctx); err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	return s.play(ctx)
}

// load opens the source and picks the tracks: the first video track, and the audio
// track in Config.AudioLang (else the first), unless their decoders are missing.
func (s *Session) load(ctx context.Context) error {
	p, err := s.src.Open(ctx, host{s})
	if err != nil {
		return err
	}
	video, audio, audios, verr, err := s.pickTracks(p)
	if err != nil {
		return err
	}
	var tracks []*track
	var sel []SourceTrack
	for _, t := range []*track{video, audio} {
		if t != nil {
			tracks = append(tracks, t)
			sel = append(sel, t.src)
		}
	}
	base := s.src.Select(sel)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tracks = tracks
	s.audioStreams = audios
	s.base = base
	if verr != nil && !s.cfg.VideoOptional {
		s.st.VideoUnavailable = verr.Error()
	}
	if video != nil {
		s.st.Video.Levels = video.ladder
	}
	if audio != nil {
		s.st.Audio.Levels = audio.ladder
	}
	if audio != nil {
		audio.master = s.cfg.AudioSink != nil
	}
	at := s.since(s.cfg.Clock.Now())
	s.emit(ManifestEvent{At: at, Live: p.Live})
	for _, t := range s.tracks {
		for _, msg := range t.skipped {
			s.emit(ErrorEvent{At: at, Msg: msg})
		}
	}
	for _, st := range p.Tracks {
		if in := st.Info(); in.Kind == media.KindText {
			s.st.Text = append(s.st.Text, in.Name)
		}
	}
	s.textStreams = textTracks(p)
	s.loadSparse(p)
	s.textPick = -1
	if i := s.pickText(s.textStreams); i >= 0 {
		if err := s.switchText(i); err != nil {
			s.emit(ErrorEvent{At: at, Msg: fmt.Sprintf("text: %v", err)})
		}
	} else if s.cfg.Text != "" && !s.cfg.TextAny {
		s.emit(ErrorEvent{At: at, Msg: fmt.Sprintf("no text track in %q (the presentation has %d)", s.cfg.Text, len(s.textStreams))})
	}
	return nil
}

// pickTracks makes the tracks to play of p's: the first video track and the audio
// track pickAudio chooses, unless their decoders are missing (an unplayable one is
// an error event); it fails when neither can play. audios are all of p's audio
// tracks; verr says why p's video cannot play (nil: it can, or there is none).
func (s *Session) pickTracks(p *Presentation) (video, audio *track, audios []SourceTrack, verr, err error) {
	for _, st := range p.Tracks {
		if st.Info().Kind == media.KindAudio {
			audios = append(audios, st)
		}
	}
	if s.cfg.NewVideoDecoder != nil {
		for _, st := range p.Tracks {
			if st.Info().Kind == media.KindVideo {
				if video, verr = newTrack(st, s.seed()); verr != nil {
					s.errorf("%v", verr)
				}
				break
			}
		}
	}
	if s.cfg.NewAudioDecoder != nil && !s.cfg.NoAudio && len(audios) > 0 {
		var aerr error
		if audio, aerr = newTrack(audios[s.pickAudio(audios)], s.seed()); aerr != nil {
			s.errorf("%v", aerr)
		}
	}
	if video == nil && audio == nil {
		if verr != nil {
			return nil, nil, nil, nil, verr
		}
		return nil, nil, nil, nil, fmt.Errorf("%s: no playable video or audio stream", s.sourceName())
	}
	return video, audio, audios, verr, nil
}

// pickAudio is the index of the audio track to play: the first in Config.AudioLang
// (a language or its prefix: "en" picks "en-GB"), else the first.
func (s *Session) pickAudio(audios []SourceTrack) int {
	if s.cfg.AudioLang == "" {
		return 0
	}
	var langs []string
	for i, st := range audios {
		lang := st.Info().Language
		if strings.EqualFold(lang, s.cfg.AudioLang) || strings.HasPrefix(strings.ToLower(lang), strings.ToLower(s.cfg.AudioLang)+"-") {
			return i
		}
		langs = append(langs, cmp.Or(lang, "(none)"))
	}
	s.errorf("no audio stream in language %q (the manifest has %s): playing the first", s.cfg.AudioLang, strings.Join(langs, ", "))
	return 0
}

// seed seeds a track's jitter from the clock, as the fetcher's is: a test clock
// makes it repeat.
func (s *Session) seed() uint64 { return uint64(s.cfg.Clock.Now().UnixNano()) }

// sourceName names the presentation in messages: the manifest's URL.
func (s *Session) sourceName() string {
	if ss, ok := s.src.(*smoothSource); ok {
		return "manifest " + ss.manifestURL().String()
	}
	return "source"
}

// byKind is the first played track of kind k, nil when there is none; the caller
// holds s.mu.
func (s *Session) byKind(k media.Kind) *track {
	for _, t := range s.tracks {
		if t.kind == k {
			return t
		}
	}
	return nil
}

// sleep waits d on the session's clock or until ctx is done; it reports whether the
// wait completed.
func (s *Session) sleep(ctx context.Context, d time.Duration) bool { return Sleep(ctx, s.cfg.Clock, d) }

// sleepOr is sleep that also ends early when wake is closed (a nil wake never is).
// Woken so, it goes on a microsecond later on the session's clock: what the waiter
// does next then never shares an instant with what its waker does next (on a
// virtual clock, timers armed for one instant by one function between the same two
// fires fire in a racy order).
func (s *Session) sleepOr(ctx context.Context, d time.Duration, wake <-chan struct{}) bool {
	if wake == nil || d <= 0 {
		return s.sleep(ctx, d)
	}
	t := s.cfg.Clock.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C():
	case <-wake:
		return s.sleep(ctx, time.Microsecond)
	case <-ctx.Done():
		return false
	}
	return true
}
