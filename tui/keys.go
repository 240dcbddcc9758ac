package tui

import "github.com/charmbracelet/bubbles/key"

// keyMap is the panel's key bindings; it feeds the help bar and the full help.
type keyMap struct {
	Pause, SeekBack, SeekFwd    key.Binding
	Up, Down, Pin, Auto, Level  key.Binding
	Track, Mute, VolUp, VolDown key.Binding
	Log, Help, Quit             key.Binding
	// Panel hides and shows the panel over terminal video (enabled only then).
	Panel key.Binding
}

func defaultKeys() keyMap {
	return keyMap{
		Pause:    key.NewBinding(key.WithKeys(" "), key.WithHelp("space", "pause")),
		SeekBack: key.NewBinding(key.WithKeys("left"), key.WithHelp("←", "-10s")),
		SeekFwd:  key.NewBinding(key.WithKeys("right"), key.WithHelp("→", "+10s")),
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑", "up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓", "down")),
		Pin:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "pin")),
		Auto:     key.NewBinding(key.WithKeys("a", "0"), key.WithHelp("a", "auto")),
		Level:    key.NewBinding(key.WithKeys("1", "2", "3", "4", "5", "6", "7", "8", "9"), key.WithHelp("1-9", "pin level")),
		Track:    key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "audio track")),
		Mute:     key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "mute")),
		VolUp:    key.NewBinding(key.WithKeys("+", "="), key.WithHelp("+", "vol")),
		VolDown:  key.NewBinding(key.WithKeys("-"), key.WithHelp("-", "vol")),
		Log:      key.NewBinding(key.WithKeys("l", "tab"), key.WithHelp("l", "log")),
		Help:     key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:     key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
		Panel:    key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "panel")),
	}
}

// ShortHelp is the help bar.
func (k keyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Pause, k.SeekBack, k.SeekFwd, k.Up, k.Down, k.Pin, k.Level, k.Auto, k.Track, k.Mute, k.VolUp, k.VolDown, k.Log, k.Panel, k.Help, k.Quit}
}

// FullHelp is the ? screen.
func (k keyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Pause, k.SeekBack, k.SeekFwd},
		{k.Up, k.Down, k.Pin, k.Level, k.Auto},
		{k.Track, k.Mute, k.VolUp, k.VolDown},
		{k.Log, k.Panel, k.Help, k.Quit},
	}
}
