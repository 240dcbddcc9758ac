package decode

import "sync"

// spares is a bounded stack of objects kept for reuse, safe for concurrent use:
// the frame and buffer pools hold their spares in one each.
type spares[T any] struct {
	mu   sync.Mutex
	list []*T
	max  int
}

// take returns a spare, or nil when there is none.
func (s *spares[T]) take() *T {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := len(s.list)
	if n == 0 {
		return nil
	}
	x := s.list[n-1]
	s.list[n-1] = nil
	s.list = s.list[:n-1]
	return x
}

// keep stores x for reuse; beyond max spares it is left to the GC.
func (s *spares[T]) keep(x *T) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.list) < s.max {
		s.list = append(s.list, x)
	}
}
