package player

import (
	"time"

	"github.com/smoothie-player/smoothie/media"
)

// Stats returns a snapshot of the session.
func (s *Session) Stats() Stats {
	now := s.cfg.Clock.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.st
	st.State = s.state
	if s.paused && s.state == StatePlaying {
		st.State = StatePaused
	}
	if s.state != StateLoading {
		st.Position = s.wrap(s.position(now))
	}
	tm, ss := s.src.Timing(), s.src.Stats()
	st.Duration = tm.Duration
	st.Live = tm.Live
	st.ManifestRefreshes, st.EdgeProbes = ss.ManifestRefreshes, ss.EdgeProbes
	st.Protection = ss.Protection
	if ss.Waiting >= time.Second {
		st.WaitingForOrigin = ss.Waiting
	}
	st.Pinned, st.Volume, st.Muted = s.pin, s.volume, s.muted
	st.Throughput = int64(s.cfg.Meter.Estimate())
	st.EventsDropped = s.events.dropped
	if a := s.byKind(media.KindAudio); a != nil {
		st.AudioClock = a.master
	}
	st.CPULoad = -1
	if s.cfg.Sensors != nil {
		st.Power, st.CPULoad = s.cfg.Sensors()
	}
	if !s.start.IsZero() {
		st.Elapsed = now.Sub(s.start)
	}
	if s.state == StateStalled {
		st.StallTime += now.Sub(s.stallStart)
	}
	if l := s.leadTrack(); l != nil && l.brDur > 0 {
		st.AvgBitrate = int64(l.brSum / l.brDur)
	}
	if st.Live {
		st.DVRWindow = tm.Window
		if lead := s.leadTrack(); lead != nil && s.state != StateLoading {
			st.LiveLatency = max(tm.Edge-st.Position, 0)
			st.LiveTarget = s.liveTarget(tm)
		}
	}
	if s.state != StateLoading {
		st.MediaTime = st.Position + s.base
	}
	if ss.Stream != nil {
		stream := *ss.Stream
		if s.state != StateLoading {
			stream.Latency = streamLatency(&stream, st.Position, now)
		}
		st.Stream = &stream
	}
	st.Video = s.trackStats(s.byKind(media.KindVideo), st.Position, st.Video)
	st.Audio = s.trackStats(s.byKind(media.KindAudio), st.Position, st.Audio)
	return st
}

func (s *Session) trackStats(t *track, pos time.Duration, ts TrackStats) TrackStats {
	if t == nil {
		return TrackStats{}
	}
	ts.Active = true
	ts.Name, ts.Lang = t.name, t.lang
	ts.Levels = t.ladder
	if t.buf != nil {
		end, _ := t.buf.state()
		ts.Buffer = max(end-pos, 0)
	}
	if t.level >= 0 {
		ts.Level, ts.Bitrate = t.level+1, t.ladder[t.level].Bitrate
	}
	if t.dlLevel >= 0 {
		ts.DownloadLevel, ts.DownloadBitrate = t.dlLevel+1, t.ladder[t.dlLevel].Bitrate
	}
	if t.decTime != nil {
		ts.DecodeTime = t.decTime()
	}
	return ts
}

// Pause stops the playback clock and the audio output.
func (s *Session) Pause() { s.setPaused(true) }

// Resume undoes Pause.
func (s *Session) Resume() { s.setPaused(false) }

// TogglePause pauses a playing session and resumes a paused one.
func (s *Session) TogglePause() {
	s.mu.Lock()
	p := s.paused
	s.mu.Unlock()
	s.setPaused(!p)
}

func (s *Session) setPaused(p bool) {
	now := s.cfg.Clock.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.paused == p {
		return
	}
	s.position(now) // sync the clock to the audio before it stops
	s.paused = p
	s.clock.Run(s.clockRunning(), now)
	if s.cfg.AudioSink != nil {
		s.cfg.AudioSink.SetPaused(!s.clockRunning())
	}
}

// Seek moves the playhead to pos (relative to the presentation start): buffers and
// decoders are flushed and playback restarts at the fragment containing pos.
func (s *Session) Seek(pos time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pending.seek, s.pending.exact = &pos, false
	signal(s.kick)
}

// SeekBy moves the playhead by d from where it is.
func (s *Session) SeekBy(d time.Duration) {
	now := s.cfg.Clock.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	pos := s.wrap(s.position(now)) + d
	if s.pending.seek != nil {
		pos = *s.pending.seek + d
	}
	s.pending.seek, s.pending.exact = &pos, false
	signal(s.kick)
}

// SetQuality pins the video level (Quality{} is automatic). It applies from the
// next fragment downloaded.
func (s *Session) SetQuality(q Quality) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pin = q
	s.pinGen++
}

// SetVolume sets the gain, 0 to 1.
func (s *Session) SetVolume(v float64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.volume = min(max(v, 0), 1)
	s.applyVolume()
}

// SetMuted mutes or unmutes the audio.
func (s *Session) SetMuted(m bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.muted = m
	s.applyVolume()
}

func (s *Session) applyVolume() {
	if s.cfg.AudioSink == nil {
		return
	}
	if s.muted {
		s.cfg.AudioSink.SetVolume(0)
	} else {
		s.cfg.AudioSink.SetVolume(s.volume)
	}
}

// AudioTracks lists the presentation's audio streams as "name (language)".
func (s *Session) AudioTracks() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, st := range s.audioStreams {
		in := st.Info()
		n := in.Name
		if in.Language != "" {
			n += " (" + in.Language + ")"
		}
		out = append(out, n)
	}
	return out
}

// SelectAudio switches to the i-th audio stream (0-based, as AudioTracks lists them);
// playback restarts at the current position.
func (s *Session) SelectAudio(i int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if i >= 0 && i < len(s.audioStreams) && s.byKind(media.KindAudio) != nil {
		s.pending.audio = i
		signal(s.kick)
	}
}
