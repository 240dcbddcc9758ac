//go:build !linux

package decode

// LimitMallocGrowth does nothing outside Linux (glibc's malloc); it reports false.
func LimitMallocGrowth() bool { return false }

// MallocStats reports zeros outside Linux (glibc's malloc).
func MallocStats() (inUse, free, mapped uint64) { return 0, 0, 0 }

// trimMalloc does nothing outside Linux (glibc's malloc).
func trimMalloc() {}
