package player

import (
	"bytes"
	"testing"
	"time"
)

// TestRecorderKeepsLinesOnlyForUpload: the lines go to the stats file either way;
// they are kept for the playback log only when there is one to post, and then
// bounded by maxPendingLog with the oldest dropped.
func TestRecorderKeepsLinesOnlyForUpload(t *testing.T) {
	line := SeekEvent{From: 0, To: 10 * time.Second}
	var file bytes.Buffer
	r := newRecorder(&file, false)
	r.event(line)
	r.flush()
	if file.Len() == 0 {
		t.Fatal("no line in the stats file")
	}
	if p := r.take(); len(p) != 0 {
		t.Fatalf("kept %d lines with no playback log to post", len(p))
	}
	up := newRecorder(nil, true)
	n := 0
	for up.lost == 0 && n < 1e6 {
		up.event(line)
		n++
	}
	size := up.size
	p := up.take()
	if len(p) == 0 || len(p) >= n || size > maxPendingLog || up.lost == 0 {
		t.Fatalf("kept %d of %d lines (%d bytes, %d lost), want the newest under %d bytes", len(p), n, size, up.lost, maxPendingLog)
	}
}
