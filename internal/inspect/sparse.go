package inspect

import (
	"bytes"
	"fmt"

	"github.com/smoothie-player/smoothie/smooth"
	"github.com/smoothie-player/smoothie/text/scte35"
)

// checkInline checks the payloads a ManifestOutput stream carries in its <f>
// elements (nothing to fetch): each is there and, on a SCTE-35 stream, decodes.
// It returns how many fragments it checked.
func checkInline(s *smooth.StreamIndex) (int, []Problem) {
	kind := s.SparseKind()
	n := 0
	var out []Problem
	for _, r := range s.Timeline.Runs() {
		n++
		for i, f := range r.Tracks {
			if msg := checkSparse(kind, smooth.InlinePayload(f.Content)); msg != "" {
				out = append(out, Problem{Stream: s.Name, Time: r.Start, Msg: fmt.Sprintf("inline payload %d: %s", i, msg)})
			}
		}
	}
	return n, out
}

// checkSparse says what is wrong with a sparse sample of a stream of kind: ""
// when nothing is (an empty sample; a SCTE-35 stream's sample that holds no
// splice_info_section with a good CRC_32).
func checkSparse(kind string, b []byte) string {
	if len(bytes.TrimSpace(b)) == 0 {
		return "empty " + kind + " sample"
	}
	if kind == smooth.SparseSCTE35 {
		if _, err := scte35.DecodeSample(b); err != nil {
			return err.Error()
		}
	}
	return ""
}
