package decode

import (
	"os"
	"testing"

	"github.com/asticode/go-astiav"
)

func TestMain(m *testing.M) {
	// The corrupt-data tests make FFmpeg complain on stderr by design.
	astiav.SetLogLevel(astiav.LogLevelFatal)
	os.Exit(m.Run())
}
