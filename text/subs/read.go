package subs

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/smoothie-player/smoothie/text/ttml"
)

// Format is a subtitle file format.
type Format string

// Formats.
const (
	SRT  Format = "srt"
	VTT  Format = "vtt"
	TTML Format = "ttml"
)

// Detect picks the format from the file name's extension (.srt; .vtt, .webvtt;
// .ttml, .xml, .dfxp) and, failing that, from the content: a WEBVTT header, an
// XML document, else SubRip.
func Detect(name string, b []byte) Format {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".srt":
		return SRT
	case ".vtt", ".webvtt":
		return VTT
	case ".ttml", ".xml", ".dfxp", ".ttml2":
		return TTML
	}
	head := bytes.TrimLeft(bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF")), " \t\r\n")
	switch {
	case bytes.HasPrefix(head, []byte("WEBVTT")):
		return VTT
	case bytes.HasPrefix(head, []byte("<")):
		return TTML
	}
	return SRT
}

// Parse reads subtitles in the format Detect picks for name and b. TTML times
// are taken as presentation times. Errors name the file.
func Parse(name string, b []byte) ([]ttml.Cue, error) {
	src := name
	if src == "" {
		src = "input"
	}
	switch Detect(name, b) {
	case VTT:
		return parseVTT(b, src)
	case TTML:
		cues, err := ttml.Parse(b, ttml.Options{})
		if err != nil {
			return nil, fmt.Errorf("%s: %w", src, err)
		}
		return cues, nil
	}
	return parseSRT(b, src)
}

// ReadFile reads a subtitle file (see Parse), refusing one over MaxInput.
func ReadFile(path string) ([]ttml.Cue, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxInput+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(b) > MaxInput {
		return nil, &Error{Source: path, Err: fmt.Errorf("%w (limit %d bytes)", ErrTooLarge, MaxInput)}
	}
	return Parse(path, b)
}
