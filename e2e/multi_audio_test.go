package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// twoLanguages packs a synthetic presentation of d with two audio tracks made by
// ffmpeg, English (440 Hz) and French (880 Hz): `pack --audio FILE:LANG` twice.
func twoLanguages(t *testing.T, dir string, d time.Duration) string {
	t.Helper()
	var args []string
	for _, a := range []struct{ lang, freq string }{{"en", "440"}, {"fr", "880"}} {
		f := filepath.Join(dir, a.lang+".wav")
		if b, err := exec.Command("ffmpeg", "-v", "error", "-f", "lavfi", "-i",
			fmt.Sprintf("sine=frequency=%s:sample_rate=48000:duration=%.0f", a.freq, d.Seconds()), f).CombinedOutput(); err != nil {
			t.Fatalf("ffmpeg: %v\n%s", err, b)
		}
		args = append(args, "--audio", f+":"+a.lang)
	}
	out := filepath.Join(dir, "two")
	args = append([]string{"pack", "--synthetic", d.String(), "--fragment", "1s", "--ladder", "320x180@300k"}, append(args, out)...)
	if b, err := exec.Command(smoothie, args...).CombinedOutput(); err != nil {
		t.Fatalf("smoothie %s: %v\n%s", strings.Join(args, " "), err, b)
	}
	return out
}

// audioRequests counts the audio fragment requests of each stream in an access log.
func audioRequests(log []byte) map[string]int {
	n := map[string]int{}
	for _, m := range regexp.MustCompile(`Fragments\((audio_\w+)=`).FindAllSubmatch(log, -1) {
		n[string(m[1])]++
	}
	return n
}

// TestMultiAudio: a presentation packed with two languages plays in the language
// --audio-lang asks for (only its fragments are fetched, all its sound decoded),
// and the first otherwise.
func TestMultiAudio(t *testing.T) {
	root := t.TempDir()
	twoLanguages(t, root, 4*time.Second)
	for _, tc := range []struct{ lang, want, not string }{{"fr", "audio_fr", "audio_en"}, {"", "audio_en", "audio_fr"}} {
		logPath := filepath.Join(t.TempDir(), "access.log")
		o := startServe(t, "--access-log", logPath, root)
		var args []string
		if tc.lang != "" {
			args = []string{"--audio-lang", tc.lang}
		}
		code, out, sum := playHeadless(t, o.URL+"/two/demo.ism/Manifest", args...)
		logb, _ := os.ReadFile(logPath)
		got := audioRequests(logb)
		if code != 0 || got[tc.want] < 4 || got[tc.not] != 0 || sum.AudioDecoded < 0.95*4 {
			t.Errorf("--audio-lang %q: exit %d, audio requests %v (want %s only), %.2f s of sound\n%s", tc.lang, code, got, tc.want, sum.AudioDecoded, out)
		}
	}
}

// TestMultiAudioSwitchKey: t in the terminal UI switches to the other language: the
// origin sees the English fragments first, then the French ones, and the panel says
// the track it plays.
func TestMultiAudioSwitchKey(t *testing.T) {
	root := t.TempDir()
	twoLanguages(t, root, 8*time.Second)
	logPath := filepath.Join(root, "access.log")
	o := startServe(t, "--access-log", logPath, root)
	sock := filepath.Join(root, "tmux.sock")
	tmux(t, sock, "new-session", "-d", "-s", "ma", "-x", "120", "-y", "36",
		fmt.Sprintf("%s play --video none --buffer 2s %s/two/demo.ism/Manifest; echo EXIT=$?; sleep 30", smoothie, o.URL))
	t.Cleanup(func() { exec.Command("tmux", "-S", sock, "kill-server").Run() })
	screen := func() string { return tmux(t, sock, "capture-pane", "-p", "-t", "ma") }
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		for deadline := time.Now().Add(20 * time.Second); !ok(); time.Sleep(100 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("%s; screen:\n%s", what, screen())
			}
		}
	}
	waitFor("the panel never showed playing", func() bool { return strings.Contains(screen(), "playing") })
	time.Sleep(1500 * time.Millisecond)
	logb, _ := os.ReadFile(logPath)
	before := audioRequests(logb)
	tmux(t, sock, "send-keys", "-t", "ma", "t")
	waitFor("the panel never showed the French track", func() bool { return strings.Contains(screen(), "audio_fr") })
	waitFor("play never ended", func() bool { return strings.Contains(screen(), "EXIT=") })
	logb, _ = os.ReadFile(logPath)
	after := audioRequests(logb)
	// (one English request may slip in between reading the log and the key press)
	if before["audio_en"] == 0 || before["audio_fr"] != 0 || after["audio_fr"] < 3 || after["audio_en"] > before["audio_en"]+1 {
		t.Errorf("audio requests before t %v, at the end %v: want English, then French only", before, after)
	}
	if !strings.Contains(screen(), "EXIT=0") {
		t.Errorf("screen:\n%s", screen())
	}
}
