package main

import "io"

// runInspect is the `smoothie inspect` subcommand.
func runInspect(args []string, stdout, stderr io.Writer) int {
	return notImplemented("inspect")(args, stdout, stderr)
}
