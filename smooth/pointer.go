package smooth

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// The Sparse Stream Pointer (MS-SSTR §2.2.5): an origin tells a client, in the
// response to a fragment of a sparse stream's parent track, the newest fragment of
// each sparse stream at or before the requested fragment, so that a live client
// learns of a sparse fragment before the manifest lists it. IIS Media Services
// carries it as a parameter of the Content-Type header:
//
//	Content-Type: video/mp4;ChildTrack="ad=20000000,chapters=15000000"
//
// each entry a sparse stream's Name and that fragment's start time, in the sparse
// stream's TimeScale. Several ChildTrack parameters, and entries separated by ";"
// inside the quotes, are read too.

// ChildTrackParam is the name of the Content-Type parameter that carries the
// Sparse Stream Pointer.
const ChildTrackParam = "ChildTrack"

// maxPointers bounds the entries one header may name (a presentation has a few
// sparse streams; a header with thousands is not one).
const maxPointers = 64

// SparsePointer is one entry of a Sparse Stream Pointer: the sparse stream's Name
// and the start time of its newest fragment, in its TimeScale.
type SparsePointer struct {
	Stream string
	Time   uint64
}

// ParseSparsePointer reads the Sparse Stream Pointer from a fragment response's
// Content-Type value: nil when it names none, an error naming the entry when an
// entry is not Name=Time.
func ParseSparsePointer(contentType string) ([]SparsePointer, error) {
	var out []SparsePointer
	params := splitOutsideQuotes(contentType, ';')
	for _, p := range params[min(1, len(params)):] { // the media type comes first
		k, v, ok := strings.Cut(p, "=")
		if !ok || !strings.EqualFold(strings.TrimSpace(k), ChildTrackParam) {
			continue
		}
		v = strings.TrimSpace(v)
		if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
			v = v[1 : len(v)-1]
		} else if strings.Contains(v, `"`) {
			return nil, fmt.Errorf("Content-Type %s %q: unbalanced quotes", ChildTrackParam, v)
		}
		for _, e := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ';' }) {
			name, ts, ok := strings.Cut(e, "=")
			name, ts = strings.TrimSpace(name), strings.TrimSpace(ts)
			if !ok || name == "" {
				return nil, fmt.Errorf("Content-Type %s entry %q: not Name=Time", ChildTrackParam, e)
			}
			t, err := strconv.ParseUint(ts, 10, 64)
			if err != nil {
				return nil, fmt.Errorf("Content-Type %s entry %q: time %q is not an unsigned integer", ChildTrackParam, e, ts)
			}
			if len(out) == maxPointers {
				return nil, fmt.Errorf("Content-Type %s: more than %d entries", ChildTrackParam, maxPointers)
			}
			out = append(out, SparsePointer{Stream: name, Time: t})
		}
	}
	return out, nil
}

// SparsePointerHeader is the Content-Type value of a fragment response of media
// type mediaType that points at ptrs (mediaType alone when there are none): what
// ParseSparsePointer reads.
func SparsePointerHeader(mediaType string, ptrs []SparsePointer) string {
	if len(ptrs) == 0 {
		return mediaType
	}
	es := make([]string, len(ptrs))
	for i, p := range ptrs {
		es[i] = p.Stream + "=" + strconv.FormatUint(p.Time, 10)
	}
	return mediaType + ";" + ChildTrackParam + `="` + strings.Join(es, ",") + `"`
}

// splitOutsideQuotes splits s at each sep that is not within double quotes.
func splitOutsideQuotes(s string, sep byte) []string {
	var out []string
	quoted, from := false, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"':
			quoted = !quoted
		case sep:
			if !quoted {
				out = append(out, s[from:i])
				from = i + 1
			}
		}
	}
	return slices.Clip(append(out, s[from:]))
}
