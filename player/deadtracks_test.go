package player

import (
	"errors"
	"strings"
	"testing"

	"github.com/smoothie-player/smoothie/media"
)

// TestNoteFragment: the session fails only when every track has lost deadRun
// fragments in a row; a fragment that arrives starts a track's count again.
func TestNoteFragment(t *testing.T) {
	lost := errors.New("HTTP 503")
	for _, c := range []struct {
		name  string
		steps string // v/a: a video/audio fragment lost, V/A: one arrived
		fatal bool
	}{
		{"video lost, audio plays", "vvvvvvAvA", false},
		{"both lost", "vavava", true},
		{"a video fragment arrives in between", "vavaVva", false},
		{"both lost later", "vavaVvavav", true},
		{"audio alone", "aaa", false}, // video has lost none
	} {
		s := &Session{tracks: []*track{{kind: media.KindVideo}, {kind: media.KindAudio}}, kick: make(chan struct{}, 1)}
		video, audio := s.tracks[0], s.tracks[1]
		for _, st := range c.steps {
			tr, err := video, lost
			switch st {
			case 'a':
				tr = audio
			case 'V':
				err = nil
			case 'A':
				tr, err = audio, nil
			}
			s.noteFragment(tr, err)
		}
		if (s.fatal != nil) != c.fatal {
			t.Errorf("%s (%s): fatal %v, want %v", c.name, c.steps, s.fatal, c.fatal)
		}
		if s.fatal != nil && !strings.Contains(s.fatal.Error(), "HTTP 503") {
			t.Errorf("%s: %v does not say why", c.name, s.fatal)
		}
	}
	// One track only (--audio none): its losses alone end the session.
	s := &Session{tracks: []*track{{kind: media.KindVideo}}, kick: make(chan struct{}, 1)}
	video := s.tracks[0]
	for range deadRun {
		s.noteFragment(video, lost)
	}
	if s.fatal == nil {
		t.Errorf("a video-only session that lost %d fragments in a row goes on", deadRun)
	}
}

// TestNoteDecoded: a track whose decoder gives out nothing counts as lost with the
// others; once it gives out something again it counts as playing.
func TestNoteDecoded(t *testing.T) {
	bad := errors.New("invalid data found when processing input")
	s := &Session{tracks: []*track{{kind: media.KindVideo}, {kind: media.KindAudio}}, kick: make(chan struct{}, 1)}
	video, audio := s.tracks[0], s.tracks[1]
	s.noteDecoded(video, bad)
	if s.fatal != nil {
		t.Fatalf("video undecodable while audio plays: fatal %v", s.fatal)
	}
	s.noteDecoded(video, nil) // pictures again
	for range deadRun {
		s.noteFragment(audio, errors.New("HTTP 500"))
	}
	if s.fatal != nil || !s.decodedAny() {
		t.Fatalf("video decodes again, audio lost: fatal %v, decodedAny %v", s.fatal, s.decodedAny())
	}
	s.noteDecoded(video, bad)
	if s.fatal == nil || !strings.Contains(s.fatal.Error(), "decoded to nothing (invalid data") {
		t.Fatalf("video undecodable and audio lost: fatal %v", s.fatal)
	}
}
