package decode

import "testing"

func TestLimitMallocGrowth(t *testing.T) {
	if !LimitMallocGrowth() {
		t.Fatal("glibc refused mallopt(M_ARENA_MAX, 2) or mallopt(M_MMAP_THRESHOLD, 256 KiB)")
	}
}
