package drm

import (
	"bytes"
	"crypto/sha256"
	"hash"
	"io"
	"sync/atomic"
	"testing"
)

// repeatedFile is an io.Reader of a fragmented file's head and then its fragments
// over and over (no mfra), counting and hashing what it has handed out.
type repeatedFile struct {
	head, frags []byte
	times       int
	cur         []byte
	read        atomic.Int64
	sum         hash.Hash
}

func (r *repeatedFile) Read(p []byte) (int, error) {
	for len(r.cur) == 0 {
		switch {
		case r.head != nil:
			r.cur, r.head = r.head, nil
		case r.times > 0:
			r.cur, r.times = r.frags, r.times-1
		default:
			return 0, io.EOF
		}
	}
	n := copy(p, r.cur)
	r.sum.Write(r.cur[:n])
	r.cur = r.cur[n:]
	r.read.Add(int64(n))
	return n, nil
}

// lagWriter hashes what it is written and keeps how far the input was read ahead of
// it.
type lagWriter struct {
	in      *repeatedFile
	written int64
	maxLag  int64
	sum     hash.Hash
}

func (w *lagWriter) Write(p []byte) (int, error) {
	w.written += int64(len(p))
	w.sum.Write(p)
	if lag := w.in.read.Load() - w.written; lag > w.maxLag {
		w.maxLag = lag
	}
	return len(p), nil
}

// TestStreamHoldsAFragment: ProtectStream piped into DecryptStream takes 30 MB of
// fragments (the demo's, forty times over) a fragment at a time: the input is never
// read more than the buffers and a fragment or two ahead of the clear output (a
// whole-file reader would be 30 MB ahead), and the output is the input, byte for byte.
func TestStreamHoldsAFragment(t *testing.T) {
	k, _ := ParseKey(testKID + ":" + testKeyHex)
	demo := readFile(t, "../testdata/demo/demo_320x180_300k.ismv")
	top, err := childBoxes(demo)
	if err != nil {
		t.Fatal(err)
	}
	var head, frags []byte
	for _, c := range top {
		b := demo[c.Offset : c.Offset+8+len(c.Payload)]
		switch c.Type {
		case "ftyp", "moov":
			head = append(head, b...)
		case "moof", "mdat":
			frags = append(frags, b...)
		}
	}
	in := &repeatedFile{head: head, frags: frags, times: 40, sum: sha256.New()}
	const limit = 4 << 20
	out := &lagWriter{in: in, sum: sha256.New()}
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(ProtectStream(in, pw, ProtectOptions{Key: k, LAURL: "/license"}))
	}()
	if err := DecryptStream(nil, pr, Keys{k}, out); err != nil {
		t.Fatal(err)
	}
	total := int64(len(head) + 40*len(frags))
	if in.read.Load() != total || out.written != total || !bytes.Equal(in.sum.Sum(nil), out.sum.Sum(nil)) {
		t.Fatalf("read %d, wrote %d of %d bytes; same bytes: %v", in.read.Load(), out.written, total, bytes.Equal(in.sum.Sum(nil), out.sum.Sum(nil)))
	}
	if out.maxLag > limit {
		t.Errorf("the input was read up to %d bytes ahead of the output, want at most %d (one fragment is %d)", out.maxLag, limit, len(frags)/10)
	}
	t.Logf("%d MB through, the input at most %.1f MB ahead of the output", total>>20, float64(out.maxLag)/(1<<20))
}
