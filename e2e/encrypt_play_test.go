package e2e

import (
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestPlayEncrypted: smoothie plays the demo re-packaged with pack --encrypt (cenc)
// given its key: frames decoded, no errors; without a key, and with a wrong key, it
// stops with one line naming the KID (never the key) and exit 1.
func TestPlayEncrypted(t *testing.T) {
	out := filepath.Join(t.TempDir(), "enc")
	runOK(t, smoothie, "pack", "--encrypt", "--key", encKID+":"+encKey, "../testdata/demo/demo.ism", out)
	ism := filepath.Join(out, "demo.ism")
	play := func(args ...string) (string, int) {
		cmd := exec.Command(smoothie, append(append([]string{"play", "--headless", "--for", "4s"}, args...), ism)...)
		b, _ := cmd.CombinedOutput()
		return string(b), cmd.ProcessState.ExitCode()
	}
	b, code := play("--key", encKID+":"+encKey)
	m := regexp.MustCompile(`(\d+) frames decoded.*, (\d+) errors`).FindStringSubmatch(b)
	if code != 0 || m == nil || m[1] == "0" || m[2] != "0" {
		t.Fatalf("with the key: exit %d\n%s", code, b)
	}
	t.Logf("with the key: %s frames decoded, %s errors", m[1], m[2])
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no key", nil, "give the key with --key"},
		{"wrong key", []string{"--key", encKID + ":" + strings.Repeat("0", 32)}, "wrong key for KID " + encKID},
	} {
		b, code := play(tc.args...)
		lines := strings.Split(strings.TrimSpace(b), "\n")
		last := lines[len(lines)-1]
		if code != 1 || !strings.HasPrefix(last, "smoothie play: ") || !strings.Contains(last, tc.want) || strings.Contains(b, encKey) {
			t.Errorf("%s: exit %d, last line %q, want %q", tc.name, code, last, tc.want)
		}
	}
}
