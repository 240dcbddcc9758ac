package main

import (
	"fmt"

	"github.com/smoothie-player/smoothie/drm"
	"github.com/smoothie-player/smoothie/origin/pack"
)

// encryptFlags are pack's protection flags. --key values are kept as given and read
// after parsing: the flag package would quote a refused value (a key) in its error.
type encryptFlags struct {
	encrypt bool
	keys    []string
	keyFile string
	laURL   string
	scheme  string
}

func addEncryptFlags(fs *cmdFlags) *encryptFlags {
	e := &encryptFlags{}
	fs.BoolVar(&e.encrypt, "encrypt", false, "encrypt the video and audio (CENC and PIFF boxes, a PlayReady header); with INPUT an .ism, re-package that presentation without re-encoding")
	fs.Func("key", "content key `KID:KEY` (32 hex digits each); repeatable: the first for video, a second for audio (default: a random key, written to OUTDIR/keys.json, mode 0600)", func(s string) error {
		e.keys = append(e.keys, s)
		return nil
	})
	fs.StringVar(&e.keyFile, "key-file", "", "content keys from `FILE` (keys.json as pack writes it)")
	fs.StringVar(&e.laURL, "la-url", pack.DefaultLAURL, "licence `URL` in the PlayReady header; a relative URL is resolved against the manifest's")
	fs.StringVar(&e.scheme, "scheme", drm.SchemeCENC, "encryption `scheme`: cenc (AES-CTR) or cbcs (AES-CBC, pattern 1:9)")
	return e
}

// build is the pack.Encryption the flags ask for, nil without --encrypt. set says
// which flags were given.
func (e *encryptFlags) build(set map[string]bool) (*pack.Encryption, error) {
	if !e.encrypt {
		for _, f := range []string{"key", "key-file", "la-url", "scheme"} {
			if set[f] {
				return nil, fmt.Errorf("--%s needs --encrypt", f)
			}
		}
		return nil, nil
	}
	enc := &pack.Encryption{Scheme: e.scheme, LAURL: e.laURL}
	if e.scheme != drm.SchemeCENC && e.scheme != drm.SchemeCBCS {
		return nil, fmt.Errorf("--scheme %q: want cenc or cbcs", e.scheme)
	}
	for i, s := range e.keys {
		k, err := drm.ParseKey(s)
		if err != nil {
			return nil, fmt.Errorf("--key #%d: %v", i+1, err)
		}
		enc.Keys = append(enc.Keys, k)
	}
	if e.keyFile != "" {
		ks, err := drm.ReadKeyFile(e.keyFile)
		if err != nil {
			return nil, fmt.Errorf("--key-file: %v", err)
		}
		enc.Keys = append(enc.Keys, ks...)
	}
	if len(enc.Keys) > 2 {
		return nil, fmt.Errorf("%d keys: give one (every track) or two (video, then audio)", len(enc.Keys))
	}
	return enc, nil
}
