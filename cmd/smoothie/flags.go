package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

// cmdFlags is a subcommand's flag set: errors are one line plus a pointer to --help,
// and --help prints the full usage on stdout.
type cmdFlags struct {
	*flag.FlagSet
	name, synopsis string
	hidden         map[string]bool
}

// hide leaves the named flags out of --help: test and diagnostic hooks that are
// documented in code, not offered to users.
func (c *cmdFlags) hide(names ...string) {
	if c.hidden == nil {
		c.hidden = map[string]bool{}
	}
	for _, n := range names {
		c.hidden[n] = true
	}
}

func newFlagSet(name, synopsis string, stderr io.Writer) *cmdFlags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(prefixWriter{w: stderr, prefix: "smoothie " + name + ": "})
	c := &cmdFlags{FlagSet: fs, name: name, synopsis: synopsis}
	fs.Usage = func() {} // a flag error is one line; --help prints the usage
	return c
}

// prefixWriter prefixes each write (the flag package writes one error per call).
type prefixWriter struct {
	w      io.Writer
	prefix string
}

func (p prefixWriter) Write(b []byte) (int, error) {
	if _, err := io.WriteString(p.w, p.prefix); err != nil {
		return 0, err
	}
	return p.w.Write(b)
}

func (c *cmdFlags) fullUsage(w io.Writer) {
	fmt.Fprintf(w, "Usage: smoothie %s\n\nFlags:\n", c.synopsis)
	var all strings.Builder
	c.SetOutput(&all)
	c.PrintDefaults()
	c.SetOutput(w)
	// PrintDefaults writes each flag as a line "  -name ..." and its indented usage.
	skip := false
	for _, l := range strings.SplitAfter(all.String(), "\n") {
		if name, ok := strings.CutPrefix(l, "  -"); ok {
			name, _, _ = strings.Cut(strings.TrimSpace(name), " ")
			skip = c.hidden[name]
		}
		if !skip {
			io.WriteString(w, l)
		}
	}
}

// parseArgs parses flags that may come before or after positional arguments
// (`inspect URL --json` as well as `inspect --json URL`). It returns the positional
// arguments, and an exit code ≥ 0 when the caller should stop (help or bad usage).
func parseArgs(c *cmdFlags, args []string, stdout io.Writer) ([]string, int) {
	var pos []string
	for {
		if err := c.Parse(args); err != nil {
			if err == flag.ErrHelp {
				c.fullUsage(stdout)
				return nil, exitOK
			}
			return nil, exitUsage
		}
		rest := c.Args()
		if len(rest) == 0 {
			return pos, -1
		}
		if rest[0] == "--" {
			return append(pos, rest[1:]...), -1
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}
