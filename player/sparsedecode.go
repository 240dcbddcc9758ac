package player

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/smoothie-player/smoothie/smooth"
	"github.com/smoothie-player/smoothie/text/scte35"
	"github.com/smoothie-player/smoothie/text/ttml"
)

// The kinds of marks a sparse stream carries (CueEvent.Kind).
const (
	markChapter = smooth.SparseChapter
	markSCTE35  = smooth.SparseSCTE35
	markData    = smooth.SparseData
)

// maxMarkText bounds the text a mark keeps of its payload (runes).
const maxMarkText = 200

// decodeMark reads one sparse sample of a stream of kind (markChapter, markSCTE35
// or markData): the kind of mark it makes and its text. A SCTE-35 stream's sample
// is a splice_info_section (bare or wrapped, text/scte35.DecodeSample), shown as
// its splice command and times; a data sample that holds one is a SCTE-35 mark
// too. A chapter's sample is its title (a TTML document's text, or plain text);
// other data is shown as text when it is printable, else by its size and first
// bytes. An empty sample, or a SCTE-35 stream's sample that does not decode, is
// an error.
func decodeMark(kind string, b []byte) (string, string, error) {
	if len(bytes.TrimSpace(b)) == 0 {
		return "", "", fmt.Errorf("empty %s sample", kind)
	}
	switch kind {
	case markSCTE35:
		si, err := scte35.DecodeSample(b)
		if err != nil {
			return "", "", err
		}
		return markSCTE35, si.String(), nil
	case markChapter:
		return markChapter, sampleText(b), nil
	}
	if b[0] == scte35.TableID || bytes.IndexByte(b[:min(len(b), 64)], scte35.TableID) >= 0 {
		if si, err := scte35.DecodeSample(b); err == nil {
			return markSCTE35, si.String(), nil
		}
	}
	return markData, sampleText(b), nil
}

// sampleText is a sample as one line of text: a TTML document's cues, printable
// UTF-8 with its white space folded, else "N bytes: 0a0b…".
func sampleText(b []byte) string {
	if t := bytes.TrimSpace(b); bytes.HasPrefix(t, []byte("<")) && bytes.Contains(t, []byte("<tt")) {
		if cues, err := ttml.Parse(t, ttml.Options{Relative: true}); err == nil && len(cues) > 0 {
			var parts []string
			for _, c := range cues {
				parts = append(parts, c.Text())
			}
			return clip(strings.Join(strings.Fields(strings.Join(parts, " ")), " "))
		}
	}
	if utf8.Valid(b) && printableText(b) {
		return clip(strings.Join(strings.Fields(string(b)), " "))
	}
	n := min(len(b), 16)
	return fmt.Sprintf("%d bytes: %x…", len(b), b[:n])
}

func printableText(b []byte) bool {
	for _, r := range string(b) {
		if !unicode.IsPrint(r) && !unicode.IsSpace(r) {
			return false
		}
	}
	return true
}

// clip cuts s to maxMarkText runes.
func clip(s string) string {
	if utf8.RuneCountInString(s) <= maxMarkText {
		return s
	}
	r := []rune(s)
	return string(r[:maxMarkText]) + "…"
}
