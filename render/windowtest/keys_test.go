package windowtest

import (
	"fmt"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"
	"github.com/jezek/xgb/xtest"
)

// xkeys types keys into an X display through the XTEST extension, as a person at
// the keyboard would: the pointer is moved to (x, y) so that the window under it
// gets the keys (no window manager: focus follows the pointer).
type xkeys struct {
	c     *xgb.Conn
	root  xproto.Window
	codes map[xproto.Keysym]xproto.Keycode
}

func dialKeys(display string, x, y int16) (*xkeys, error) {
	c, err := xgb.NewConnDisplay(display)
	if err != nil {
		return nil, fmt.Errorf("connecting to X %s: %w", display, err)
	}
	if err := xtest.Init(c); err != nil {
		c.Close()
		return nil, fmt.Errorf("XTEST on %s: %w", display, err)
	}
	setup := xproto.Setup(c)
	k := &xkeys{c: c, root: setup.DefaultScreen(c).Root, codes: map[xproto.Keysym]xproto.Keycode{}}
	n := byte(setup.MaxKeycode - setup.MinKeycode + 1)
	m, err := xproto.GetKeyboardMapping(c, setup.MinKeycode, n).Reply()
	if err != nil {
		c.Close()
		return nil, fmt.Errorf("keyboard mapping: %w", err)
	}
	per := int(m.KeysymsPerKeycode)
	for i := 0; i < int(n); i++ {
		if per > 0 && m.Keysyms[i*per] != 0 {
			if _, ok := k.codes[m.Keysyms[i*per]]; !ok {
				k.codes[m.Keysyms[i*per]] = xproto.Keycode(int(setup.MinKeycode) + i)
			}
		}
	}
	xproto.SetInputFocus(c, xproto.InputFocusPointerRoot, xproto.InputFocusPointerRoot, xproto.TimeCurrentTime)
	xtest.FakeInput(c, xproto.MotionNotify, 0, 0, k.root, x, y, 0)
	c.Sync()
	return k, nil
}

// press types the key with the given keysym (X's names: 'q' is 0x71, Left 0xff51).
func (k *xkeys) press(sym xproto.Keysym) error {
	code, ok := k.codes[sym]
	if !ok {
		return fmt.Errorf("no keycode for keysym %#x", sym)
	}
	xtest.FakeInput(k.c, xproto.KeyPress, byte(code), 0, k.root, 0, 0, 0)
	xtest.FakeInput(k.c, xproto.KeyRelease, byte(code), 0, k.root, 0, 0, 0)
	k.c.Sync()
	return nil
}

func (k *xkeys) close() { k.c.Close() }
