package player

import "testing"

func TestParseQuality(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Quality
		ok   bool
	}{
		{"auto", Quality{}, true}, {"", Quality{}, true}, {"2", Quality{Level: 2}, true},
		{"300k", Quality{Bitrate: 300_000}, true}, {"2.5M", Quality{Bitrate: 2_500_000}, true},
		{"800000bps", Quality{Bitrate: 800_000}, true},
		{"0", Quality{}, false}, {"fast", Quality{}, false}, {"NaNM", Quality{}, false}, {"infk", Quality{}, false}, {"+Infbps", Quality{}, false}, {"-3k", Quality{}, false}, {"300000", Quality{Level: 300000}, true},
	} {
		got, err := ParseQuality(tc.in)
		if (err == nil) != tc.ok || (tc.ok && got != tc.want) {
			t.Errorf("ParseQuality(%q) = %+v, %v", tc.in, got, err)
		}
	}
	lv := []Level{{Bitrate: 100_000}, {Bitrate: 300_000}, {Bitrate: 800_000}}
	for q, want := range map[Quality]int{{}: -1, {Level: 2}: 1, {Level: 9}: 2, {Bitrate: 500_000}: 1, {Bitrate: 50_000}: 0} {
		if got := q.resolve(lv); got != want {
			t.Errorf("%v resolves to %d, want %d", q, got, want)
		}
	}
}

func TestFormatBitrateParsesBack(t *testing.T) {
	for bps, want := range map[int64]string{2_500_000: "2.5M", 800_000: "800k", 900: "900", 1_000_000: "1.0M"} {
		got := FormatBitrate(bps)
		if got != want {
			t.Errorf("FormatBitrate(%d) = %q, want %q", bps, got, want)
		}
		if bps >= 1000 {
			if q, err := ParseQuality(got); err != nil || q.Bitrate != bps {
				t.Errorf("ParseQuality(%q) = %+v %v", got, q, err)
			}
		}
	}
}
