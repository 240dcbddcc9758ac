package origin

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSkipped: an .ism that cannot be loaded is not served, and Skipped says why,
// by its path relative to Dir.
func TestSkipped(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{"empty.ism": "", "sub/nosrc.ism": `<smil xmlns="http://www.w3.org/2001/SMIL20/Language"><body><switch><video systemBitrate="1"/></switch></body></smil>`} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s, _ := startOrigin(t, dir, Config{})
	sk := s.Skipped()
	if len(s.Presentations()) != 0 || len(sk) != 2 {
		t.Fatalf("served %q, skipped %v", s.Presentations(), sk)
	}
	if err := sk["empty.ism"]; err == nil || !strings.Contains(err.Error(), "empty.ism") {
		t.Errorf("empty.ism: %v", err)
	}
	if err := sk["sub/nosrc.ism"]; err == nil || !strings.Contains(err.Error(), "without src") {
		t.Errorf("sub/nosrc.ism: %v", err)
	}
}
