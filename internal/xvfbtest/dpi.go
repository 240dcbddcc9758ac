package xvfbtest

import (
	"fmt"
	"testing"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"
)

// SetDPI sets Xft.dpi in the X resources of display disp (the RESOURCE_MANAGER
// property of its root window, as xrdb does), which is where GLFW, and so ebiten,
// take the screen's scale factor from on X11: 192 makes a HiDPI screen of scale 2
// for the clients that connect afterwards.
func SetDPI(t testing.TB, disp string, dpi int) {
	t.Helper()
	c, err := xgb.NewConnDisplay(disp)
	if err != nil {
		t.Fatalf("connecting to X %s: %v", disp, err)
	}
	defer c.Close()
	const name = "RESOURCE_MANAGER"
	a, err := xproto.InternAtom(c, false, uint16(len(name)), name).Reply()
	if err != nil {
		t.Fatalf("X %s: atom %s: %v", disp, name, err)
	}
	res := fmt.Sprintf("Xft.dpi:\t%d\n", dpi)
	root := xproto.Setup(c).DefaultScreen(c).Root
	if err := xproto.ChangePropertyChecked(c, xproto.PropModeReplace, root, a.Atom, xproto.AtomString, 8,
		uint32(len(res)), []byte(res)).Check(); err != nil {
		t.Fatalf("X %s: setting %s: %v", disp, name, err)
	}
}
