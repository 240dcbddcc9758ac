package decode

import "testing"

func TestSparesBoundedLIFO(t *testing.T) {
	s := spares[int]{max: 2}
	if s.take() != nil {
		t.Fatal("an empty stack gave a spare")
	}
	a, b, c := new(int), new(int), new(int)
	s.keep(a)
	s.keep(b)
	s.keep(c) // beyond max: dropped
	if got := s.take(); got != b {
		t.Fatalf("take = %p, want the last kept %p", got, b)
	}
	if got := s.take(); got != a {
		t.Fatalf("take = %p, want %p", got, a)
	}
	if s.take() != nil {
		t.Fatal("a third spare came back although max is 2")
	}
}
