package pack

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/smoothie-player/smoothie/drm"
	"github.com/smoothie-player/smoothie/smooth"
)

// TestProtectRepackage: `pack --encrypt IN.ism OUTDIR` on the demo: every media file
// encrypted and decrypting back with the drawn key from keys.json (0600), the .ismc's
// PlayReady header naming that key and the licence URL, the .ism unchanged.
func TestProtectRepackage(t *testing.T) {
	out := filepath.Join(t.TempDir(), "enc")
	enc := &Encryption{Scheme: drm.SchemeCBCS}
	res, err := Protect(context.Background(), "../../testdata/demo/demo.ism", out, enc, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Files) != 6 {
		t.Fatalf("files %v", res.Files)
	}
	st, err := os.Stat(filepath.Join(out, drm.KeyFileName))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("keys.json: %v %v", st, err)
	}
	keys, err := drm.ReadKeyFile(filepath.Join(out, drm.KeyFileName))
	if err != nil || len(keys) != 1 {
		t.Fatal(keys, err)
	}
	b, _ := os.ReadFile(filepath.Join(out, "demo.ismc"))
	m, err := smooth.ParseManifestBytes(b, "demo.ismc")
	if err != nil || len(m.Protection) != 1 {
		t.Fatalf("manifest protection: %v", err)
	}
	h, err := smooth.ParsePlayReadyObject(m.Protection[0].Data)
	if err != nil || h.KIDHex()[0] != keys[0].ID.String() || h.LAURL != DefaultLAURL || h.Algorithm != "AESCBC" {
		t.Fatalf("PlayReady header %+v %v", h, err)
	}
	a, _ := os.ReadFile("../../testdata/demo/demo.ism")
	if c, _ := os.ReadFile(filepath.Join(out, "demo.ism")); !bytes.Equal(a, c) {
		t.Error(".ism changed")
	}
	for _, f := range []string{"demo_320x180_300k.ismv", "demo_audio_128k.isma"} {
		clear, _ := os.ReadFile("../../testdata/demo/" + f)
		encd, _ := os.ReadFile(filepath.Join(out, f))
		if bytes.Equal(clear, encd) {
			t.Fatalf("%s not encrypted", f)
		}
		var back bytes.Buffer
		if err := drm.DecryptFile(nil, encd, keys, &back); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if len(back.Bytes()) != len(clear) {
			t.Errorf("%s: %d bytes decrypted, %d clear", f, back.Len(), len(clear))
		}
	}
	// Protecting a protected presentation is refused.
	if _, err := Protect(context.Background(), filepath.Join(out, "demo.ism"), filepath.Join(t.TempDir(), "again"), &Encryption{}, false); err == nil {
		t.Error("protected twice")
	}
}
