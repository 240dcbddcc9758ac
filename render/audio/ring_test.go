package audio

import (
	"bytes"
	"testing"
)

func TestRingWrapsAndBounds(t *testing.T) {
	q := newRing(10)
	if n := q.write([]byte("abcdefgh")); n != 8 {
		t.Fatalf("wrote %d", n)
	}
	p := make([]byte, 6)
	if n := q.read(p); n != 6 || string(p) != "abcdef" {
		t.Fatalf("read %d %q", n, p)
	}
	if n := q.write([]byte("123456789")); n != 8 || q.free() != 0 {
		t.Fatalf("wrote %d across the end, free %d", n, q.free())
	}
	out := make([]byte, 20)
	n := q.read(out)
	if !bytes.Equal(out[:n], []byte("gh12345678")) {
		t.Fatalf("read %q", out[:n])
	}
	if q.len() != 0 || q.read(out) != 0 {
		t.Fatal("ring not empty")
	}
}
