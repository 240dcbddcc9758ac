package decode

// #cgo pkg-config: libavformat
// #include <libavformat/avformat.h>
// static int64_t smoothieStartTimeRealtime(void *fc) { return ((AVFormatContext *)fc)->start_time_realtime; }
import "C"

import (
	"unsafe"

	"github.com/asticode/go-astiav"
)

// startTimeRealtime reads AVFormatContext.start_time_realtime (microseconds since
// the Unix epoch), which go-astiav v0.16.0 does not expose: its FormatContext holds
// the C pointer as its one field (pinned in go.mod; TestStartTimeRealtimeLayout
// checks the layout still holds).
func startTimeRealtime(fc *astiav.FormatContext) (int64, bool) {
	p := *(*unsafe.Pointer)(unsafe.Pointer(fc))
	if p == nil {
		return 0, false
	}
	v := int64(C.smoothieStartTimeRealtime(p))
	return v, v != astiav.NoPtsValue && v > 0
}
