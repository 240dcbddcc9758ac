package decode

import "testing"

func TestLimitMallocArenas(t *testing.T) {
	if !LimitMallocArenas(2) {
		t.Fatal("mallopt(M_ARENA_MAX, 2) refused")
	}
}
