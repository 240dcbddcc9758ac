package bounded

import (
	"bytes"
	"errors"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"
)

func TestReadAll(t *testing.T) {
	boom := errors.New("boom")
	big := bytes.Repeat([]byte("0123456789"), 1_000_000) // 10 MB: several blocks
	cases := []struct {
		name     string
		r        func() *bytes.Reader
		slow     bool
		max, ann int64
		want     int
		err      string
	}{
		{"small known", func() *bytes.Reader { return bytes.NewReader([]byte("hello")) }, true, 10, 5, 5, ""},
		{"small unknown", func() *bytes.Reader { return bytes.NewReader([]byte("hello")) }, false, 10, -1, 5, ""},
		{"empty", func() *bytes.Reader { return bytes.NewReader(nil) }, false, 10, -1, 0, ""},
		{"truncated", func() *bytes.Reader { return bytes.NewReader([]byte("hello")) }, false, 10, 9, 5, "truncated: 5 of 9 bytes"},
		{"over the cap unknown", func() *bytes.Reader { return bytes.NewReader(make([]byte, 100)) }, false, 10, -1, 0, "larger than 10 bytes"},
		{"over the cap announced", func() *bytes.Reader { return bytes.NewReader(make([]byte, 100)) }, false, 10, 100, 0, "larger than 10 bytes"},
		{"longer than announced", func() *bytes.Reader { return bytes.NewReader(big) }, false, 1 << 30, 1000, len(big), ""},
		{"big unknown", func() *bytes.Reader { return bytes.NewReader(big) }, false, 1 << 30, -1, len(big), ""},
		{"big known", func() *bytes.Reader { return bytes.NewReader(big) }, false, 1 << 30, int64(len(big)), len(big), ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := c.r()
			all := make([]byte, src.Len())
			src.Read(all)
			src.Seek(0, 0)
			var r interface{ Read([]byte) (int, error) } = src
			if c.slow {
				r = iotest.OneByteReader(src)
			}
			n := 0
			b, err := ReadAll(r, c.max, c.ann, func(k int) { n += k })
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("err %v, want %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(b) != c.want || !bytes.Equal(b, all) || n != len(b) {
				t.Fatalf("read %d bytes (progress %d), want %d equal to the input", len(b), n, c.want)
			}
		})
	}
	if _, err := ReadAll(iotest.ErrReader(boom), 10, -1, nil); !errors.Is(err, boom) {
		t.Fatalf("err %v, want boom", err)
	}
}

// TestReadAllHoldsTheBodyOnce: a body of unknown length costs about twice its
// size in allocations (blocks, the last part-filled, then the one joined copy), one of known length
// once, not a doubling buffer's series of copies (about 4× with append's growth).
func TestReadAllHoldsTheBodyOnce(t *testing.T) {
	const size = 20 << 20
	big := bytes.Repeat([]byte("x"), size)
	for _, c := range []struct {
		announced int64
		most      float64
	}{{-1, 2.3}, {size, 1.1}} {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		if _, err := ReadAll(bytes.NewReader(big), 1<<30, c.announced, nil); err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&after)
		if got := float64(after.TotalAlloc-before.TotalAlloc) / size; got > c.most {
			t.Errorf("announced %d: allocated %.2f× the body, want at most %.1f×", c.announced, got, c.most)
		}
	}
}
