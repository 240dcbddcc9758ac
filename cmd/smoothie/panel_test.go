package main

import (
	"bytes"
	"os"
	"testing"
)

func TestPanelWanted(t *testing.T) {
	if panelWanted(false, &bytes.Buffer{}) {
		t.Error("a panel on a stdout that is not a terminal")
	}
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if panelWanted(false, f) {
		t.Error("a panel on a stdout that is a regular file")
	}
	tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0)
	if err != nil {
		t.Skip("no terminal:", err)
	}
	defer tty.Close()
	if !panelWanted(false, tty) {
		t.Error("no panel on a terminal")
	}
	if panelWanted(true, tty) {
		t.Error("a panel with --headless")
	}
}
