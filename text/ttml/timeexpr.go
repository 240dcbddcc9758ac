package ttml

import (
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"
)

// maxTime bounds every time in a document (100,000 hours) so that sums of nested
// offsets cannot overflow.
const maxTime = 100000 * time.Hour

// timing holds the ttp parameters that time expressions depend on.
type timing struct {
	frameRate    *big.Rat // effective frames per second
	subFrameRate *big.Rat
	tickRate     *big.Rat
}

func defaultTiming() timing {
	return timing{frameRate: big.NewRat(30, 1), subFrameRate: big.NewRat(1, 1), tickRate: big.NewRat(1, 1)}
}

// readTiming reads ttp:frameRate, ttp:frameRateMultiplier, ttp:subFrameRate and
// ttp:tickRate from the root element.
func readTiming(root *node) (timing, error) {
	t := defaultTiming()
	fr, hasFR := root.param("frameRate")
	if hasFR {
		n, err := strconv.ParseUint(strings.TrimSpace(fr), 10, 32)
		if err != nil || n == 0 {
			return t, errAt(root.line, "ttp:frameRate %q: not a positive integer", fr)
		}
		t.frameRate = new(big.Rat).SetInt64(int64(n))
	}
	if m, ok := root.param("frameRateMultiplier"); ok {
		f := strings.Fields(m)
		var num, den uint64
		var err1, err2 error
		if len(f) == 2 {
			num, err1 = strconv.ParseUint(f[0], 10, 32)
			den, err2 = strconv.ParseUint(f[1], 10, 32)
		}
		if len(f) != 2 || err1 != nil || err2 != nil || num == 0 || den == 0 {
			return t, errAt(root.line, "ttp:frameRateMultiplier %q: not two positive integers", m)
		}
		t.frameRate.Mul(t.frameRate, big.NewRat(int64(num), int64(den)))
	}
	if s, ok := root.param("subFrameRate"); ok {
		n, err := strconv.ParseUint(strings.TrimSpace(s), 10, 32)
		if err != nil || n == 0 {
			return t, errAt(root.line, "ttp:subFrameRate %q: not a positive integer", s)
		}
		t.subFrameRate = new(big.Rat).SetInt64(int64(n))
	}
	if s, ok := root.param("tickRate"); ok {
		n, err := strconv.ParseUint(strings.TrimSpace(s), 10, 32)
		if err != nil || n == 0 {
			return t, errAt(root.line, "ttp:tickRate %q: not a positive integer", s)
		}
		t.tickRate = new(big.Rat).SetInt64(int64(n))
	} else if hasFR {
		// TTML1: without ttp:tickRate, ticks are subframes when a frame rate is given.
		t.tickRate = new(big.Rat).Mul(t.frameRate, t.subFrameRate)
	}
	return t, nil
}

var errNotTime = errors.New("not a time expression")

// digits parses a run of at most 18 decimal digits.
func digits(s string) (*big.Int, bool) {
	if s == "" || len(s) > 18 {
		return nil, false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return nil, false
		}
	}
	n, ok := new(big.Int).SetString(s, 10)
	return n, ok
}

// decimal parses "123" or "123.456" exactly.
func decimal(s string) (*big.Rat, bool) {
	whole, frac, hasFrac := strings.Cut(s, ".")
	w, ok := digits(whole)
	if !ok {
		return nil, false
	}
	r := new(big.Rat).SetInt(w)
	if hasFrac {
		f, ok := digits(frac)
		if !ok {
			return nil, false
		}
		den := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(len(frac))), nil)
		r.Add(r, new(big.Rat).SetFrac(f, den))
	}
	return r, true
}

// parseTime reads a TTML time expression: clock time (HH:MM:SS, HH:MM:SS.fff,
// HH:MM:SS:FF, HH:MM:SS:FF.ss) or offset time (1.5s, 500ms, 2m, 1h, 30f, 100t).
func (tm timing) parseTime(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	var secs *big.Rat
	if strings.Contains(s, ":") {
		parts := strings.Split(s, ":")
		if len(parts) != 3 && len(parts) != 4 {
			return 0, errNotTime
		}
		h, ok1 := digits(parts[0])
		m, ok2 := digits(parts[1])
		if !ok1 || !ok2 || len(parts[0]) < 2 || len(parts[1]) != 2 || m.Int64() > 59 {
			return 0, errNotTime
		}
		secPart := parts[2]
		if len(parts) == 4 && strings.Contains(secPart, ".") {
			return 0, errNotTime
		}
		sec, ok := decimal(secPart)
		if !ok || len(strings.SplitN(secPart, ".", 2)[0]) != 2 || sec.Cmp(big.NewRat(61, 1)) >= 0 {
			return 0, errNotTime
		}
		secs = new(big.Rat).SetInt(new(big.Int).Add(new(big.Int).Mul(h, big.NewInt(3600)), new(big.Int).Mul(m, big.NewInt(60))))
		secs.Add(secs, sec)
		if len(parts) == 4 {
			fr, sub, hasSub := strings.Cut(parts[3], ".")
			f, ok := digits(fr)
			if !ok {
				return 0, errNotTime
			}
			frames := new(big.Rat).SetInt(f)
			if hasSub {
				sf, ok := digits(sub)
				if !ok {
					return 0, errNotTime
				}
				frames.Add(frames, new(big.Rat).Quo(new(big.Rat).SetInt(sf), tm.subFrameRate))
			}
			secs.Add(secs, frames.Quo(frames, tm.frameRate))
		}
	} else {
		i := len(s)
		for i > 0 && (s[i-1] < '0' || s[i-1] > '9') {
			i--
		}
		num, ok := decimal(s[:i])
		if !ok {
			return 0, errNotTime
		}
		switch s[i:] {
		case "h":
			secs = num.Mul(num, big.NewRat(3600, 1))
		case "m":
			secs = num.Mul(num, big.NewRat(60, 1))
		case "s":
			secs = num
		case "ms":
			secs = num.Quo(num, big.NewRat(1000, 1))
		case "f":
			secs = num.Quo(num, tm.frameRate)
		case "t":
			secs = num.Quo(num, tm.tickRate)
		default:
			return 0, errNotTime
		}
	}
	ns := secs.Mul(secs, big.NewRat(int64(time.Second), 1))
	if ns.Cmp(new(big.Rat).SetInt64(int64(maxTime))) > 0 {
		return 0, fmt.Errorf("beyond %v", maxTime)
	}
	// Round to the nearest nanosecond.
	q := new(big.Int).Quo(ns.Num(), ns.Denom())
	r := new(big.Int).Sub(ns.Num(), new(big.Int).Mul(q, ns.Denom()))
	if new(big.Int).Mul(r, big.NewInt(2)).Cmp(ns.Denom()) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	return time.Duration(q.Int64()), nil
}

// formatClock writes d (non-negative) as a clock time with as many fraction
// digits as it needs: 00:00:01.5, 01:02:03.000000001.
func formatClock(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	h := d / time.Hour
	m := d % time.Hour / time.Minute
	s := d % time.Minute / time.Second
	ns := d % time.Second
	out := fmt.Sprintf("%02d:%02d:%02d", h, m, s)
	if ns != 0 {
		out += strings.TrimRight(fmt.Sprintf(".%09d", ns), "0")
	}
	return out
}
