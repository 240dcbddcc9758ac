package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// demoISM is the bundled demo: 20 s in 2 s fragments, five video levels.
const demoISM = "../../testdata/demo/demo.ism"

// TestPresentationVideo: the bundled demo read as a simulator video has its
// five levels in order, ten 2 s chunks, and every fragment the size of its
// moof+mdat: near its level's bitrate × 2 s (the packer encodes at constant
// bitrate), the whole table within each file's size.
func TestPresentationVideo(t *testing.T) {
	v, err := loadPresentationVideo(demoISM)
	if err != nil {
		t.Fatal(err)
	}
	want := []int{300_000, 600_000, 1_000_000, 1_600_000, 2_500_000}
	if len(v.Ladder) != len(want) {
		t.Fatalf("ladder %v, want bitrates %v", v.Ladder, want)
	}
	for i, b := range want {
		if v.Ladder[i].Bitrate != b {
			t.Fatalf("level %d at %d bit/s, want %d", i, v.Ladder[i].Bitrate, b)
		}
	}
	if v.Ladder[4].Width != 1280 || v.Ladder[4].Height != 720 {
		t.Errorf("top level %dx%d, want 1280x720 (from the moov)", v.Ladder[4].Width, v.Ladder[4].Height)
	}
	if v.Chunk != 2*time.Second || len(v.Sizes) != 10 {
		t.Fatalf("%d chunks of %v, want 10 of 2s", len(v.Sizes), v.Chunk)
	}
	files := []string{"demo_320x180_300k.ismv", "demo_480x270_600k.ismv", "demo_640x360_1000k.ismv", "demo_960x540_1600k.ismv", "demo_1280x720_2500k.ismv"}
	for q, name := range files {
		st, err := os.Stat(filepath.Join(filepath.Dir(demoISM), name))
		if err != nil {
			t.Fatal(err)
		}
		var total int64
		for k, row := range v.Sizes {
			nominal := float64(want[q]) / 8 * 2
			if r := float64(row[q]) / nominal; r < 0.7 || r > 1.3 {
				t.Errorf("chunk %d level %d: %d bytes, %.2f× bitrate × 2 s", k, q, row[q], r)
			}
			total += row[q]
		}
		if total >= st.Size() || total < st.Size()*9/10 {
			t.Errorf("level %d: fragments add up to %d bytes of a %d-byte file", q, total, st.Size())
		}
	}
}

// TestSimVideoPresentation runs `sim --video FILE.ism`: one chunk per fragment,
// and a path that is no presentation fails naming it.
func TestSimVideoPresentation(t *testing.T) {
	traces := writeTraces(t, map[string]string{"a.log": steady("1.5")})
	var out, errb bytes.Buffer
	if code := run([]string{"sim", "--traces", traces, "--video", demoISM, "--policies", "smoothie,bola"}, &out, &errb); code != exitOK {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "chunks 1..9") {
		t.Errorf("want chunks 1..9 of the demo's 10 fragments:\n%s", out.String())
	}
	out.Reset()
	if code := run([]string{"sim", "--traces", traces, "--video", demoISM, "--policies", "throughput", "--json"}, &out, &errb); code != exitOK {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var doc simJSON
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	// 1.5 Mbit/s holds the 1 Mbit/s level; the 1.6 Mbit/s level needs more.
	if p := doc.Policies[0]; p.AvgKbps < 600 || p.AvgKbps > 1600 || p.RebufferRatio > 0.05 {
		t.Errorf("throughput on a steady 1.5 Mbit/s link: %+v", p)
	}
	missing := filepath.Join(t.TempDir(), "none.ism")
	errb.Reset()
	if code := run([]string{"sim", "--traces", traces, "--video", missing}, &out, &errb); code != exitFailure || !strings.Contains(errb.String(), "none.ism") {
		t.Errorf("missing presentation: exit %d, stderr %q", code, errb.String())
	}
	audioOnly := filepath.Join(t.TempDir(), "a.ism")
	os.WriteFile(audioOnly, []byte(`<smil><body><switch><audio src="a.isma" systemBitrate="128000"/></switch></body></smil>`), 0o644)
	errb.Reset()
	if code := run([]string{"sim", "--traces", traces, "--video", audioOnly}, &out, &errb); code != exitFailure || !strings.Contains(errb.String(), "no video track") {
		t.Errorf("audio-only presentation: exit %d, stderr %q", code, errb.String())
	}
}
