package player

import (
	"fmt"
	"strconv"
	"strings"
)

// Quality is a video pin: automatic (zero value), a level number (1 = lowest bitrate)
// or a bitrate (the highest level not above it).
type Quality struct {
	Level   int
	Bitrate int64
}

// Auto reports whether no pin is set.
func (q Quality) Auto() bool { return q.Level <= 0 && q.Bitrate <= 0 }

func (q Quality) String() string {
	switch {
	case q.Level > 0:
		return strconv.Itoa(q.Level)
	case q.Bitrate > 0:
		return strconv.FormatInt(q.Bitrate, 10)
	}
	return "auto"
}

// ParseQuality reads --quality: "auto", a level number "3", or a bitrate with a unit
// "300k", "2.5M", "800000bps".
func ParseQuality(s string) (Quality, error) {
	s = strings.TrimSpace(s)
	if s == "" || strings.EqualFold(s, "auto") {
		return Quality{}, nil
	}
	if n, err := strconv.Atoi(s); err == nil {
		if n < 1 {
			return Quality{}, fmt.Errorf("quality %q: levels count from 1 (lowest bitrate)", s)
		}
		return Quality{Level: n}, nil
	}
	l := strings.ToLower(s)
	l = strings.TrimSuffix(strings.TrimSuffix(l, "bps"), "b")
	mult := 1.0
	switch {
	case strings.HasSuffix(l, "k"):
		mult, l = 1e3, l[:len(l)-1]
	case strings.HasSuffix(l, "m"):
		mult, l = 1e6, l[:len(l)-1]
	case strings.HasSuffix(l, "g"):
		mult, l = 1e9, l[:len(l)-1]
	case !strings.HasSuffix(strings.ToLower(s), "bps"):
		return Quality{}, fmt.Errorf("quality %q: want auto, a level number or a bitrate with a unit (300k, 2.5M)", s)
	}
	v, err := strconv.ParseFloat(l, 64)
	if err != nil || !(v > 0) || v*mult > 1e12 { // !(v > 0): NaN too
		return Quality{}, fmt.Errorf("quality %q: want auto, a level number or a bitrate with a unit (300k, 2.5M)", s)
	}
	return Quality{Bitrate: int64(v * mult)}, nil
}

// resolve maps the pin onto a ladder sorted by bitrate: the index, or -1 for auto.
func (q Quality) resolve(levels []Level) int {
	switch {
	case len(levels) == 0:
		return -1
	case q.Level > 0:
		return min(q.Level, len(levels)) - 1
	case q.Bitrate > 0:
		best := 0
		for i, l := range levels {
			if l.Bitrate <= q.Bitrate {
				best = i
			}
		}
		return best
	}
	return -1
}

// FormatBitrate writes bits/s the way ParseQuality reads them: 2.5M, 800k, 900.
func FormatBitrate(bps int64) string {
	switch {
	case bps >= 1_000_000:
		return strconv.FormatFloat(float64(bps)/1e6, 'f', 1, 64) + "M"
	case bps >= 1000:
		return strconv.FormatInt(bps/1000, 10) + "k"
	}
	return strconv.FormatInt(bps, 10)
}
