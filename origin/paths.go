package origin

import (
	"fmt"
	"path"
	"strings"
)

// maxSegment is the longest path segment a file system holds (NAME_MAX).
const maxSegment = 255

// badPath says why the origin refuses a request path up front ("" if it does not): a
// NUL byte or a segment no file system can name would otherwise fail deep in a file
// open as a 500.
func badPath(p string) string {
	if i := strings.IndexByte(p, 0); i >= 0 {
		return fmt.Sprintf("the path holds a NUL byte at byte %d", i)
	}
	for _, seg := range strings.Split(p, "/") {
		if len(seg) > maxSegment {
			return fmt.Sprintf("path segment %.20q… is %d bytes (at most %d)", seg, len(seg), maxSegment)
		}
	}
	return ""
}

// badIngestName says why a publishing point name (REL/NAME.isml, without the leading
// slash) pushed to with stream id cannot be taken ("" if it can): the archive keeps
// it as REL/NAME/NAME_ID.ismv, so every segment must be a plain, non-empty file name.
func badIngestName(name, id string) string {
	segs := strings.Split(name, "/")
	for _, seg := range segs {
		switch {
		case seg == "":
			return fmt.Sprintf("publishing point %q has an empty path segment", name)
		case seg == "." || seg == "..":
			return fmt.Sprintf("publishing point %q has a %q segment (names stay under the archive)", name, seg)
		case strings.ContainsFunc(seg, func(r rune) bool { return r < 0x20 || r == 0x7f || r == '\\' }):
			return fmt.Sprintf("publishing point %q: segment %q holds a character a file name cannot", name, seg)
		}
	}
	base := segs[len(segs)-1]
	stem := strings.TrimSuffix(base, path.Ext(base))
	switch {
	case strings.Trim(stem, ".") == "":
		return fmt.Sprintf("publishing point %q has an empty name (want NAME.isml)", name)
	case len(stem)+len("_")+len(safeName(id))+len(".ismv") > maxSegment:
		return fmt.Sprintf("publishing point %q with stream %.20q: the archive file %s_ID.ismv would be over %d bytes", name, id, stem, maxSegment)
	}
	return ""
}
