package decode

/*
#include <malloc.h>
*/
import "C"

// LimitMallocGrowth sets glibc's malloc for a long-running decoding process: at most
// 2 arenas (M_ARENA_MAX) and a fixed 256 KiB mmap threshold (M_MMAP_THRESHOLD, so
// picture buffers are mapped and unmapped, never left in an arena). It reports
// whether glibc took both. It is process-wide: call it once at start-up, before
// decoding.
//
// Why: FFmpeg's decoding threads and frame pools are made anew at every decoder
// reopen (a level switch, a seek, each turn of a looped playback). glibc hands new
// threads new arenas, up to 8 per core, and after the first large buffer is freed it
// raises its mmap threshold so later 1.4 MB pictures come from the arenas, which keep
// what is freed into them. A looped 720p playback's RSS climbed from 95 to 122 MB
// over 5 minutes before levelling off; with these settings it stays at 94–98 MB.
func LimitMallocGrowth() bool {
	return C.mallopt(C.M_ARENA_MAX, 2) == 1 && C.mallopt(C.M_MMAP_THRESHOLD, 256<<10) == 1
}

// MallocStats reads glibc's malloc figures (mallinfo2): bytes in use, bytes held
// free in the arenas, and bytes in mmapped chunks.
func MallocStats() (inUse, free, mapped uint64) {
	m := C.mallinfo2()
	return uint64(m.uordblks), uint64(m.fordblks), uint64(m.hblkhd)
}

// trimMalloc gives the free pages of glibc's arenas back to the system
// (malloc_trim). A decoder that closes or reopens frees its frame pools and
// threads' buffers into the arenas, where they would stay resident; what the next
// configuration allocates is seldom the same shape, so it is taken afresh.
func trimMalloc() { C.malloc_trim(0) }
