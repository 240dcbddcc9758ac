package player

import (
	"encoding/base64"
	"testing"
	"unicode/utf8"

	"github.com/smoothie-player/smoothie/smooth"
)

// FuzzSparsePayload: any sparse sample, of any kind, and any inline <f> content
// decodes to a mark or an error, never a panic, with the mark's text one bounded
// line of valid UTF-8. Crashers go to testdata/fuzz/FuzzSparsePayload.
func FuzzSparsePayload(f *testing.F) {
	si, _ := base64.StdEncoding.DecodeString(spliceInsert)
	f.Add(uint8(0), si, spliceInsert)
	f.Add(uint8(1), append([]byte{1, 0, 0, 0, 0, 0, 0, 0}, si...), "")
	f.Add(uint8(2), []byte("Chapter 1"), "Q2hhcHRlciAx")
	f.Add(uint8(2), []byte(`<tt xmlns="http://www.w3.org/ns/ttml"><body><div><p begin="0s" end="1s">x</p></div></body></tt>`), "<Signal/>")
	f.Add(uint8(1), []byte{0xfc, 0x30, 0x11}, "/DAv")
	kinds := []string{markSCTE35, markData, markChapter}
	f.Fuzz(func(t *testing.T, k uint8, b []byte, inline string) {
		kind := kinds[int(k)%len(kinds)]
		for _, in := range [][]byte{b, smooth.InlinePayload(inline)} {
			got, text, err := decodeMark(kind, in)
			if err != nil {
				continue
			}
			if got != markSCTE35 && got != markData && got != markChapter {
				t.Fatalf("kind %q", got)
			}
			if kind != markData && got != kind {
				t.Fatalf("a %s sample made a %s mark", kind, got)
			}
			if got != markSCTE35 && (!utf8.ValidString(text) || utf8.RuneCountInString(text) > maxMarkText+1) {
				t.Fatalf("text %q: not one bounded line of UTF-8", text)
			}
		}
	})
}
