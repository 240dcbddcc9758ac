package ttml

import (
	"fmt"
	"image/color"
	"strconv"
	"strings"
)

// styleSet is a set of specified tts properties, by local name.
type styleSet map[string]string

// merge returns base with over's properties on top (neither is modified).
func merge(base, over styleSet) styleSet {
	out := make(styleSet, len(base)+len(over))
	for k, v := range base {
		out[k] = v
	}
	for k, v := range over {
		out[k] = v
	}
	return out
}

// inlineStyle is the element's own tts:* attributes.
func inlineStyle(n *node) styleSet {
	var s styleSet
	for _, a := range n.attrs {
		if styleNS(a.Name.Space) {
			if s == nil {
				s = styleSet{}
			}
			s[a.Name.Local] = strings.TrimSpace(a.Value)
		}
	}
	return s
}

var namedColors = map[string]color.RGBA{
	"transparent": {0, 0, 0, 0},
	"black":       {0, 0, 0, 255},
	"silver":      {192, 192, 192, 255},
	"gray":        {128, 128, 128, 255},
	"grey":        {128, 128, 128, 255},
	"white":       {255, 255, 255, 255},
	"maroon":      {128, 0, 0, 255},
	"red":         {255, 0, 0, 255},
	"purple":      {128, 0, 128, 255},
	"fuchsia":     {255, 0, 255, 255},
	"magenta":     {255, 0, 255, 255},
	"green":       {0, 128, 0, 255},
	"lime":        {0, 255, 0, 255},
	"olive":       {128, 128, 0, 255},
	"yellow":      {255, 255, 0, 255},
	"navy":        {0, 0, 128, 255},
	"blue":        {0, 0, 255, 255},
	"teal":        {0, 128, 128, 255},
	"aqua":        {0, 255, 255, 255},
	"cyan":        {0, 255, 255, 255},
}

// premultiply turns straight RGBA components into a color.RGBA.
func premultiply(r, g, b, a uint8) color.RGBA {
	m := func(c uint8) uint8 { return uint8((uint32(c)*uint32(a) + 127) / 255) }
	return color.RGBA{m(r), m(g), m(b), a}
}

// straight undoes premultiply (to write #rrggbbaa).
func straight(c color.RGBA) (r, g, b, a uint8) {
	if c.A == 0 {
		return 0, 0, 0, 0
	}
	u := func(v uint8) uint8 {
		x := (uint32(v)*255 + uint32(c.A)/2) / uint32(c.A)
		if x > 255 {
			x = 255
		}
		return uint8(x)
	}
	return u(c.R), u(c.G), u(c.B), c.A
}

// parseColor reads #rrggbb, #rrggbbaa, rgb(r,g,b), rgba(r,g,b,a) or a TTML named
// colour.
func parseColor(s string) (color.RGBA, error) {
	s = strings.TrimSpace(s)
	if c, ok := namedColors[strings.ToLower(s)]; ok {
		return c, nil
	}
	if strings.HasPrefix(s, "#") && (len(s) == 7 || len(s) == 9) {
		v, err := strconv.ParseUint(s[1:], 16, 32)
		if err == nil {
			if len(s) == 7 {
				return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 255}, nil
			}
			return premultiply(uint8(v>>24), uint8(v>>16), uint8(v>>8), uint8(v)), nil
		}
	}
	low := strings.ToLower(s)
	for _, fn := range []string{"rgba(", "rgb("} {
		if strings.HasPrefix(low, fn) && strings.HasSuffix(low, ")") {
			parts := strings.Split(low[len(fn):len(low)-1], ",")
			if len(parts) != len(fn)-1 {
				break
			}
			var v [4]uint8
			v[3] = 255
			for i, p := range parts {
				n, err := strconv.ParseUint(strings.TrimSpace(p), 10, 8)
				if err != nil {
					return color.RGBA{}, fmt.Errorf("colour %q: component %q not 0–255", s, p)
				}
				v[i] = uint8(n)
			}
			return premultiply(v[0], v[1], v[2], v[3]), nil
		}
	}
	return color.RGBA{}, fmt.Errorf("colour %q: not #rrggbb[aa], rgb[a]() or a named colour", s)
}

// frame is what lengths are measured against: the root container in pixels and
// the cell grid.
type frame struct {
	w, h       float64
	cols, rows float64
	hasExtent  bool
}

// parseLengths reads a two-component length ("10% 80%", "192px 864px", "2c 13c")
// as fractions of the root container.
func (f frame) parseLengths(s string) (x, y float64, err error) {
	parts := strings.Fields(s)
	if len(parts) != 2 {
		return 0, 0, fmt.Errorf("%q: not two lengths", s)
	}
	var v [2]float64
	for i, p := range parts {
		full := f.w
		cells := f.cols
		if i == 1 {
			full, cells = f.h, f.rows
		}
		var num string
		var scale float64
		switch {
		case strings.HasSuffix(p, "%"):
			num, scale = p[:len(p)-1], 1.0/100
		case strings.HasSuffix(p, "px"):
			num, scale = p[:len(p)-2], 1/full
		case strings.HasSuffix(p, "c"):
			num, scale = p[:len(p)-1], 1/cells
		default:
			return 0, 0, fmt.Errorf("%q: length %q not in %%, px or c", s, p)
		}
		n, err := strconv.ParseFloat(num, 64)
		if err != nil || n != n || n > 1e9 || n < -1e9 {
			return 0, 0, fmt.Errorf("%q: length %q: not a number", s, p)
		}
		v[i] = n * scale
	}
	return v[0], v[1], nil
}

// readFrame reads tts:extent and ttp:cellResolution of the root element.
func readFrame(root *node) (frame, error) {
	f := frame{w: 1920, h: 1080, cols: 32, rows: 15}
	if ext, ok := inlineStyle(root)["extent"]; ok && ext != "auto" {
		p := strings.Fields(ext)
		if len(p) == 2 && strings.HasSuffix(p[0], "px") && strings.HasSuffix(p[1], "px") {
			w, err1 := strconv.ParseFloat(strings.TrimSuffix(p[0], "px"), 64)
			h, err2 := strconv.ParseFloat(strings.TrimSuffix(p[1], "px"), 64)
			if err1 == nil && err2 == nil && w >= 1 && h >= 1 && w < 1e6 && h < 1e6 {
				f.w, f.h, f.hasExtent = w, h, true
			}
		}
		if !f.hasExtent {
			return f, errAt(root.line, "tts:extent %q on <tt>: not two pixel lengths", ext)
		}
	}
	if cr, ok := root.param("cellResolution"); ok {
		p := strings.Fields(cr)
		var c, r uint64
		var err1, err2 error
		if len(p) == 2 {
			c, err1 = strconv.ParseUint(p[0], 10, 16)
			r, err2 = strconv.ParseUint(p[1], 10, 16)
		}
		if len(p) != 2 || err1 != nil || err2 != nil || c == 0 || r == 0 {
			return f, errAt(root.line, "ttp:cellResolution %q: not two positive integers", cr)
		}
		f.cols, f.rows = float64(c), float64(r)
	}
	return f, nil
}
