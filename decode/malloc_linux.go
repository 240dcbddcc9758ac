package decode

/*
#include <malloc.h>
*/
import "C"

// LimitMallocArenas caps the number of glibc malloc arenas at n (mallopt
// M_ARENA_MAX) and reports whether glibc took it. It is process-wide: call it once
// at start-up, from the program, before decoding.
//
// Why: FFmpeg's decoding threads end and new ones start at every decoder reopen (a
// level switch, a seek, each turn of a looped playback), and glibc hands new threads
// new arenas, up to 8 per core, each keeping the memory freed into it. A looped 720p
// playback grew from 95 to 122 MB of RSS over 5 minutes that way before levelling
// off; with 2 arenas it stays at 90 MB, at no CPU cost we could measure.
func LimitMallocArenas(n int) bool {
	return C.mallopt(C.M_ARENA_MAX, C.int(n)) == 1
}
