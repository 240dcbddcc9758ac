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
		s := &Session{video: &track{kind: media.KindVideo}, audio: &track{kind: media.KindAudio}, kick: make(chan struct{}, 1)}
		for _, st := range c.steps {
			tr, err := s.video, lost
			switch st {
			case 'a':
				tr = s.audio
			case 'V':
				err = nil
			case 'A':
				tr, err = s.audio, nil
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
	s := &Session{video: &track{kind: media.KindVideo}, kick: make(chan struct{}, 1)}
	for range deadRun {
		s.noteFragment(s.video, lost)
	}
	if s.fatal == nil {
		t.Errorf("a video-only session that lost %d fragments in a row goes on", deadRun)
	}
}
