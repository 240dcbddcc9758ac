package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/smoothie-player/smoothie/drm"
)

// TestInspectEncryption: inspect shows each fragment's encryption — scheme, KID, IV
// size, subsample count — for our cenc video, our cbcs audio (no senc: a constant IV)
// and mp4ff's 'piff' scheme vector.
func TestInspectEncryption(t *testing.T) {
	k, _ := drm.ParseKey("0123456789abcdef0123456789abcdef:00112233445566778899aabbccddeeff")
	dir := t.TempDir()
	protect := func(src, scheme string) string {
		b, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		if err := drm.ProtectFile(b, &out, drm.ProtectOptions{Key: k, Scheme: scheme}); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, scheme+filepath.Ext(src))
		if err := os.WriteFile(p, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		file                      string
		scheme, box, kid          string
		ivSize, subsamplesAtLeast int
	}{
		{protect("../../testdata/demo/demo_320x180_300k.ismv", "cenc"), "cenc", "cenc", k.ID.String(), 8, 1},
		{protect("../../testdata/demo/demo_audio_128k.isma", "cbcs"), "cbcs", "piff", k.ID.String(), 16, 0},
		{"../../drm/testdata/mp4ff__PIFF_wma_piff_scheme_audio.mp4", "piff", "piff", "c5c971897e674646949e0cd4dd92cbd7", 8, 0},
	}
	for _, tc := range tests {
		var stdout, stderr bytes.Buffer
		if code := run([]string{"inspect", "--json", tc.file}, &stdout, &stderr); code != exitOK {
			t.Fatalf("%s: exit %d %s", tc.file, code, stderr.String())
		}
		var r struct {
			Fragments []struct {
				Encryption, Scheme, KID string
				IVSize                  int `json:"iv_size"`
				Subsamples              int
			}
		}
		if err := json.Unmarshal(stdout.Bytes(), &r); err != nil || len(r.Fragments) == 0 {
			t.Fatalf("%s: %v", tc.file, err)
		}
		f := r.Fragments[0]
		if f.Scheme != tc.scheme || f.Encryption != tc.box || f.KID != tc.kid || f.IVSize != tc.ivSize || f.Subsamples < tc.subsamplesAtLeast {
			t.Errorf("%s: %+v", filepath.Base(tc.file), f)
		}
	}
}
