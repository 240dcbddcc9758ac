package term

import (
	"os"
	"strings"
	"testing"
)

func TestSizeOfANonTerminal(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "notatty")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, _, err := Size(f); err == nil || !strings.Contains(err.Error(), "terminal size of "+f.Name()) {
		t.Fatalf("Size of a file: %v", err)
	}
	if a := CellAspect(f); a != DefaultCellAspect {
		t.Fatalf("CellAspect of a file = %v", a)
	}
}
