package media

import "testing"

func TestParseKind(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Kind
		ok   bool
	}{{"video", KindVideo, true}, {"AUDIO", KindAudio, true}, {" Text ", KindText, true}, {"subtitle", KindUnknown, false}, {"", KindUnknown, false}} {
		got, err := ParseKind(tc.in)
		if got != tc.want || (err == nil) != tc.ok {
			t.Errorf("ParseKind(%q) = %v, %v", tc.in, got, err)
		}
		if tc.ok && got.String() == "unknown" {
			t.Errorf("%v has no name", got)
		}
	}
}

func TestSamplePTS(t *testing.T) {
	s := Sample{Time: 100, CompositionOffset: -20}
	if s.PTS() != 80 {
		t.Errorf("PTS %d", s.PTS())
	}
}
