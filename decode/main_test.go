package decode

import (
	"os"
	"testing"
)

func TestMain(m *testing.M) {
	// The corrupt-data tests make FFmpeg complain by design: keep stderr quiet.
	RouteFFmpegLog(LogError, func(LogSeverity, string) {})
	os.Exit(m.Run())
}
