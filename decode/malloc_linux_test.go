package decode

import (
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
