package audio

// ring is a bounded FIFO of bytes. It is not safe for concurrent use.
type ring struct {
	buf  []byte
	r, n int // read position and bytes held
}

func newRing(size int) *ring { return &ring{buf: make([]byte, size)} }

func (q *ring) len() int  { return q.n }
func (q *ring) free() int { return len(q.buf) - q.n }
func (q *ring) reset()    { q.r, q.n = 0, 0 }

// write appends as much of p as fits and returns how much that was.
func (q *ring) write(p []byte) int {
	p = p[:min(len(p), q.free())]
	w := (q.r + q.n) % len(q.buf)
	k := copy(q.buf[w:], p)
	copy(q.buf, p[k:])
	q.n += len(p)
	return len(p)
}

// read moves up to len(p) bytes into p and returns how many.
func (q *ring) read(p []byte) int {
	p = p[:min(len(p), q.n)]
	k := copy(p, q.buf[q.r:])
	copy(p[k:], q.buf)
	q.r = (q.r + len(p)) % len(q.buf)
	q.n -= len(p)
	return len(p)
}
