// Package keymap is the one table of the keys of `smoothie play`: what each key
// does, with its help text, for both places keys come from: the terminal panel
// (package tui builds its bindings, help bar and full help from Table) and the
// video window (render/window forwards key names, and cmd/smoothie routes them
// with Window). A key means one thing everywhere.
//
// Keys are named as render/window forwards them: special keys by name ("space",
// "left", "right", "up", "down", "enter", "tab", "esc", …) and other keys as the
// character they type ("q", "+", "9"). The terminal's names are bubbletea's, the
// same but " " for "space" (and "ctrl+c", which the window never sends).
//
// Where a surface lacks an action it does nothing with its key, so that the key
// stays harmless there rather than meaning something else:
//   - The window has no ladder cursor, ABR log or help screen: ↑/↓ (k/j), enter,
//     l/tab and ? do nothing in it unless the panel runs beside it, which then
//     answers them (cmd/smoothie forwards the window's keys to the panel).
//   - s/v is the stats: the window's overlay, in the window and in the panel
//     beside it; over terminal video, the panel itself (hidden or shown); with
//     neither the panel is the stats already and s/v do nothing in it.
//   - esc quits only the window (in a terminal a lone esc is too easily sent); f
//     is the window's fullscreen, toggled by the window itself.
//   - p and n jump between chapters; where the presentation has none, the panel
//     leaves them out of its help and they do nothing.
package keymap

import "slices"

// Action is what a key does.
type Action int

// The actions, in the help bar's order.
const (
	None        Action = iota
	Pause              // pause or resume
	SeekBack           // seek 10 s back
	SeekForward        // seek 10 s forward
	PrevChapter        // to the start of the chapter (or the one before)
	NextChapter        // to the next chapter
	Up                 // move the ladder selection up (or scroll the log)
	Down               // move the ladder selection down (or scroll the log)
	Pin                // pin the selected level
	Level              // pin the level typed, 1–9
	Auto               // automatic quality
	Track              // the next audio track
	Text               // the next text track (subtitles), then none
	Mute               // mute or unmute
	VolumeUp           // volume +10 %
	VolumeDown         // volume −10 %
	Log                // the ABR log: focus it (panel)
	Stats              // the stats overlay (window) or panel over terminal video
	Help               // the full help
	Quit               // quit
	Fullscreen         // the window's fullscreen (the window's own)
)

// Binding is one action's keys and help.
type Binding struct {
	Action Action
	// Keys mean Action in the panel and in the window.
	Keys []string
	// WindowKeys mean Action in the window only.
	WindowKeys []string
	// HelpKey and Help are the help bar's entry, e.g. "space" and "pause".
	HelpKey, Help string
	// AllKeys names the keys in the full help and the status lines when there is
	// more to say than HelpKey, e.g. "a/0" ("": HelpKey).
	AllKeys string
	// Column is the full help's column (0–3).
	Column int
}

// Table is every key of `smoothie play`, in the help bar's order.
var Table = []Binding{
	{Action: Pause, Keys: []string{"space"}, HelpKey: "space", Help: "pause", Column: 0},
	{Action: SeekBack, Keys: []string{"left"}, HelpKey: "←", Help: "-10s", Column: 0},
	{Action: SeekForward, Keys: []string{"right"}, HelpKey: "→", Help: "+10s", Column: 0},
	{Action: PrevChapter, Keys: []string{"p"}, HelpKey: "p", Help: "prev chapter", Column: 0},
	{Action: NextChapter, Keys: []string{"n"}, HelpKey: "n", Help: "next chapter", Column: 0},
	{Action: Up, Keys: []string{"up", "k"}, HelpKey: "↑", AllKeys: "↑/k", Help: "up", Column: 1},
	{Action: Down, Keys: []string{"down", "j"}, HelpKey: "↓", AllKeys: "↓/j", Help: "down", Column: 1},
	{Action: Pin, Keys: []string{"enter"}, HelpKey: "enter", Help: "pin", Column: 1},
	{Action: Level, Keys: []string{"1", "2", "3", "4", "5", "6", "7", "8", "9"}, HelpKey: "1-9", Help: "pin", Column: 1},
	{Action: Auto, Keys: []string{"a", "0"}, HelpKey: "a", AllKeys: "a/0", Help: "auto", Column: 1},
	{Action: Track, Keys: []string{"t"}, HelpKey: "t", Help: "audio", Column: 2},
	{Action: Text, Keys: []string{"c"}, HelpKey: "c", Help: "subs", Column: 2},
	{Action: Mute, Keys: []string{"m"}, HelpKey: "m", Help: "mute", Column: 2},
	{Action: VolumeUp, Keys: []string{"+", "="}, HelpKey: "+", AllKeys: "+/=", Help: "vol", Column: 2},
	{Action: VolumeDown, Keys: []string{"-"}, HelpKey: "-", Help: "vol", Column: 2},
	{Action: Log, Keys: []string{"l", "tab"}, HelpKey: "l", Help: "log", Column: 3},
	{Action: Stats, Keys: []string{"s", "v"}, HelpKey: "s", AllKeys: "s/v", Help: "panel", Column: 3},
	{Action: Help, Keys: []string{"?"}, HelpKey: "?", Help: "help", Column: 3},
	{Action: Quit, Keys: []string{"q", "ctrl+c"}, WindowKeys: []string{"esc"}, HelpKey: "q", Help: "quit", Column: 3},
	{Action: Fullscreen, WindowKeys: []string{"f"}, HelpKey: "f", Help: "fullscreen", Column: 3},
}

// Window is the action of a key pressed in the window (None for a key without one).
func Window(name string) Action {
	for _, b := range Table {
		if slices.Contains(b.Keys, name) || slices.Contains(b.WindowKeys, name) {
			return b.Action
		}
	}
	return None
}

// Of is the binding of an action.
func Of(a Action) Binding {
	for _, b := range Table {
		if b.Action == a {
			return b
		}
	}
	return Binding{}
}

// KeyNames names the keys for the full help: AllKeys, else HelpKey.
func (b Binding) KeyNames() string {
	if b.AllKeys != "" {
		return b.AllKeys
	}
	return b.HelpKey
}

// Entry is the full help's entry of an action: "s/v panel".
func (b Binding) Entry() string { return b.KeyNames() + " " + b.Help }
