package player

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/smoothie-player/smoothie/abr"
	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/smooth"
)

// Session plays one presentation. Create it with New, run it with Run; the control
// methods (Pause, Seek, SetQuality, …), Stats and Events are safe from any goroutine.
type Session struct {
	cfg   Config
	fetch *fetcher
	rec   *recorder

	mu           sync.Mutex
	events       *fanout
	main         <-chan Event // the Events() subscription
	start        time.Time
	manURL       *url.URL
	man          *smooth.Manifest
	base         time.Duration // presentation start (the latest first t of the played streams)
	duration     time.Duration
	tracks       []*track // the played tracks: video first, then audio
	audioStreams []*smooth.StreamIndex
	state        State
	paused       bool
	clock        playbackClock
	audioMaster  bool
	audioWait    time.Time // since when the playhead waits for the master audio to be heard
	pin          Quality
	volume       float64
	muted        bool
	st           Stats // counters
	stallStart   time.Time
	lastPos      time.Duration
	brSum        float64 // Σ bitrate·seconds of played-track fragments, for AvgBitrate
	brDur        float64
	decodeStats  []abr.DecodeStats // per video level
	started      bool              // the first video fragment was chosen
	pendingSeek  *time.Duration
	pendingAudio int
	refreshNow   chan struct{} // a downloader asks the live refresh loop for a manifest
	kick         chan struct{} // wakes the session loop for a pending command
	fatal        error         // ends Run (see noteFragment, checkLiveStuck)
	edge         time.Duration // the live edge at edgeAt, when it last moved
	edgeAt       time.Time
}

// New checks cfg and returns a session ready to Run.
func New(cfg Config) (*Session, error) {
	cfg.defaults()
	u, err := url.Parse(cfg.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("manifest URL %q: want an http or https URL", cfg.URL)
	}
	if cfg.SessionID == "" {
		var b [8]byte
		rand.Read(b[:])
		cfg.SessionID = hex.EncodeToString(b[:])
	}
	s := &Session{
		cfg:          cfg,
		manURL:       u,
		events:       newFanout(),
		volume:       1,
		pin:          cfg.Quality,
		pendingAudio: -1,
		refreshNow:   make(chan struct{}, 1),
		kick:         make(chan struct{}, 1),
	}
	s.main, _ = s.events.subscribe(256)
	s.fetch = newFetcher(&s.cfg)
	s.rec = newRecorder(cfg.StatsJSON, cfg.LogURL != "")
	s.st.SessionID = cfg.SessionID
	return s, nil
}

// Events returns the session's event stream (one shared subscription of 256 events).
// It never blocks the session: when the reader falls behind, events are dropped
// (Stats().EventsDropped counts them).
func (s *Session) Events() <-chan Event { return s.main }

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

// load fetches the manifest and picks the tracks.
func (s *Session) load(ctx context.Context) error {
	var body []byte
	var final string
	var err error
	for attempt := 0; ; attempt++ {
		body, _, final, err = s.fetch.get(ctx, s.manURL.String(), nil, maxManifest)
		if err == nil || ctx.Err() != nil || attempt >= s.cfg.Retries {
			break
		}
		var se *StatusError
		if errors.As(err, &se) && se.Code >= 400 && se.Code < 500 && se.Code != 408 && se.Code != 429 {
			break
		}
		s.errorf("manifest: %v (retrying)", err)
		if !s.sleep(ctx, backoff(attempt, s.cfg.RetryBase, s.cfg.RetryMax, s.fetch.jitter())) {
			break
		}
	}
	if err != nil {
		return fmt.Errorf("manifest: %w", err)
	}
	fu, err := url.Parse(final)
	if err != nil {
		fu = s.manURL
	}
	m, err := smooth.ParseManifestBytes(body, final)
	if err != nil {
		if looksHTML(body) {
			return fmt.Errorf("manifest %s: the server answered with an HTML page, not a Smooth Streaming manifest", final)
		}
		return fmt.Errorf("manifest: %w", err)
	}
	for _, w := range m.Warnings {
		s.cfg.Logf("manifest %s: %s", final, w)
	}
	var video, audio *track
	var verr error
	if s.cfg.NewVideoDecoder != nil {
		if si := m.Stream(media.KindVideo); si != nil {
			if video, verr = newTrack(si, s.cfg.CheckCodec); verr != nil {
				s.errorf("%v", verr)
			}
		}
	}
	var audios []*smooth.StreamIndex
	for _, si := range m.Streams {
		if si.Type == media.KindAudio {
			audios = append(audios, si)
		}
	}
	if s.cfg.NewAudioDecoder != nil && !s.cfg.NoAudio && len(audios) > 0 {
		pick := 0
		if s.cfg.AudioLang != "" {
			pick = -1
			var langs []string
			for i, si := range audios {
				langs = append(langs, cmp.Or(si.Language, "(none)"))
				if pick < 0 && (strings.EqualFold(si.Language, s.cfg.AudioLang) || strings.HasPrefix(strings.ToLower(si.Language), strings.ToLower(s.cfg.AudioLang)+"-")) {
					pick = i
				}
			}
			if pick < 0 {
				pick = 0
				s.errorf("no audio stream in language %q (the manifest has %s): playing the first", s.cfg.AudioLang, strings.Join(langs, ", "))
			}
		}
		var aerr error
		if audio, aerr = newTrack(audios[pick], s.cfg.CheckCodec); aerr != nil {
			s.errorf("%v", aerr)
		}
	}
	if video == nil && audio == nil {
		if verr != nil {
			return verr
		}
		return fmt.Errorf("manifest %s: no playable video or audio stream", final)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.manURL, s.man = fu, m
	s.audioStreams = audios
	for _, t := range []*track{video, audio} {
		if t != nil {
			s.tracks = append(s.tracks, t)
		}
	}
	s.duration = m.DurationTime()
	if m.IsLive {
		s.duration = 0 // unknown until the broadcast ends (the window's end is not the end)
	}
	s.base = 0
	for _, t := range s.tracks {
		s.base = max(s.base, smooth.Seconds(t.si.Timeline.Start(), t.si.TimeScale))
	}
	if video != nil {
		s.st.Video.Levels = video.ladder
	}
	if audio != nil {
		s.st.Audio.Levels = audio.ladder
	}
	s.audioMaster = audio != nil && s.cfg.AudioSink != nil
	at := s.since(s.cfg.Clock.Now())
	s.emit(ManifestEvent{At: at, Live: m.IsLive})
	for _, t := range s.tracks {
		for _, msg := range t.skipped {
			s.emit(ErrorEvent{At: at, Msg: msg})
		}
	}
	for _, si := range m.Streams {
		if si.Type == media.KindText {
			s.st.Text = append(s.st.Text, si.Name)
		}
	}
	return nil
}

func looksHTML(b []byte) bool {
	h := strings.ToLower(strings.TrimSpace(string(b[:min(len(b), 512)])))
	return strings.HasPrefix(h, "<!doctype html") || strings.HasPrefix(h, "<html")
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
func (s *Session) sleep(ctx context.Context, d time.Duration) bool { return sleep(ctx, s.cfg.Clock, d) }
