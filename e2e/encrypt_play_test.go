package e2e

import (
	"bytes"
	"encoding/base64"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestPlayEncrypted: smoothie plays the demo re-packaged with pack --encrypt, cenc
// (AES-CTR) and cbcs (AES-CBC: the IVs per sample in the fragments' PIFF boxes) given
// its key: frames decoded, none damaged, no errors; without a key, and with a wrong
// key (told by the header's checksum, or without one by the pictures it decrypts
// decoding damaged; audio only, by the audio frames the decoder refuses), it stops
// with one line naming the KID (never the key) and exit 1. Under a manifest stripped of
// its ProtectionHeader the fragments tell that they are encrypted: it plays with the
// key and says to give one without.
func TestPlayEncrypted(t *testing.T) {
	for _, scheme := range []string{"cenc", "cbcs"} {
		out := filepath.Join(t.TempDir(), "enc")
		runOK(t, smoothie, "pack", "--encrypt", "--scheme", scheme, "--key", encKID+":"+encKey, "../testdata/demo/demo.ism", out)
		ism := filepath.Join(out, "demo.ism")
		play := func(args ...string) (string, int) {
			if ism != "" {
				args = append(args[:len(args):len(args)], ism)
			}
			return playFor4s(args...)
		}
		b, code := play("--key", encKID+":"+encKey)
		m := regexp.MustCompile(`(\d+) frames decoded.*, (\d+) errors`).FindStringSubmatch(b)
		if code != 0 || m == nil || m[1] == "0" || m[2] != "0" || strings.Contains(b, "damaged") || !strings.Contains(b, "encrypted ("+scheme+", KID "+encKID+")") {
			t.Fatalf("%s, with the key: exit %d\n%s", scheme, code, b)
		}
		t.Logf("%s, with the key: %s frames decoded, %s errors", scheme, m[1], m[2])
		for _, tc := range []struct {
			name string
			args []string
			want string
		}{
			{"no key", nil, "give the key with --key"},
			{"wrong key", []string{"--key", encKID + ":" + strings.Repeat("0", 32)}, "wrong key for KID " + encKID},
			// A header without a CHECKSUM cannot tell the wrong key: the first
			// pictures decrypted with it decode damaged, and say so.
			{"wrong key, no checksum", []string{"--key", encKID + ":" + strings.Repeat("0", 32), "nochecksum"}, "decrypted pictures decode damaged"},
			// Without pictures, the audio frames the decoder refuses tell it.
			{"wrong key, no checksum, audio only", []string{"--key", encKID + ":" + strings.Repeat("0", 32), "nochecksum-audio"}, "of the first 12 decrypted audio frames fail to decode"},
			{"the key, no checksum, audio only", []string{"--key", encKID + ":" + encKey, "nochecksum-audio"}, ""},
			// A manifest without a ProtectionHeader over encrypted fragments: the
			// fragments say they are encrypted (AES-CTR is taken: cenc only).
			{"the key, no ProtectionHeader", []string{"--key", encKID + ":" + encKey, "noheader"}, ""},
			{"no key, no ProtectionHeader", []string{"noheader"}, "the manifest has no ProtectionHeader to ask a licence server: give the key with --key"},
		} {
			n := len(tc.args)
			if n > 0 && tc.args[n-1] == "noheader" && scheme != "cenc" {
				continue
			}
			if n > 0 && (strings.HasPrefix(tc.args[n-1], "nochecksum") || tc.args[n-1] == "noheader") {
				copied := withoutChecksum(t, out)
				switch tc.args[n-1] {
				case "nochecksum-audio":
					audioOnly(t, copied)
				case "noheader":
					editManifest(t, copied, `(?s)<Protection>.*?</Protection>`)
				}
				tc.args = append(tc.args[:n-1:n-1], copied)
				ism = ""
			}
			b, code := play(tc.args...)
			lines := strings.Split(strings.TrimSpace(b), "\n")
			last := lines[len(lines)-1]
			if tc.want == "" { // plays
				if m := regexp.MustCompile(`played (\d+\.\d+)s .*, 0 errors$`).FindStringSubmatch(last); code != 0 || m == nil || m[1] < "3.9" {
					t.Errorf("%s, %s: exit %d, last line %q, want 4 s played without errors", scheme, tc.name, code, last)
				}
				continue
			}
			if code != 1 || !strings.HasPrefix(last, "smoothie play: ") || !strings.Contains(last, tc.want) || strings.Contains(b, encKey) {
				t.Errorf("%s, %s: exit %d, last line %q, want %q", scheme, tc.name, code, last, tc.want)
			}
		}
	}
}

// playFor4s runs `smoothie play --headless --for 4s ARGS` and returns its output and
// exit status.
func playFor4s(args ...string) (string, int) {
	cmd := exec.Command(smoothie, append([]string{"play", "--headless", "--for", "4s"}, args...)...)
	b, _ := cmd.CombinedOutput()
	return string(b), cmd.ProcessState.ExitCode()
}

// withoutChecksum copies the packed presentation in dir with its PlayReady header's
// CHECKSUM renamed (same length, so no offset moves) in the files' pssh and in the
// .ismc's ProtectionHeader, and returns the copy's .ism: a header whose KID no
// checksum guards, as many in the field have.
func withoutChecksum(t *testing.T, dir string) string {
	t.Helper()
	from, to := utf16le("CHECKSUM"), utf16le("CHECKSUX")
	out := t.TempDir()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		b = bytes.ReplaceAll(b, from, to)
		if strings.HasSuffix(e.Name(), ".ismc") {
			re := regexp.MustCompile(`(<ProtectionHeader[^>]*>)([^<]+)(<)`)
			b = re.ReplaceAllFunc(b, func(m []byte) []byte {
				p := re.FindSubmatch(m)
				raw, err := base64.StdEncoding.DecodeString(string(p[2]))
				if err != nil {
					t.Fatal(err)
				}
				return []byte(string(p[1]) + base64.StdEncoding.EncodeToString(bytes.ReplaceAll(raw, from, to)) + string(p[3]))
			})
		}
		if err := os.WriteFile(filepath.Join(out, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(out, "demo.ism")
}

// audioOnly drops the video streams from the client manifest of the presentation
// whose .ism is ism.
func audioOnly(t *testing.T, ism string) {
	t.Helper()
	editManifest(t, ism, `(?s)<StreamIndex[^>]*Type="video".*?</StreamIndex>`)
}

// editManifest removes what the expression re matches from the client manifest of
// the presentation whose .ism is ism (it must match).
func editManifest(t *testing.T, ism, re string) {
	t.Helper()
	ismc := strings.TrimSuffix(ism, ".ism") + ".ismc"
	b, err := os.ReadFile(ismc)
	if err != nil {
		t.Fatal(err)
	}
	x := regexp.MustCompile(re)
	if !x.Match(b) {
		t.Fatalf("%s: nothing matches %s", ismc, re)
	}
	if err := os.WriteFile(ismc, x.ReplaceAll(b, nil), 0o644); err != nil {
		t.Fatal(err)
	}
}

func utf16le(s string) []byte {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r), 0)
	}
	return b
}
