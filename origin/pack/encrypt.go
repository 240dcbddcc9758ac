package pack

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/smoothie-player/smoothie/drm"
	"github.com/smoothie-player/smoothie/media"
	"github.com/smoothie-player/smoothie/smooth"
)

// DefaultLAURL is the licence URL written into the PlayReady header when none is
// given: relative, so a player resolves it against the manifest's URL — for
// http://host/demo/demo.ism/Manifest it is http://host/license, the origin's key
// server.
const DefaultLAURL = "/license"

// Encryption is how pack protects a presentation: every video and audio file with a
// key (Keys[0] for video, Keys[1] for audio when given, else Keys[0]), the scheme, and
// the licence URL in the PlayReady header. With no Keys, a random key is drawn and
// written to OUTDIR/keys.json (mode 0600).
type Encryption struct {
	Keys   drm.Keys
	Scheme string // drm.SchemeCENC (default) or drm.SchemeCBCS
	LAURL  string // default DefaultLAURL

	drawn bool // the key was drawn here: keys.json is written
}

// Drawn says whether the key was drawn by pack (and written to keys.json).
func (e *Encryption) Drawn() bool { return e.drawn }

// fill checks e and fills in the defaults, drawing a key when none is given (once).
func (e *Encryption) fill() error {
	if e.Scheme == "" {
		e.Scheme = drm.SchemeCENC
	}
	if e.Scheme != drm.SchemeCENC && e.Scheme != drm.SchemeCBCS {
		return fmt.Errorf("encryption scheme %q: want cenc or cbcs", e.Scheme)
	}
	if e.LAURL == "" {
		e.LAURL = DefaultLAURL
	}
	if len(e.Keys) > 2 {
		return fmt.Errorf("%d keys: give one (every track) or two (video, then audio)", len(e.Keys))
	}
	if len(e.Keys) == 0 {
		k, err := drm.RandomKey()
		if err != nil {
			return err
		}
		e.Keys, e.drawn = drm.Keys{k}, true
	}
	return nil
}

// perTrack says whether video and audio have keys of their own: then each fragment's
// PIFF box names its KID (a Smooth client has no moov to read it from).
func (e *Encryption) perTrack() bool { return len(e.Keys) == 2 && e.Keys[0].ID != e.Keys[1].ID }

func (e *Encryption) key(kind media.Kind) drm.Key {
	if kind == media.KindAudio && len(e.Keys) > 1 {
		return e.Keys[1]
	}
	return e.Keys[0]
}

// protectDir encrypts, in place, the video and audio files the server manifest ism
// (in dir) names and adds the PlayReady ProtectionHeader to its client manifest; text
// tracks stay clear. It writes keys.json when it drew the key.
func protectDir(ctx context.Context, dir, ism string, enc *Encryption) error {
	if err := enc.fill(); err != nil {
		return err
	}
	sm, err := readServerManifest(filepath.Join(dir, ism))
	if err != nil {
		return err
	}
	done := map[string]bool{}
	for _, tr := range sm.Tracks {
		if tr.Kind != media.KindVideo && tr.Kind != media.KindAudio || done[tr.Src] {
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := protectFile(filepath.Join(dir, tr.Src), enc.key(tr.Kind), enc); err != nil {
			return err
		}
		done[tr.Src] = true
	}
	if err := protectManifest(filepath.Join(dir, clientManifestName(sm, ism)), enc); err != nil {
		return err
	}
	if enc.drawn {
		return drm.WriteKeyFile(filepath.Join(dir, drm.KeyFileName), enc.Keys)
	}
	return nil
}

func protectFile(path string, k drm.Key, enc *Encryption) error {
	_, err := drm.RewriteFile(path, path, func(r io.Reader, w io.Writer) error {
		return drm.ProtectStream(r, w, drm.ProtectOptions{Key: k, Scheme: enc.Scheme, LAURL: enc.LAURL, NameKID: enc.perTrack()})
	})
	if err != nil {
		return fmt.Errorf("%s: encrypt: %w", filepath.Base(path), err)
	}
	return nil
}

// protectManifest adds the PlayReady ProtectionHeader (the PlayReady Object naming
// every key, video's first) to a client manifest.
func protectManifest(path string, enc *Encryption) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	m, err := smooth.ParseManifestBytes(b, filepath.Base(path))
	if err != nil {
		return err
	}
	if len(m.Protection) > 0 {
		return fmt.Errorf("%s: already protected (it has a ProtectionHeader)", filepath.Base(path))
	}
	keys := enc.Keys
	if !enc.perTrack() {
		keys = keys[:1]
	}
	pro, err := drm.PlayReadyObjectKeys(keys, enc.LAURL, enc.Scheme)
	if err != nil {
		return err
	}
	m.Protection = []smooth.ProtectionHeader{{SystemID: smooth.PlayReadySystemID, Data: pro, Raw: base64.StdEncoding.EncodeToString(pro)}}
	return writeFileAtomic(path, m.Marshal())
}

func readServerManifest(path string) (*smooth.ServerManifest, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return smooth.ParseServerManifest(f, filepath.Base(path))
}

// clientManifestName is the .ism's clientManifestRelativePath, else NAME.ismc.
func clientManifestName(sm *smooth.ServerManifest, ism string) string {
	if p := sm.ClientManifestPath(); p != "" {
		return p
	}
	return ism[:len(ism)-len(filepath.Ext(ism))] + ".ismc"
}

// writeFileAtomic replaces path with b through a temporary file beside it.
func writeFileAtomic(path string, b []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// copyFile copies src to dst.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		_ = out.Close()
		return err
	}
	return out.Close()
}
