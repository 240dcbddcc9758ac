//go:build !linux

package decode

// LimitMallocArenas does nothing outside Linux (glibc's arenas); it reports false.
func LimitMallocArenas(n int) bool { return false }
