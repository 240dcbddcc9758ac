package pack

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Protect re-packages an already packed presentation encrypted, without re-encoding,
// as a DRM packager does: the .ism, its .ismc and every file it names are written into
// outDir (which must not exist or be empty, unless force), the video and audio files
// encrypted with enc and the .ismc given its ProtectionHeader. Like Pack, outDir
// appears only when everything is written.
func Protect(ctx context.Context, ism, outDir string, enc *Encryption, force bool) (*Result, error) {
	if err := enc.fill(); err != nil {
		return nil, err
	}
	if filepath.Ext(ism) != ".ism" {
		return nil, fmt.Errorf("input %s: want a server manifest (.ism)", ism)
	}
	if err := checkOutDir(outDir, force); err != nil {
		return nil, err
	}
	sm, err := readServerManifest(ism)
	if err != nil {
		return nil, err
	}
	srcDir, base := filepath.Dir(ism), filepath.Base(ism)
	cm := clientManifestName(sm, base)
	files := []string{base, cm}
	res := &Result{Dir: outDir, ServerManifest: base, Manifest: cm}
	seen := map[string]bool{}
	for _, tr := range sm.Tracks {
		if seen[tr.Src] {
			continue
		}
		seen[tr.Src] = true
		if tr.Src == "" || strings.ContainsAny(tr.Src, `/\`) || strings.HasPrefix(tr.Src, ".") {
			return nil, fmt.Errorf("%s: track file %q: want a file beside the manifest", ism, tr.Src)
		}
		files = append(files, tr.Src)
		res.Files = append(res.Files, tr.Src)
	}
	tmp, err := tempDirBeside(outDir)
	if err != nil {
		return nil, err
	}
	done := false
	defer func() {
		if !done {
			_ = os.RemoveAll(tmp)
		}
	}()
	for _, f := range files {
		if err := copyFile(filepath.Join(srcDir, f), filepath.Join(tmp, f)); err != nil {
			return nil, err
		}
	}
	if err := protectDir(ctx, tmp, base, enc); err != nil {
		return nil, err
	}
	if err := replaceDir(tmp, outDir, force); err != nil {
		return nil, err
	}
	done = true
	return res, nil
}
