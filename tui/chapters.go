package tui

import (
	"fmt"
	"strings"
	"time"

	"github.com/smoothie-player/smoothie/player"
)

// chapterBarWidth is how many cells the position line's chapter bar takes.
const chapterBarWidth = 24

// chapterBar is the position line's bar for a presentation with chapters: ◆ where
// each chapter starts, ● the playhead, ─ the rest; "" without chapters or a
// duration (live).
func chapterBar(ch []player.Chapter, pos, dur time.Duration, w int) string {
	if len(ch) == 0 || dur <= 0 || w < 2 {
		return ""
	}
	cell := func(at time.Duration) int { return min(max(int(int64(at)*int64(w)/int64(dur)), 0), w-1) }
	bar := []rune(strings.Repeat("─", w))
	for _, c := range ch {
		bar[cell(c.Start)] = '◆'
	}
	bar[cell(pos)] = '●'
	return "[" + string(bar) + "]"
}

// chapterAt names the chapter the playhead is in: "ch 2/5 Title", "" before the
// first or without chapters.
func chapterAt(ch []player.Chapter, pos time.Duration) string {
	for i := len(ch) - 1; i >= 0; i-- {
		if ch[i].Start <= pos {
			return strings.TrimSpace(fmt.Sprintf("ch %d/%d %s", i+1, len(ch), ch[i].Title))
		}
	}
	return ""
}
