package player

import "github.com/smoothie-player/smoothie/smooth"

// contentMarks are the marks a StreamIndex writes in its Content element (IIS
// ScriptCommand and Marker elements, smooth.ContentMarker), at their media times
// when these are real, as written when they are placeholders.
func contentMarks(si *smooth.StreamIndex) []SourceMark {
	var out []SourceMark
	for _, c := range si.Content {
		m := SourceMark{Timed: c.Timed, TimeText: c.TimeText, Text: clip(c.Text())}
		if c.Timed {
			m.At = smooth.Seconds(c.Time, si.TimeScale)
		}
		out = append(out, m)
	}
	return out
}
