package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDecryptPIFFVectors: `smoothie decrypt` on mp4ff's PIFF vectors (an AAC segment
// with its init; a 'piff' scheme WMA file) writes their decrypted references byte for
// byte; a missing key and a bad key spec are one line naming the KID, never the key.
func TestDecryptPIFFVectors(t *testing.T) {
	dir := "../../drm/testdata/"
	out := t.TempDir()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"piff senc aac", []string{"--key", "21b82dc2ebb24d5aa9f8631f04726650:602a9289bfb9b1995b75ac63f123fc86", "--init", dir + "mp4ff__PIFF_audio_init.mp4", dir + "mp4ff__PIFF_audio_segment-1.0001.m4s"}, "mp4ff__PIFF_audio_segment-1.0001_dec.m4s"},
		{"piff scheme wma", []string{"--key", "c5c971897e674646949e0cd4dd92cbd7:0b17cd8bfc86557341c77bbc6e4fe9a3", dir + "mp4ff__PIFF_wma_piff_scheme_audio.mp4"}, "mp4ff__PIFF_wma_piff_scheme_audio_dec.mp4"},
	}
	for _, tc := range tests {
		o := filepath.Join(out, tc.want)
		var stdout, stderr bytes.Buffer
		if code := run(append(append([]string{"decrypt"}, tc.args...), o), &stdout, &stderr); code != exitOK {
			t.Fatalf("%s: exit %d: %s", tc.name, code, stderr.String())
		}
		got, _ := os.ReadFile(o)
		want, _ := os.ReadFile(dir + tc.want)
		if !bytes.Equal(got, want) {
			t.Errorf("%s: %d bytes, not the %d of the reference", tc.name, len(got), len(want))
		}
	}
	const key = "0b17cd8bfc86557341c77bbc6e4fe9a3"
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--key", "11c971897e674646949e0cd4dd92cbd7:" + key, dir + "mp4ff__PIFF_wma_piff_scheme_audio.mp4", filepath.Join(out, "x")}, exitFailure, "no key for KID c5c971897e674646949e0cd4dd92cbd7"},
		{[]string{"--key", "c5c971897e674646949e0cd4dd92cbd7:" + key + "0", "a", "b"}, exitUsage, "want 32 hex digits"},
		{[]string{"--key", "c5c971897e674646949e0cd4dd92cbd7:" + key, dir + "mp4ff__PIFF_audio_segment-1.0001.m4s", filepath.Join(out, "x")}, exitFailure, "--init"},
		{[]string{"a", "b"}, exitUsage, "no key"},
	} {
		var stdout, stderr bytes.Buffer
		code := run(append([]string{"decrypt"}, tc.args...), &stdout, &stderr)
		msg := stderr.String()
		if code != tc.code || !strings.Contains(msg, tc.want) || strings.Count(msg, "\n") != 1 || strings.Contains(msg, key) {
			t.Errorf("%v: exit %d %q, want %d %q", tc.args, code, msg, tc.code, tc.want)
		}
	}
}
