package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/smoothie-player/smoothie/drm"
)

const decryptSynopsis = `decrypt --key KID:KEY [flags] IN OUT

Decrypts a protected fragmented MP4 — an .ismv/.isma, an init segment followed by
its media segment in one file, or with --init a segment or a single fragment — in
the 'cenc', 'cbcs' or PIFF 1.1 scheme, and writes it clear to OUT (with --init, the
segment only). Each track's key is chosen by its KID.`

// runDecrypt is the `smoothie decrypt` subcommand.
func runDecrypt(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("decrypt", decryptSynopsis, stderr)
	var keySpecs []string
	fs.Func("key", "content key `KID:KEY` (32 hex digits each); repeatable", func(s string) error {
		keySpecs = append(keySpecs, s)
		return nil
	})
	keyFile := fs.String("key-file", "", "content keys from `FILE` (keys.json as pack writes it)")
	initFile := fs.String("init", "", "the init segment (`FILE` with the moov) when IN is a segment or a fragment")
	usageErr := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "smoothie decrypt: "+format+" (see smoothie decrypt --help)\n", a...)
		return exitUsage
	}
	pos, code := parseArgs(fs, args, stdout)
	if code >= 0 {
		return code
	}
	if len(pos) != 2 {
		return usageErr("want IN OUT, got %d arguments", len(pos))
	}
	var keys drm.Keys
	for i, s := range keySpecs {
		k, err := drm.ParseKey(s)
		if err != nil {
			return usageErr("--key #%d: %v", i+1, err)
		}
		keys = append(keys, k)
	}
	if *keyFile != "" {
		ks, err := drm.ReadKeyFile(*keyFile)
		if err != nil {
			return usageErr("--key-file: %v", err)
		}
		keys = append(keys, ks...)
	}
	if len(keys) == 0 {
		return usageErr("no key: give --key KID:KEY or --key-file FILE")
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "smoothie decrypt: %s\n", strings.ReplaceAll(err.Error(), "\n", " "))
		return exitFailure
	}
	var init []byte
	if *initFile != "" {
		b, err := drm.ReadMediaFile(*initFile)
		if err != nil {
			return fail(err)
		}
		init = b
	}
	n, err := drm.RewriteFile(pos[0], pos[1], func(r io.Reader, w io.Writer) error {
		return drm.DecryptStream(init, r, keys, w)
	})
	if err != nil {
		return fail(fmt.Errorf("%s: %w", pos[0], err))
	}
	fmt.Fprintf(stdout, "wrote %s (%d bytes, decrypted)\n", pos[1], n)
	return exitOK
}
