package main

import (
	"fmt"
	"io"
	"strings"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// Exit codes, as docs/formats.md sets them.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

// command is one subcommand of the binary.
type command struct {
	name    string
	summary string
	run     func(args []string, stdout, stderr io.Writer) int
}

func commands() []command {
	return []command{
		{"play", "play a Smooth Streaming presentation (window, terminal or headless)", runPlay},
		{"serve", "run the test origin for every .ism under a directory", runServe},
		{"pack", "encode a bitrate ladder and package .ismv/.isma/.ism/.ismc", runPack},
		{"inspect", "inspect a client manifest or a fragment (file or URL)", runInspect},
		{"sim", "trace-driven ABR comparison with a QoE table", runSim},
		{"decrypt", "decrypt a protected .ismv/.isma, segment or fragment with its key", runDecrypt},
		{"load", "many virtual viewers against an origin or a cache, with the QoE each got", runLoad},
	}
}

// run is the whole program: it parses args, runs a subcommand and returns the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		usage(stdout)
		return exitOK
	case "-version", "--version", "version":
		fmt.Fprintf(stdout, "smoothie %s\n", version)
		return exitOK
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "smoothie: unknown command %q (see smoothie --help)\n", args[0])
	return exitUsage
}

func usage(w io.Writer) {
	var b strings.Builder
	b.WriteString("smoothie — a Microsoft Smooth Streaming player and toolkit\n\nUsage:\n  smoothie COMMAND [flags] [args]\n\nCommands:\n")
	for _, c := range commands() {
		fmt.Fprintf(&b, "  %-8s %s\n", c.name, c.summary)
	}
	b.WriteString("\nRun 'smoothie COMMAND --help' for a command's flags. 'smoothie --version' prints the version.\n")
	io.WriteString(w, b.String())
}
