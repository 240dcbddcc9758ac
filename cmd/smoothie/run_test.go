package main

import (
	"bytes"
	"strings"
	"testing"
)

func runCapture(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestRunDispatch(t *testing.T) {
	tests := []struct {
		args       []string
		code       int
		stdout     string
		stderrPart string
	}{
		{nil, exitUsage, "", "Usage:"},
		{[]string{"--help"}, exitOK, "Commands:", ""},
		{[]string{"--version"}, exitOK, "smoothie ", ""},
		{[]string{"bogus"}, exitUsage, "", `unknown command "bogus"`},
		{[]string{"inspect"}, exitUsage, "", "want exactly one"},
		{[]string{"inspect", "--help"}, exitOK, "Usage: smoothie inspect", ""},
		{[]string{"inspect", "--nope", "x"}, exitUsage, "", "flag provided but not defined"},
		{[]string{"inspect", "a", "b"}, exitUsage, "", "want exactly one"},
	}
	for _, tc := range tests {
		code, out, errs := runCapture(tc.args...)
		if code != tc.code || !strings.Contains(out, tc.stdout) || !strings.Contains(errs, tc.stderrPart) {
			t.Errorf("%v: code %d stdout %q stderr %q", tc.args, code, out, errs)
		}
	}
	// Every subcommand answers --help with exit 0.
	for _, c := range commands() {
		if code, out, _ := runCapture(c.name, "--help"); code != exitOK || out == "" {
			t.Errorf("%s --help: code %d, stdout %q", c.name, code, out)
		}
	}
}
