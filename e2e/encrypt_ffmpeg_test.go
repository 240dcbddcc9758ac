package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const (
	encKID = "0123456789abcdef0123456789abcdef"
	encKey = "00112233445566778899aabbccddeeff"
)

// framemd5 is FFmpeg's decode of file as -f framemd5 lines (stream, dts, pts,
// duration, size, hash per frame), without the header comments. FFmpeg 5.1 needs
// -fflags +ignidx to read our fragmented files (it would trust the empty sample table).
func framemd5(t *testing.T, file string, extra ...string) (string, error) {
	t.Helper()
	args := append([]string{"-nostdin", "-v", "error", "-fflags", "+ignidx"}, extra...)
	args = append(args, "-i", file, "-f", "framemd5", "-")
	var out, errb bytes.Buffer
	cmd := exec.Command("ffmpeg", args...)
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var lines []string
	for _, l := range strings.Split(out.String(), "\n") {
		if l != "" && !strings.HasPrefix(l, "#") {
			lines = append(lines, l)
		}
	}
	if err != nil {
		return strings.Join(lines, "\n"), fmt.Errorf("%v: %s", err, strings.TrimSpace(errb.String()))
	}
	return strings.Join(lines, "\n"), nil
}

// TestEncryptFFmpegPeer: FFmpeg, given the key with -decryption_key, decodes what
// `pack --encrypt` writes to the same frames (sizes and hashes) as the clear input,
// video and audio, for 'cenc' and 'cbcs': re-packaging the demo, and while encoding
// (there against our own `smoothie decrypt` of the output). Without the right key the
// frames differ. The origin serving the output answers 404 for keys.json.
func TestEncryptFFmpegPeer(t *testing.T) {
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		t.Fatal("ffmpeg not installed: run make deps")
	}
	demo := "../testdata/demo"
	files := []string{"demo_320x180_300k.ismv", "demo_audio_128k.isma"}
	for _, scheme := range []string{"cenc", "cbcs"} {
		out := filepath.Join(t.TempDir(), "enc")
		runOK(t, smoothie, "pack", "--encrypt", "--scheme", scheme, "--key", encKID+":"+encKey, filepath.Join(demo, "demo.ism"), out)
		for _, f := range files {
			want, err := framemd5(t, filepath.Join(demo, f))
			if err != nil || want == "" {
				t.Fatalf("%s clear: %v", f, err)
			}
			got, err := framemd5(t, filepath.Join(out, f), "-decryption_key", encKey)
			if err != nil {
				t.Fatalf("%s %s: ffmpeg: %v", scheme, f, err)
			}
			if got != want {
				t.Errorf("%s %s: FFmpeg's decrypted frames differ from the clear input's (%d vs %d lines)", scheme, f, strings.Count(got, "\n"), strings.Count(want, "\n"))
			}
			if wrong, _ := framemd5(t, filepath.Join(out, f), "-decryption_key", strings.Repeat("0", 32)); wrong == want {
				t.Errorf("%s %s: a wrong key decodes the same frames: not encrypted", scheme, f)
			}
			t.Logf("%s %s: %d frames identical", scheme, f, strings.Count(want, "\n")+1)
		}
	}

	// While encoding, with a drawn key: keys.json (0600) holds it; FFmpeg's decryption
	// and ours agree frame for frame.
	out := filepath.Join(t.TempDir(), "synth")
	runOK(t, smoothie, "pack", "--synthetic", "4s", "--ladder", "320x180@300k", "--encrypt", "--scheme", "cbcs", out)
	st, err := os.Stat(filepath.Join(out, "keys.json"))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("keys.json: %v %v", st, err)
	}
	var kf struct {
		Keys []struct{ KID, Key string }
	}
	b, _ := os.ReadFile(filepath.Join(out, "keys.json"))
	if err := json.Unmarshal(b, &kf); err != nil || len(kf.Keys) != 1 {
		t.Fatalf("keys.json: %v", err)
	}
	for _, f := range []string{"demo_320x180_300k.ismv", "demo_audio_128k.isma"} {
		clear := filepath.Join(t.TempDir(), f)
		runOK(t, smoothie, "decrypt", "--key-file", filepath.Join(out, "keys.json"), filepath.Join(out, f), clear)
		want, err := framemd5(t, clear)
		if err != nil || want == "" {
			t.Fatalf("%s decrypted by smoothie: %v", f, err)
		}
		got, err := framemd5(t, filepath.Join(out, f), "-decryption_key", kf.Keys[0].Key)
		if err != nil || got != want {
			t.Errorf("%s: FFmpeg's decryption differs from smoothie decrypt's (%v)", f, err)
		}
	}

	o := startServe(t, out)
	for path, want := range map[string]int{"/keys.json": 404, "/demo.ism/Manifest": 200} {
		resp, err := http.Get(o.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want || strings.Contains(string(body), kf.Keys[0].Key) {
			t.Errorf("%s: %s", path, resp.Status)
		}
		if path == "/demo.ism/Manifest" && !strings.Contains(string(body), "<ProtectionHeader SystemID=\"9a04f079-9840-4286-ab92-e65be0885f95\"") {
			t.Errorf("manifest without the PlayReady ProtectionHeader")
		}
	}
}

// runOK runs a command and fails the test with its output when it fails.
func runOK(t *testing.T, name string, args ...string) {
	t.Helper()
	if b, err := exec.Command(name, args...).CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v\n%s", filepath.Base(name), strings.Join(args, " "), err, b)
	}
}
