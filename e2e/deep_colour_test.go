package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/smoothie-player/smoothie/internal/xvfbtest"
)

// deepColourRows are pictures that are not 8-bit 4:2:0: the decoder converts them
// for the window and the terminal (read as 8-bit 4:2:0 they would be garbled).
var deepColourRows = []struct {
	name string
	pack []string
	pix  string // what ffprobe must find
}{
	{"hevc-main10", []string{"--codec", "hevc", "--profile", "main10"}, "yuv420p10le"},
	{"h264-422", []string{"--pix-fmt", "yuv422p"}, "yuv422p"},
	{"h264-444-10", []string{"--profile", "high444", "--pix-fmt", "yuv444p10le"}, "yuv444p10le"},
}

// TestDeepColourOnScreen: 10-bit, 4:2:2 and 4:4:4 presentations are shown with their
// colours: the synthetic source's bars are where they belong in a screenshot of
// the window (Xvfb), and in the cells the terminal video draws (tmux capture-pane),
// as for the 8-bit demo (TestPlayInAWindow).
func TestDeepColourOnScreen(t *testing.T) {
	root := t.TempDir()
	for _, row := range deepColourRows {
		dir := filepath.Join(root, row.name)
		args := append([]string{"pack", "--synthetic", "4s", "--ladder", "1280x720@2500k", "--preset", "ultrafast"}, append(row.pack, dir)...)
		if b, err := exec.Command(smoothie, args...).CombinedOutput(); err != nil {
			t.Fatalf("smoothie %s: %v\n%s", strings.Join(args, " "), err, b)
		}
		if _, _, pix := ffprobeStream(t, filepath.Join(dir, "demo_1280x720_2500k.ismv")); pix != row.pix {
			t.Fatalf("%s: pixel format %s, want %s", row.name, pix, row.pix)
		}
	}
	o := startServe(t, "--access-log", "", root)
	disp := xvfbtest.Start(t)
	for _, row := range deepColourRows {
		url := o.URL + "/" + row.name + "/demo.ism/Manifest"
		t.Run(row.name+"/window", func(t *testing.T) {
			done, out := playInWindow(t, disp, "--for", "4s", url)
			time.Sleep(2 * time.Second)
			ok, shot := windowBars(t, disp)
			if err := <-done; err != nil {
				t.Fatalf("smoothie play: %v\n%s", err, out.String())
			}
			if ok < 3 {
				keep := filepath.Join(os.TempDir(), "smoothie-"+row.name+"-shot.png")
				if b, err := os.ReadFile(shot); err == nil {
					os.WriteFile(keep, b, 0o644)
				}
				t.Errorf("only %d of 4 colour bars in the window; screenshot kept at %s", ok, keep)
			}
		})
		t.Run(row.name+"/terminal", func(t *testing.T) {
			sock := filepath.Join(t.TempDir(), "tmux.sock")
			tmux(t, sock, "new-session", "-d", "-s", "dc", "-x", "160", "-y", "50",
				fmt.Sprintf("%s play --video term --audio none --for 4s %s; sleep 30", smoothie, url))
			t.Cleanup(func() { exec.Command("tmux", "-S", sock, "kill-server").Run() })
			time.Sleep(2 * time.Second)
			var bars map[string]int
			seen := func() bool {
				for _, c := range []string{"red", "yellow", "blue", "cyan"} {
					if bars[c] < 10 {
						return false
					}
				}
				return true
			}
			for i := 0; i < 3 && !seen(); i++ { // three captures: the flash may be on one
				bars = cellColours(tmux(t, sock, "capture-pane", "-p", "-e", "-t", "dc"))
				time.Sleep(300 * time.Millisecond)
			}
			if !seen() {
				t.Errorf("cells by colour in the terminal picture %v, want ≥10 of each bar", bars)
			}
		})
	}
}

// cellColours counts the half-block cells of a `capture-pane -e` by the bar colour
// of their upper half (the foreground of ▀: 38;2;R;G;B).
func cellColours(capture string) map[string]int {
	n := map[string]int{}
	fg := regexp.MustCompile(`\x1b\[[0-9;]*?38;2;(\d+);(\d+);(\d+)[0-9;]*m`)
	var r, g, b uint8
	for i := 0; i < len(capture); {
		if m := fg.FindStringSubmatchIndex(capture[i:]); m != nil && m[0] == 0 {
			v := func(k int) uint8 { x, _ := strconv.Atoi(capture[i+m[2*k] : i+m[2*k+1]]); return uint8(x) }
			r, g, b = v(1), v(2), v(3)
			i += m[1]
			continue
		}
		if strings.HasPrefix(capture[i:], "\x1b[") { // another SGR
			if j := strings.IndexByte(capture[i:], 'm'); j > 0 {
				i += j + 1
				continue
			}
		}
		if strings.HasPrefix(capture[i:], "▀") {
			if c := barColour(r, g, b); c != "" {
				n[c]++
			}
			i += len("▀")
			continue
		}
		i++
	}
	return n
}
