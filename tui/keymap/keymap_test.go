package keymap

import "testing"

// TestTable: every action has keys and help, once; no key is bound to two actions.
func TestTable(t *testing.T) {
	seen := map[Action]bool{}
	bound := map[string]Action{}
	for _, b := range Table {
		if b.Action == None || seen[b.Action] {
			t.Errorf("action %d: none or in the table twice", b.Action)
		}
		seen[b.Action] = true
		if len(b.Keys)+len(b.WindowKeys) == 0 || b.HelpKey == "" || b.Help == "" {
			t.Errorf("action %d: keys %q %q, help %q %q: want keys and help", b.Action, b.Keys, b.WindowKeys, b.HelpKey, b.Help)
		}
		if b.Column < 0 || b.Column > 3 {
			t.Errorf("action %d: full help column %d", b.Action, b.Column)
		}
		for _, k := range append(append([]string{}, b.Keys...), b.WindowKeys...) {
			if a, ok := bound[k]; ok {
				t.Errorf("%q is bound to actions %d and %d", k, a, b.Action)
			}
			bound[k] = b.Action
		}
	}
	for a := Pause; a <= Fullscreen; a++ {
		if !seen[a] || Of(a).Action != a {
			t.Errorf("action %d is not in the table", a)
		}
	}
}

// TestFree: the capitals of the chapter and text keys mean nothing (a key means
// one thing everywhere; shift is not a second meaning).
func TestFree(t *testing.T) {
	for _, k := range []string{"P", "N", "C"} {
		if a := Window(k); a != None {
			t.Errorf("%q is bound to action %d; it is kept free", k, a)
		}
	}
}

// TestKeys: the keys the brief of the map names, as the window routes them.
func TestKeys(t *testing.T) {
	for k, want := range map[string]Action{
		"space": Pause, "left": SeekBack, "right": SeekForward, "up": Up, "k": Up, "down": Down, "j": Down,
		"enter": Pin, "1": Level, "9": Level, "a": Auto, "0": Auto, "t": Track, "m": Mute, "+": VolumeUp,
		"=": VolumeUp, "-": VolumeDown, "s": Stats, "v": Stats, "l": Log, "tab": Log, "?": Help, "q": Quit,
		"esc": Quit, "f": Fullscreen, "p": PrevChapter, "n": NextChapter, "F5": None, "home": None, "x": None,
	} {
		if got := Window(k); got != want {
			t.Errorf("Window(%q) = %d, want %d", k, got, want)
		}
	}
	if e := Of(Quit).Entry(); e != "q quit" {
		t.Errorf("Quit's help entry %q", e)
	}
}
