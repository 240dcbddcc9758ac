package decode

import (
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/asticode/go-astiav"
)

func TestLimitMallocGrowth(t *testing.T) {
	if !LimitMallocGrowth() {
		t.Fatal("glibc refused mallopt(M_ARENA_MAX, 2) or mallopt(M_MMAP_THRESHOLD, 256 KiB)")
	}
}

func TestMallocStats(t *testing.T) {
	inUse0, _, mapped0 := MallocStats()
	f := astiav.AllocFrame()
	defer f.Free()
	f.SetWidth(1920)
	f.SetHeight(1080)
	f.SetPixelFormat(astiav.PixelFormatYuv420P)
	if err := f.AllocBuffer(0); err != nil {
		t.Fatal(err)
	}
	inUse, _, mapped := MallocStats()
	if grew := (inUse + mapped) - (inUse0 + mapped0); grew < 1920*1080*3/2 {
		t.Errorf("a 1080p picture (3 MB) allocated: C heap in use + mapped grew by %d bytes", grew)
	}
}

// rssBytes reads this process's resident set from /proc/self/statm.
func rssBytes(t *testing.T) int64 {
	t.Helper()
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		t.Fatal(err)
	}
	f := strings.Fields(string(b))
	pages, _ := strconv.ParseInt(f[1], 10, 64)
	return pages * int64(os.Getpagesize())
}

// TestTrimMalloc: pictures freed into glibc's arenas stay resident until
// trimMalloc gives their pages back.
func TestTrimMalloc(t *testing.T) {
	LimitMallocGrowth()
	// One OS thread, so one arena: a goroutine that moved between threads would
	// spread the pictures over both arenas, and free() trims the top of the arena
	// the guard is not in by itself (the gain trimMalloc measures then shrinks).
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	alloc := func() *astiav.Frame {
		f := astiav.AllocFrame()
		f.SetWidth(320)
		f.SetHeight(180) // 86 KB: below the mmap threshold, from an arena
		f.SetPixelFormat(astiav.PixelFormatYuv420P)
		if err := f.AllocBuffer(0); err != nil {
			t.Fatal(err)
		}
		if err := f.ImageFillBlack(); err != nil { // resident: its pages written
			t.Fatal(err)
		}
		return f
	}
	var fs []*astiav.Frame
	for range 400 { // 34 MB
		fs = append(fs, alloc())
	}
	guard := alloc() // above them all: the arena's top cannot shrink past it
	defer guard.Free()
	for _, f := range fs {
		f.Free()
	}
	before := rssBytes(t)
	trimMalloc()
	after := rssBytes(t)
	t.Logf("RSS %.1f MB → %.1f MB", float64(before)/(1<<20), float64(after)/(1<<20))
	if before-after < 20<<20 {
		t.Errorf("trimMalloc gave back %.1f MB of 34 MB freed", float64(before-after)/(1<<20))
	}
}
