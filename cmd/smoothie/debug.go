package main

import (
	"fmt"
	"io"

	"github.com/smoothie-player/smoothie/decode"
	"github.com/smoothie-player/smoothie/internal/debugserver"
)

// startDebug starts the --debug-addr listener of cmd (none when addr is empty),
// says where it is on stderr, and hands its Close to onClose.
func startDebug(addr, cmd string, stderr io.Writer, onClose func(func())) error {
	if addr == "" {
		return nil
	}
	debugserver.CHeap = decode.MallocStats
	s, err := debugserver.Start(addr)
	if err != nil {
		return fmt.Errorf("--debug-addr: %v", err)
	}
	fmt.Fprintf(stderr, "smoothie %s: debug on %s/debug/runtime\n", cmd, s.URL())
	onClose(func() { s.Close() })
	return nil
}
