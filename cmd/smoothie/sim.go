package main

import "io"

// runSim is the `smoothie sim` subcommand (the ABR issue builds it).
func runSim(args []string, stdout, stderr io.Writer) int {
	return notImplemented("sim")(args, stdout, stderr)
}
