package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestPlayEncryptedKeyPerTrack: `pack --encrypt --key V --key A` protects video with
// one key and audio with another; each fragment's PIFF box names its KID. FFmpeg
// decodes each file with its key to the clear input's frames; smoothie plays it with
// both keys (and says which track uses which KID), refuses it in one line naming the
// missing KID when given one, and, given none, asks the licence server for each KID.
// The stats-json summary says which KID each track uses, and holds no key.
func TestPlayEncryptedKeyPerTrack(t *testing.T) {
	const audioKID, audioKey = "fedcba9876543210fedcba9876543210", "ffeeddccbbaa99887766554433221100"
	dir := t.TempDir()
	out := filepath.Join(dir, "enc")
	runOK(t, smoothie, "pack", "--encrypt", "--key", encKID+":"+encKey, "--key", audioKID+":"+audioKey, "../testdata/demo/demo.ism", out)
	for _, f := range []struct{ file, key string }{{"demo_320x180_300k.ismv", encKey}, {"demo_audio_128k.isma", audioKey}} {
		want, err := framemd5(t, filepath.Join("../testdata/demo", f.file))
		if err != nil {
			t.Fatal(err)
		}
		if got, err := framemd5(t, filepath.Join(out, f.file), "-decryption_key", f.key); err != nil || got != want {
			t.Errorf("%s: FFmpeg with its key: %v; frames identical: %v", f.file, err, got == want)
		}
	}

	decoded := regexp.MustCompile(`(\d+) frames decoded.*, (\d+) errors`)
	ism := filepath.Join(out, "demo.ism")
	statsJSON := filepath.Join(dir, "stats.jsonl")
	b, code := playFor4s("--key", encKID+":"+encKey, "--key", audioKID+":"+audioKey, "--stats-json", statsJSON, ism)
	m := decoded.FindStringSubmatch(b)
	desc := "encrypted (cenc, video KID " + encKID + ", audio KID " + audioKID + ")"
	if code != 0 || m == nil || m[1] == "0" || m[2] != "0" || !strings.Contains(b, desc) {
		t.Fatalf("with both keys: exit %d\n%s", code, b)
	}
	js, err := os.ReadFile(statsJSON)
	if err != nil || !strings.Contains(string(js), `"protection":"`+desc+`"`) || strings.Contains(string(js), encKey) || strings.Contains(string(js), audioKey) {
		t.Errorf("stats-json: %v; want the summary's protection %q and no key:\n%.300s", err, desc, js)
	}
	t.Logf("with both keys: %s frames decoded, %s errors", m[1], m[2])

	b, code = playFor4s("--key", encKID+":"+encKey, ism)
	lines := strings.Split(strings.TrimSpace(b), "\n")
	if last := lines[len(lines)-1]; code != 1 || !strings.Contains(last, "KID "+audioKID) || !strings.Contains(last, "give the key") || strings.Contains(b, encKey) {
		t.Errorf("with the video key only: exit %d, last line %q", code, last)
	}

	keys := filepath.Join(dir, "keys.json")
	if err := os.WriteFile(keys, []byte(`{"keys":[{"kid":"`+encKID+`","key":"`+encKey+`"},{"kid":"`+audioKID+`","key":"`+audioKey+`"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	o := startServe(t, "--keys", keys, "--license-token", "tok", out)
	b, code = playFor4s("--license-header", "Authorization: Bearer tok", o.URL+"/demo.ism/Manifest")
	if m := decoded.FindStringSubmatch(b); code != 0 || m == nil || m[1] == "0" || m[2] != "0" {
		t.Fatalf("through the licence server: exit %d\n%s", code, b)
	}
	if n := strings.Count(o.Stderr.String(), "POST /license - "); n != 2 {
		t.Errorf("%d licence requests in the access log, want one per KID (2):\n%s", n, o.Stderr.String())
	}
}
