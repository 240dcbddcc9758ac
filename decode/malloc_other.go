//go:build !linux

package decode

// LimitMallocGrowth does nothing outside Linux (glibc's malloc); it reports false.
func LimitMallocGrowth() bool { return false }
