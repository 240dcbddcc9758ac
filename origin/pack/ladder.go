package pack

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/smoothie-player/smoothie/decode/encode"
)

// DefaultLadder is the default video ladder: six levels from 320x180 at 300 kbit/s
// to 1920x1080 at 4.5 Mbit/s.
func DefaultLadder() []encode.Level {
	return []encode.Level{
		{Width: 320, Height: 180, Bitrate: 300_000},
		{Width: 480, Height: 270, Bitrate: 600_000},
		{Width: 640, Height: 360, Bitrate: 1_000_000},
		{Width: 960, Height: 540, Bitrate: 1_600_000},
		{Width: 1280, Height: 720, Bitrate: 2_500_000},
		{Width: 1920, Height: 1080, Bitrate: 4_500_000},
	}
}

// ParseLadder reads "1280x720@2500k,640x360@1M,..." (bitrates in bits/s with an
// optional k or M suffix) and returns the levels sorted by bitrate, lowest first.
func ParseLadder(s string) ([]encode.Level, error) {
	var levels []encode.Level
	for _, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		size, rate, ok := strings.Cut(item, "@")
		if !ok {
			return nil, fmt.Errorf("ladder %q: want WIDTHxHEIGHT@BITRATE", item)
		}
		ws, hs, ok := strings.Cut(strings.ToLower(size), "x")
		if !ok {
			return nil, fmt.Errorf("ladder %q: size %q is not WIDTHxHEIGHT", item, size)
		}
		w, err1 := strconv.Atoi(ws)
		h, err2 := strconv.Atoi(hs)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("ladder %q: size %q is not WIDTHxHEIGHT", item, size)
		}
		b, err := ParseBitrate(rate)
		if err != nil {
			return nil, fmt.Errorf("ladder %q: %w", item, err)
		}
		levels = append(levels, encode.Level{Width: w, Height: h, Bitrate: b})
	}
	if len(levels) == 0 {
		return nil, fmt.Errorf("ladder %q: no levels", s)
	}
	sort.SliceStable(levels, func(i, j int) bool { return levels[i].Bitrate < levels[j].Bitrate })
	return levels, nil
}

// ParseBitrate reads "300k", "2.5M", "128000" as bits per second.
func ParseBitrate(s string) (int64, error) {
	mult := 1.0
	num := strings.TrimSpace(s)
	switch {
	case strings.HasSuffix(num, "k"), strings.HasSuffix(num, "K"):
		mult, num = 1e3, num[:len(num)-1]
	case strings.HasSuffix(num, "M"), strings.HasSuffix(num, "m"):
		mult, num = 1e6, num[:len(num)-1]
	}
	v, err := strconv.ParseFloat(num, 64)
	if err != nil || !(v > 0) || v*mult > 1e12 { // also rejects NaN and infinities
		return 0, fmt.Errorf("bitrate %q: want a positive number with an optional k or M", s)
	}
	return int64(v*mult + 0.5), nil
}
